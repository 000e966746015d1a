"""Hostile files fail or finish within their limits, with one clear line, in a worker (issue 8).

Each would have cost minutes or hundreds of MB before its fix: the worker's time limit below turns
such a runaway into a failed assertion rather than a hung test run.
"""

from __future__ import annotations

import pytest

from pipeline import normalize
from pipeline.limits import MB, Limits
from pipeline.types import ReadError
from pipeline.workers import ChunkerSpec, PrepareJob, PreparePool
from tests import hostile
from tests.fakes import word_counter

LIMITS = Limits(seconds_per_file=30)


@pytest.fixture(scope="module")
def pool():
    with PreparePool(ChunkerSpec(word_counter), LIMITS, workers=1) as pool:
        yield pool


def outcome(pool: PreparePool, name: str, data: bytes):
    """The PreparedDocument, or the ReadError the file failed with."""
    future = pool.submit(PrepareJob(name, data))
    return future.exception() or future.result()


def test_a_flate_bomb_fails_on_its_inflated_size_before_it_is_inflated(pool):
    bomb = hostile.flate_bomb_pdf()
    assert len(bomb) < 1100
    error = outcome(pool, "bomb.pdf", bomb)
    assert isinstance(error, ReadError)
    inflated_limit = LIMITS.max_stream_bytes // MB
    assert error.reason == f"a compressed stream inflates past {inflated_limit} MB (a decompression bomb?)"


def test_a_pdf_of_100000_pages_fails_on_the_page_limit(pool):
    error = outcome(pool, "long.pdf", hostile.many_pages_pdf(100_000))
    assert isinstance(error, ReadError)
    assert error.reason == "too many pages (at least 100,000; the limit is 2,000)"


def test_a_page_tree_that_understates_its_page_count_is_counted_by_walking_it(pool):
    lying = hostile.many_pages_pdf(2_500).replace(b"/Count 2500", b"/Count 3   ", 1)  # same length: offsets hold
    error = outcome(pool, "lying.pdf", lying)
    assert isinstance(error, ReadError) and error.reason == "too many pages (at least 2,001; the limit is 2,000)"


def test_a_pdf_within_the_limits_is_read(pool):
    prepared = outcome(pool, "short.pdf", hostile.many_pages_pdf(2))  # 3 equal pages would be all furniture
    assert [page.number for page in prepared.document.pages] == [1, 2]
    assert "very long report" in prepared.document.pages[0].text


def test_120_kb_of_unclosed_tags_is_an_html_file_without_text(pool):
    error = outcome(pool, "anchors.html", hostile.anchor_soup_html())
    assert isinstance(error, ReadError) and error.reason == "no text content in HTML file"


def test_an_unclosed_tag_hides_the_rest_of_the_page_as_a_browser_does(pool):
    prepared = outcome(pool, "cut.html", b"<p>Visible words here.</p><p>More <a href='x' " + b"<a " * 1000)
    lines = [line for line in prepared.document.pages[0].text.splitlines() if line.strip()]
    assert lines == ["Visible words here.", "More"]


@pytest.mark.parametrize("name, markdown", [
    ("links", hostile.pathological_markdown()),
    ("images", b"![a" * 21 * 1024),
    ("unclosed urls", b"[a](b" * 13 * 1024),
    ("strong openers", b"**a " * 16 * 1024),
    ("strikethrough openers", b"~~a " * 16 * 1024),
    ("heading of spaces", b"# a" + b" " * 64 * 1024 + b"x"),
    ("table divider of spaces", b" " * 64 * 1024 + b"x"),
    ("unclosed comments", b"text <!--" * 7 * 1024),
])
def test_64_kb_of_pathological_markdown_is_read_within_the_limit(pool, name, markdown):
    prepared = outcome(pool, f"{name}.md", markdown)
    assert not isinstance(prepared, ReadError), prepared
    assert prepared.chunks


def test_a_single_persian_line_of_0_44_mb_is_read_within_the_limit(pool):
    line = hostile.long_persian_line()
    assert len(line) >= 440_000 and b"\n" not in line
    prepared = outcome(pool, "line.fa.txt", line)
    assert not isinstance(prepared, ReadError), prepared
    assert prepared.document.lang == "fa" and len(prepared.chunks) > 100
    assert "می‌شود" in prepared.chunks[0].display_text  # hazm still restores the ZWNJ


def test_hazm_never_sees_more_than_one_bounded_piece_of_a_long_line(monkeypatch):
    seen = []
    real = normalize._persian_normalizer()

    class Recording:
        def normalize(self, text):
            seen.append(len(text))
            return real.normalize(text)

    monkeypatch.setattr(normalize, "_persian_normalizer", lambda: Recording())
    text = hostile.long_persian_line(60_000).decode()
    result = normalize.display_text(text, max_line_chars=5_000)
    assert seen and max(seen) <= 5_000
    assert len(seen) >= len(text) // 5_000
    assert "میشود" not in result and result.count("می‌شود") == text.count("میشود")  # every piece normalized
