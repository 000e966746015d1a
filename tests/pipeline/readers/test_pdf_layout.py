"""Tests for pipeline.readers.pdf_layout on hand-made glyphs: lines, columns, tables, marks."""

from __future__ import annotations

import pytest

from pipeline.readers.pdf_layout import Glyph, glyphs_from_chars, line_units, reading_order


def glyph(text: str, x0: float, top: float, width: float = 6.0, size: float = 10.0) -> Glyph:
    return Glyph(text, x0, x0 + width, top, top + size, size)


def word_glyphs(text: str, x0: float, top: float, width: float = 6.0) -> list[Glyph]:
    return [glyph(ch, x0 + index * width, top, width) for index, ch in enumerate(text)]


def texts(lines: list[list[Glyph]]) -> list[str]:
    return ["".join(line_units(line, 0.15)) for line in lines]


def test_a_word_in_another_font_stays_on_its_line() -> None:
    # The Latin word's box sits 4 points higher (its font's ascent), as Chromium prints it.
    glyphs = word_glyphs("abc ", 10, 100) + word_glyphs("XYZ", 34, 96) + word_glyphs(" def", 52, 100)
    glyphs += word_glyphs("next", 10, 115)
    assert texts(reading_order(glyphs, rtl_page=False)) == ["abc XYZ def", "next"]


def columns_page(left: list[str], right: list[str], gutter: float = 30.0) -> list[Glyph]:
    """Two columns of 20-glyph lines, 12 points apart, under a full-width title and over a footer."""
    glyphs = word_glyphs("T" * 45, 10, 50)
    for number, line in enumerate(left):
        glyphs += word_glyphs(line, 10, 70 + 12 * number)
    for number, line in enumerate(right):
        glyphs += word_glyphs(line, 10 + 120 + gutter, 70 + 12 * number)
    glyphs += word_glyphs("F" * 45, 10, 70 + 12 * max(len(left), len(right)) + 10)
    return glyphs


LEFT = ["a" * 20, "b" * 20, "c" * 20]
RIGHT = ["d" * 20, "e" * 20, "f" * 12]


@pytest.mark.parametrize(
    "rtl_page, order",
    [(False, ["T" * 45, *LEFT, *RIGHT, "F" * 45]), (True, ["T" * 45, *RIGHT, *LEFT, "F" * 45])],
)
def test_columns_read_in_the_page_direction(rtl_page: bool, order: list[str]) -> None:
    assert texts(reading_order(columns_page(LEFT, RIGHT), rtl_page)) == order


def test_a_table_is_read_row_by_row() -> None:
    cells = [["Name", "Wells"], ["North", "5"], ["South", "12"]]
    glyphs = [g for row, (name, wells) in enumerate(cells) for g in word_glyphs(name, 10, 70 + 12 * row)]
    glyphs += [g for row, (name, wells) in enumerate(cells) for g in word_glyphs(wells, 100, 70 + 12 * row)]
    assert texts(reading_order(glyphs, rtl_page=False)) == ["Name Wells", "North 5", "South 12"]


def test_marks_join_their_letter_and_drawn_zwnj_becomes_zwnj() -> None:
    chars = [
        {"text": "ا", "x0": 10.0, "x1": 14.0, "top": 100.0, "bottom": 110.0, "size": 10.0},
        {"text": " ", "x0": 14.0, "x1": 17.0, "top": 100.0, "bottom": 110.0, "size": 10.0},
        {"text": "ه", "x0": 14.0, "x1": 20.0, "top": 100.0, "bottom": 110.0, "size": 10.0},
        {"text": "\u064e", "x0": 21.0, "x1": 24.0, "top": 98.0, "bottom": 108.0, "size": 10.0},
        {"text": "ب", "x0": 20.0, "x1": 25.0, "top": 100.0, "bottom": 110.0, "size": 10.0},
    ]
    glyphs = glyphs_from_chars(chars)
    assert [g.text for g in glyphs] == ["ا", "\u200c", "ه", "ب\u064e"]
    assert line_units(reading_order(glyphs, rtl_page=True)[0], 0.15) == ["ا", "\u200c", "ه", "ب\u064e"]


def test_pages_without_text_give_no_lines() -> None:
    assert reading_order([], rtl_page=False) == []
    assert reading_order([glyph(" ", 10, 10)], rtl_page=False) == []


def test_two_wide_spaces_one_above_the_other_are_no_gutter() -> None:
    lines = [("a" * 20, "b" * 20), ("c" * 20, "d" * 20)]
    glyphs = [g for row, (left, _) in enumerate(lines) for g in word_glyphs(left, 10, 70 + 12 * row)]
    glyphs += [g for row, (_, right) in enumerate(lines) for g in word_glyphs(right, 140, 70 + 12 * row)]
    assert texts(reading_order(glyphs, rtl_page=False)) == ["a" * 20 + " " + "b" * 20, "c" * 20 + " " + "d" * 20]
