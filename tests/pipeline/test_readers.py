"""Tests for pipeline.readers: PDFs (English and right-to-left Persian), text, Markdown, HTML, bad files."""

from __future__ import annotations

import codecs
import functools
import hashlib
import io
import os
import random
import re
import unicodedata
from pathlib import Path

import pytest
from bidi import get_display
from fpdf import FPDF
from pypdf import PdfReader as PypdfReader
from pypdf import PdfWriter

from pipeline import readers
from pipeline.readers import (
    SUPPORTED_EXTENSIONS,
    HtmlReader,
    MarkdownReader,
    PdfReader,
    TextReader,
    read_document,
    strip_page_furniture,
    to_logical_order,
)
from pipeline.types import Document, ReadError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PERSIAN_PDF = FIXTURES / "nrisp-science-diplomacy-meeting.fa.pdf"
PERSIAN_TEXT = FIXTURES / "nrisp-science-diplomacy-meeting.fa.txt"
STRATEGIC_PLAN_PDF = FIXTURES / "anso-strategic-plan-2020-2022-draft.en.pdf"
NEWSLETTER_PDF = FIXTURES / "anso-newsletter-25-dec-2024.en.pdf"
NEWSLETTER_TITLE = "Alliance of National and International"  # the first line; the PDF has no metadata title


# --------------------------------------------------------------------------- helpers


def make_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """An English PDF with one line of Helvetica per string, top to bottom, one list per page."""
    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=11)
    if title is not None:
        pdf.set_title(title)
    for lines in pages:
        pdf.add_page()
        for line_no, line in enumerate(lines):
            pdf.text(20, 20 + 8 * line_no, line)
    return bytes(pdf.output())


def write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


@functools.cache
def read_fixture(path: Path) -> Document:
    """A fixture document, read once per test session (PDFs take about a second)."""
    return read_document(path)


def words(text: str) -> set[str]:
    """Word set for comparing extractions; ZWNJ dropped as the corpus drops it."""
    return set(re.findall(r"\w+", unicodedata.normalize("NFKC", text).replace("\u200c", "")))


# --------------------------------------------------------------------------- dispatch


def test_supported_extensions() -> None:
    assert {".pdf", ".txt", ".md", ".markdown", ".html", ".htm"} == SUPPORTED_EXTENSIONS
    assert isinstance(SUPPORTED_EXTENSIONS, frozenset)


@pytest.mark.parametrize(
    "name, content, kind",
    [
        ("notes.txt", "hello world", "text"),
        ("notes.md", "# Hello\n\nworld", "markdown"),
        ("notes.markdown", "# Hello\n\nworld", "markdown"),
        ("page.html", "<p>hello world</p>", "html"),
        ("page.HTM", "<p>hello world</p>", "html"),
        ("report.PDF", make_pdf([["hello world"]]), "pdf"),
    ],
)
def test_read_document_picks_reader_by_extension(tmp_path: Path, name: str, content, kind: str) -> None:
    path = write(tmp_path, name, content)
    document = read_document(path)
    assert document.kind == kind
    assert document.path == path
    assert document.doc_id == hashlib.sha256(path.read_bytes()).hexdigest()
    assert document.lang == ""
    assert "hello" in document.text.lower()
    assert [page.number for page in document.pages][0] == 1


def test_read_document_accepts_a_string_path(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "some words")
    assert read_document(str(path)).pages[0].text == "some words"


# --------------------------------------------------------------------------- right-to-left PDF


@pytest.fixture(scope="module")
def persian_pdf_document():
    return read_document(PERSIAN_PDF)


def test_persian_pdf_comes_out_in_logical_order(persian_pdf_document) -> None:
    text = persian_pdf_document.text
    assert persian_pdf_document.kind == "pdf"
    assert [page.number for page in persian_pdf_document.pages] == [1]
    assert text.startswith("شبکه ملی سیاستپژوهی علم، فناوری و نوآوری")
    assert persian_pdf_document.title.startswith("شبکه ملی سیاستپژوهی")


