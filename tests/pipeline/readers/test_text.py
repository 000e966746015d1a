"""Tests for pipeline.readers.text: encodings, titles, the Persian seed text."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from pipeline.readers import TextReader, read_document
from tests.pipeline.readers.helpers import CP1256_SAMPLE, PERSIAN_SAMPLE, PERSIAN_TEXT, write

# --------------------------------------------------------------------------- text files

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
    assert TextReader().read(path.read_bytes(), path).title == "نشست متخصصان بازگشته"


def test_long_first_line_title_is_trimmed_at_a_word(tmp_path: Path) -> None:
    path = write(tmp_path, "long.txt", "word " * 100)
    title = read_document(path).title
    assert len(title) <= 150
    assert title.endswith("word…")


def test_persian_seed_text_reads_intact() -> None:
    document = read_document(PERSIAN_TEXT)
    assert document.pages[0].text == PERSIAN_TEXT.read_text(encoding="utf-8").strip()


def test_text_title_passes_over_scraped_page_furniture(tmp_path):
    path = tmp_path / "scraped.fa.txt"
    path.write_text(
        "date 2025-10-23 پخش زنده\nامروز: -\nدومین نشست متخصصان بازگشته برگزار شد. متن خبر ادامه دارد.\n",
        encoding="utf-8",
    )
    assert read_document(path).title == "دومین نشست متخصصان بازگشته برگزار شد."
