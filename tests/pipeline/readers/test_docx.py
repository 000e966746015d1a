"""Word documents: paragraphs and tables in order, the first heading as title, author and date."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx

from pipeline.readers import read_document
from tests.pipeline.readers.helpers import assert_read_error, write


def make_docx(created: dt.datetime | None = dt.datetime(2024, 3, 12, 10, 15)) -> bytes:
    """A Persian report as Word saves one: a title heading, paragraphs, a table with a merged cell."""
    document = docx.Document()
    document.add_heading("گزارش نشست دیپلماسی علم", level=1)
    document.add_paragraph("تهران، سه‌شنبه ۲۸ آذر ۱۴۰۳")
    document.add_paragraph("نشست مشترک مرکز تحقیقات سیاست علمی کشور با موضوع دیپلماسی علم برگزار شد.")
    document.add_heading("Participants", level=2)
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "نام", "سمت"
    table.cell(1, 0).text, table.cell(1, 1).text = "دکتر باقری", "مدیر شبکه"
    table.cell(2, 0).merge(table.cell(2, 1)).text = "Guests from ANSO"
    document.add_paragraph("The meeting ended with a plan for a network of researchers abroad.")
    properties = document.core_properties
    properties.author = "Maryam Ahmadi"
    properties.title = "Internal title"
    if created is not None:
        properties.created = properties.modified = created
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_document_reads_in_order_with_its_heading_as_title(tmp_path: Path):
    document = read_document(write(tmp_path, "report.docx", make_docx()))
    assert document.kind == "docx"
    assert document.title == "گزارش نشست دیپلماسی علم"  # the first heading, before the core title
    assert document.author == "Maryam Ahmadi"
    assert (document.date, document.date_source) == ("2024-03-12", "metadata:docx")
    assert [page.number for page in document.pages] == [1]
    blocks = document.pages[0].text.split("\n\n")
    assert blocks == [
        "گزارش نشست دیپلماسی علم",
        "تهران، سه‌شنبه ۲۸ آذر ۱۴۰۳",
        "نشست مشترک مرکز تحقیقات سیاست علمی کشور با موضوع دیپلماسی علم برگزار شد.",
        "Participants",
        "نام | سمت\nدکتر باقری | مدیر شبکه\nGuests from ANSO",  # the merged cell once
        "The meeting ended with a plan for a network of researchers abroad.",
    ]


def test_an_implausible_core_date_gives_way_to_the_dateline(tmp_path: Path):
    data = make_docx(created=dt.datetime(2999, 1, 1))  # a wrong clock
    document = read_document(write(tmp_path, "report.docx", data))
    assert (document.date, document.date_source) == ("2024-12-18", "text:jalali")


def test_a_word_document_without_text_is_refused(tmp_path: Path):
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    assert_read_error(write(tmp_path, "empty.docx", buffer.getvalue()), "no text in Word document")