@pytest.mark.parametrize(
    "expected",
    [
        "دکتر صنیع اجلال",  # the lam-alef ligature is kept in order
        "تلاش برای حذف",  # lam-alef again, another word
        "یکشنبه ۲۸ آذرماه",  # a digit run, not reversed to ۸۲
        "در سالن ihit (خانۀ نوآوری",  # a Latin word and a parenthesis inside a Persian line
        "«دیپلماسی علم، فناوری و نوآوری»",  # guillemets the right way round
    ],
)
def test_persian_pdf_phrases(persian_pdf_document, expected: str) -> None:
    assert expected in persian_pdf_document.text


def test_persian_pdf_has_no_reversed_ligatures(persian_pdf_document) -> None:
    assert "اجالل" not in persian_pdf_document.text
    assert "تالش" not in persian_pdf_document.text


def test_persian_pdf_words_match_the_plain_text_item(persian_pdf_document) -> None:
    assert words(persian_pdf_document.text) == words(PERSIAN_TEXT.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "logical",
    [
        "در سالن ihit برگزار شد",
        "سال ۱۴۰۲ و سال 2023 میلادی",
        "نشست (خانۀ نوآوری) در تهران",
        "The ANSO report says همکاری علمی twice",
    ],
)
def test_to_logical_order_undoes_visual_order(logical: str) -> None:
    rtl = sum(unicodedata.bidirectional(ch) == "AL" for ch in logical)
    ltr = sum(unicodedata.bidirectional(ch) == "L" for ch in logical)
    visual = get_display(logical, base_dir="R" if rtl >= ltr else "L")
    assert visual != logical
    assert to_logical_order(visual) == logical


@pytest.mark.parametrize("line", ["Page 3 of 10", "ANSO Strategic Plan 2020-2022", "", "12345"])
def test_to_logical_order_leaves_left_to_right_lines_alone(line: str) -> None:
    assert to_logical_order(line) == line


# --------------------------------------------------------------------------- English PDFs


@pytest.mark.parametrize(
    "path, page_count, title, page_number, phrase",
    [
        (STRATEGIC_PLAN_PDF, 11, "Draft of ANSO Strategic Plan 2020-2022", 1, "(Version 0.2)"),
        (
            STRATEGIC_PLAN_PDF,
            11,
            "Draft of ANSO Strategic Plan 2020-2022",
            2,
            "the “Alliance of International Science Organization”",
        ),
        (NEWSLETTER_PDF, 7, NEWSLETTER_TITLE, 1, "the 9th ANSO Governing Board (GB)"),
        (NEWSLETTER_PDF, 7, NEWSLETTER_TITLE, 3, "Strengthening Partnerships in Serbia"),
    ],
)
def test_english_pdf_pages(path: Path, page_count: int, title: str, page_number: int, phrase: str) -> None:
    document = read_fixture(path)
    assert len(document.pages) == page_count
    assert [page.number for page in document.pages] == list(range(1, page_count + 1))
    assert document.title == title
    assert phrase in document.pages[page_number - 1].text
    assert all(phrase not in page.text for page in document.pages if page.number != page_number)


@pytest.mark.parametrize("path", [STRATEGIC_PLAN_PDF, NEWSLETTER_PDF])
def test_english_pdf_words_match_earlier_extraction(path: Path) -> None:
    reference = (FIXTURES / path.name.replace(".pdf", ".extracted.md")).read_text(encoding="utf-8")
    reference = re.sub(r"</?sup>", "", reference)  # "9<sup>th</sup>" is "9th" in the PDF's text
    assert words(read_fixture(path).text) == words(reference)


def test_words_placed_without_spaces_are_not_glued(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    x = 20.0
    for word in ["Science", "diplomacy", "connects", "research", "institutes"]:
        pdf.text(x, 30, word)  # no space characters, just a word-sized gap of about 2.2 pt
        x += pdf.get_string_width(word) + 2.2 * 25.4 / 72
    path = write(tmp_path, "spaced.pdf", bytes(pdf.output()))
    assert read_document(path).pages[0].text == "Science diplomacy connects research institutes"


@pytest.mark.parametrize(
    "metadata_title, expected",
    [
        ("Kavosh quarterly report", "Kavosh quarterly report"),
        ("Microsoft Word - Annual report 2023.docx", "Annual report 2023"),
        ("untitled", "First Heading Line"),
        ("   ", "First Heading Line"),
        ("Document1", "First Heading Line"),
        (None, "First Heading Line"),
    ],
)
def test_pdf_title(tmp_path: Path, metadata_title: str | None, expected: str) -> None:
    pdf = make_pdf([["2024", "First Heading Line", "body text"]], metadata_title)
    path = write(tmp_path, "report.pdf", pdf)
    assert read_document(path).title == expected


def test_pdf_title_falls_back_to_file_stem(tmp_path: Path) -> None:
    path = write(tmp_path, "numbers-only.pdf", make_pdf([["2024", "12.5"]]))
    assert read_document(path).title == "numbers-only"


def test_pdf_pages_without_text_are_kept_empty(tmp_path: Path) -> None:
    path = write(tmp_path, "gap.pdf", make_pdf([["first page"], [], ["third page"]]))
    document = read_document(path)
    pages = [(page.number, page.text) for page in document.pages]
    assert pages == [(1, "first page"), (2, ""), (3, "third page")]


def test_owner_password_only_pdf_is_readable(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PypdfReader(io.BytesIO(make_pdf([["open to read"]]))))
    writer.encrypt(user_password="", owner_password="owner-secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    path = write(tmp_path, "restricted.pdf", buffer.getvalue())
    assert read_document(path).pages[0].text == "open to read"


# --------------------------------------------------------------------------- page furniture


def furniture_pdf_pages(page_count: int) -> list[list[str]]:
    return [
        [
            "Kavosh Quarterly Review",
            f"Page {number} of {page_count}",
            *BODY_LINES[number],
            "Confidential draft - not for circulation",
            f"- {number} -",
        ]
        for number in range(1, page_count + 1)
    ]


BODY_LINES = {
    1: ["Science diplomacy opens doors.", "Researchers met in Tehran in 2023."],
    2: ["Joint laboratories were proposed.", "Funding comes from 3 agencies."],
    3: ["The newsletter reports progress.", "Fellowships grew by 12 percent."],
    4: ["Next steps are planned for spring.", "Contact the secretariat for details."],
}


def test_running_headers_footers_and_page_numbers_are_dropped(tmp_path: Path) -> None:
    path = write(tmp_path, "review.pdf", make_pdf(furniture_pdf_pages(4)))
    document = read_document(path)
    assert [page.text.split("\n") for page in document.pages] == [BODY_LINES[n] for n in range(1, 5)]
    assert document.title == "Science diplomacy opens doors."


def test_furniture_is_kept_in_short_documents(tmp_path: Path) -> None:
    path = write(tmp_path, "short.pdf", make_pdf(furniture_pdf_pages(2)))
    document = read_document(path)
    assert document.pages[0].text.split("\n")[0] == "Kavosh Quarterly Review"
    assert document.pages[1].text.split("\n")[-1] == "- 2 -"


def test_furniture_removal_can_be_turned_off(tmp_path: Path) -> None:
    path = write(tmp_path, "review.pdf", make_pdf(furniture_pdf_pages(4)))
    document = PdfReader(strip_furniture=False).read(path)
    assert document.pages[2].text.startswith("Kavosh Quarterly Review\nPage 3 of 4\n")


@pytest.mark.parametrize(
    "pages, expected",
    [
        # Persian running footer with Persian digits, and the first page lacking the header.
        (
            [
                "متن اول\nصفحه ۱ از ۳",
                "گزارش سالانه\nمتن دوم\nصفحه ۲ از ۳",
                "گزارش سالانه\nمتن سوم\nصفحه ۳ از ۳",
            ],
            ["متن اول", "متن دوم", "متن سوم"],
        ),
        # Bare page numbers, arabic and roman, at top or bottom.
        (["iii\nalpha", "beta\n4", "gamma\n5"], ["alpha", "beta", "gamma"]),
        # A repeated line in the middle of a page is content, not furniture.
        (
            ["intro\nSee the table below.\nend one", "start\nSee the table below.\nend two", "p\nq\nr"],
            ["intro\nSee the table below.\nend one", "start\nSee the table below.\nend two", "p\nq\nr"],
        ),
        # Two pages: too little evidence, nothing removed.
        (["Header\nbody one\n1", "Header\nbody two\n2"], ["Header\nbody one\n1", "Header\nbody two\n2"]),
    ],
)
def test_strip_page_furniture(pages: list[str], expected: list[str]) -> None:
    assert strip_page_furniture(pages) == expected


# --------------------------------------------------------------------------- text files

PERSIAN_SAMPLE = "گزارش نشست دیپلماسی علم\r\nدر روز یکشنبه 28 آذرماه برگزار شد.\r\n"
# Windows-1256 has no Persian yeh (U+06CC) and no Persian digits; files in it use the Arabic yeh (U+064A).
CP1256_SAMPLE = PERSIAN_SAMPLE.replace("ی", "ي")
FRENCH_SAMPLE = "Café au lait, naïve résumé.\rLes élèves étudient à l’école."


@pytest.mark.parametrize(
    "encoded, expected",
    [
        (PERSIAN_SAMPLE.encode("utf-8"), PERSIAN_SAMPLE),
        (codecs.BOM_UTF8 + PERSIAN_SAMPLE.encode("utf-8"), PERSIAN_SAMPLE),
        (codecs.BOM_UTF16_LE + PERSIAN_SAMPLE.encode("utf-16-le"), PERSIAN_SAMPLE),
        (codecs.BOM_UTF16_BE + PERSIAN_SAMPLE.encode("utf-16-be"), PERSIAN_SAMPLE),
        (CP1256_SAMPLE.encode("cp1256"), CP1256_SAMPLE),
        (FRENCH_SAMPLE.encode("cp1252"), FRENCH_SAMPLE),
        ("سلام دنیا، ".encode() + b"\xff" + "خبر خوب".encode(), "سلام دنیا، \ufffdخبر خوب"),
    ],
    ids=["utf-8", "utf-8-sig", "utf-16-le-bom", "utf-16-be-bom", "cp1256", "cp1252", "utf-8-stray-byte"],
)
def test_text_encodings(tmp_path: Path, encoded: bytes, expected: str) -> None:
    document = read_document(write(tmp_path, "item.txt", encoded))
    expected_text = expected.replace("\r\n", "\n").replace("\r", "\n").strip()
    assert document.kind == "text"
    assert document.pages[0].text == expected_text
    assert document.title == expected_text.split("\n")[0]


def test_text_title_skips_lines_without_letters(tmp_path: Path) -> None:
    path = write(tmp_path, "item.txt", "\n\n2024-10-23\n---\nنشست متخصصان بازگشته\n\nمتن خبر")
    assert TextReader().read(path).title == "نشست متخصصان بازگشته"


def test_long_first_line_title_is_trimmed_at_a_word(tmp_path: Path) -> None:
    path = write(tmp_path, "long.txt", "word " * 100)
    title = read_document(path).title
    assert len(title) <= 150
    assert title.endswith("word…")


def test_persian_seed_text_reads_intact() -> None:
    document = read_document(PERSIAN_TEXT)
    assert document.pages[0].text == PERSIAN_TEXT.read_text(encoding="utf-8").strip()


# --------------------------------------------------------------------------- Markdown

MARKDOWN_SAMPLE = """\
Intro line before the heading.

# Science **Diplomacy** Meeting

A *short* report with a [link](https://example.org) and `code`, plus snake_case_names.

## دیپلماسی علم

> quoted line

```python
print("# not a heading")
```

| col | col2 |
|-----|------|
| a   | b    |

![a chart](chart.png)

---
[ref]: https://example.org
"""


def test_markdown_title_and_text(tmp_path: Path) -> None:
    document = MarkdownReader().read(write(tmp_path, "meeting.md", MARKDOWN_SAMPLE))
    text = document.pages[0].text
    assert document.title == "Science Diplomacy Meeting"
    assert document.kind == "markdown"
    for expected in [
        "Intro line before the heading.",
        "\nScience Diplomacy Meeting\n",
        "A short report with a link and code, plus snake_case_names.",
        "\nدیپلماسی علم\n",
        "\nquoted line\n",
        'print("# not a heading")',
        "a chart",
    ]:
        assert expected in text
    for gone in ["**", "](", "```", "|-----|", "https://example.org", "\n---"]:
        assert gone not in text


@pytest.mark.parametrize(
    "source, title",
    [
        ("---\ntitle: 'From front matter'\n---\n# Heading\ntext", "From front matter"),
        ("Setext Title\n============\n\ntext", "Setext Title"),
        ("## Only a second-level heading\ntext", "Only a second-level heading"),
        ("### گزارش نشست ###\nمتن", "گزارش نشست"),
        ("plain first line\nmore", "plain first line"),
    ],
)
def test_markdown_titles(tmp_path: Path, source: str, title: str) -> None:
    document = read_document(write(tmp_path, "doc.md", source))
    assert document.title == title
    assert "---" not in document.pages[0].text
    assert "title:" not in document.pages[0].text


# --------------------------------------------------------------------------- HTML

HTML_SAMPLE = """\
<!DOCTYPE html>
<html lang="fa"><head>
<meta charset="utf-8">
<title>نشست دیپلماسی علم &amp; فناوری</title>
<style>body { color: red }</style>
<script>var menu = "do not index";</script>
</head>
<body>
<nav><a href="/">Home</a> <a href="/news">News menu</a></nav>
<header><h1>Science &amp; Technology <em>Diplomacy</em></h1></header>
<p>First&nbsp;paragraph with   extra
   spaces and همکاری&zwnj;های علمی.</p>
<div>Second block<br>new line</div>
<ul><li>one</li><li>two</li></ul>
<table><tr><td>cell a</td><td>cell b</td></tr></table>
<p hidden>hidden text</p>
<div style="display: none">invisible text</div>
<aside>Related links sidebar</aside>
<footer>Copyright footer</footer>
</body></html>
"""


def test_html_text_and_title(tmp_path: Path) -> None:
    document = HtmlReader().read(write(tmp_path, "page.html", HTML_SAMPLE))
    lines = document.pages[0].text.split("\n")
    assert document.title == "نشست دیپلماسی علم & فناوری"
    assert document.kind == "html"
    assert "Science & Technology Diplomacy" in lines
    assert "First paragraph with extra spaces and همکاری\u200cهای علمی." in lines  # ZWNJ kept
    assert lines[lines.index("Second block") + 1] == "new line"
    assert {"one", "two", "cell a cell b"} <= set(lines)
    dropped = ["color: red", "do not index", "News menu", "hidden text", "invisible", "sidebar", "Copyright"]
    assert not [text for text in dropped if text in document.text]
    assert "\n\n\n" not in document.text


def test_html_title_falls_back_to_first_h1(tmp_path: Path) -> None:
    html = "<html><body><h1>Main <b>headline</b></h1><h1>Other</h1><p>x</p></body>"
    path = write(tmp_path, "page.htm", html)
    assert read_document(path).title == "Main headline"


def test_html_unclosed_title_does_not_swallow_the_page(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "broken.html", "<title>Broken page<body><p>Body text</p>"))
    assert document.title == "Broken page"
    assert document.pages[0].text == "Body text"


def test_html_meta_charset_windows_1256(tmp_path: Path) -> None:
    body = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1256'>"
    body += f"<title>{CP1256_SAMPLE.splitlines()[0]}</title></head><body><p>{CP1256_SAMPLE}</p></body></html>"
    document = read_document(write(tmp_path, "old.html", body.encode("cp1256")))
    assert document.title == CP1256_SAMPLE.splitlines()[0]
    assert "در روز يکشنبه 28 آذرماه" in document.text


# --------------------------------------------------------------------------- bad input


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PypdfReader(io.BytesIO(make_pdf([["secret text"]]))))
    writer.encrypt(user_password="user-secret", owner_password="owner-secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_only_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a drawing, no text objects
    return bytes(pdf.output())


REAL_PDF = NEWSLETTER_PDF.read_bytes()


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("empty.pdf", b"", "empty file"),
        ("blank.md", b"  \n\t\r\n ", "empty file"),
        ("blank16.txt", codecs.BOM_UTF16_LE + " \n ".encode("utf-16-le"), "empty file"),
        ("encrypted.pdf", encrypted_pdf(), "encrypted PDF (password required)"),
        ("random.pdf", random.Random(7).randbytes(4096), "corrupt"),
        ("garbage.pdf", b"%PDF-1.7\n" + random.Random(7).randbytes(4096) + b"\n%%EOF\n", "corrupt PDF"),
        ("truncated.pdf", REAL_PDF[: len(REAL_PDF) // 2], "truncated PDF"),
        ("scan.pdf", image_only_pdf(), "no text layer (scanned PDF?)"),
        ("binary.txt", bytes(range(256)) * 8, "binary data, not text"),
        ("controls.md", b"text\x01\x02\x03\x04\x05\x06\x07\x08" * 20, "binary data, not text"),
        ("pdf-named.txt", REAL_PDF, "binary data, not text"),
        ("bad-utf16.txt", codecs.BOM_UTF16_LE + b"a\x00\x00\xd8", "undecodable text"),
        ("markup-only.html", b"<html><head><script>x()</script></head><body><img src=a.png></body></html>",
         "no text content"),
        ("notes.docx", b"PK\x03\x04 not really a docx", "unsupported file type .docx"),
        ("README", b"plain words", "unsupported file type (no extension)"),
    ],
)  # fmt: skip
def test_bad_files_raise_read_error(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = write(tmp_path, name, content)
    with pytest.raises(ReadError) as error:
        read_document(path)
    assert str(path) in str(error.value)
    assert reason in error.value.reason
    assert error.value.path == str(path)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.pdf"
    with pytest.raises(ReadError, match="file not found") as error:
        read_document(path)
    assert str(path) in str(error.value)


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(ReadError, match="is a directory") as error:
        read_document(folder)
    assert str(folder) in str(error.value)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, "locked.txt", "secret")
    path.chmod(0)
    try:
        with pytest.raises(ReadError, match="permission denied") as error:
            read_document(path)
        assert str(path) in str(error.value)
    finally:
        path.chmod(0o600)


def test_permission_denied_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "locked.pdf", make_pdf([["text"]]))

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(ReadError, match="permission denied") as error:
        read_document(path)
    assert str(path) in str(error.value)


@pytest.mark.parametrize("reader", [TextReader(), MarkdownReader(), HtmlReader(), PdfReader()])
def test_readers_used_directly_also_raise_read_error(tmp_path: Path, reader) -> None:
    with pytest.raises(ReadError, match="file not found"):
        reader.read(tmp_path / "missing.file")


def test_unexpected_library_errors_become_read_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_open(*args, **kwargs):
        raise RuntimeError("internal pdfminer failure")

    monkeypatch.setattr(readers.pdfplumber, "open", broken_open)
    path = write(tmp_path, "fine.pdf", make_pdf([["text"]]))
    with pytest.raises(ReadError, match="corrupt PDF"):
        read_document(path)


def test_pdf_reader_checks_its_configuration() -> None:
    with pytest.raises(ValueError, match="x_tolerance_ratio"):
        PdfReader(x_tolerance_ratio=0)


def test_text_title_passes_over_scraped_page_furniture(tmp_path):
    path = tmp_path / "scraped.fa.txt"
    path.write_text("date 2025-10-23 پخش زنده\nامروز: -\nدومین نشست متخصصان بازگشته برگزار شد. متن خبر ادامه دارد.\n",
                    encoding="utf-8")
    assert read_document(path).title == "دومین نشست متخصصان بازگشته برگزار شد."
