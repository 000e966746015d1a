"""The pipeline's entry (pipeline.prepare.prepare_document): one file in, display-text pages and chunks out."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.chunking import Chunker
from pipeline.normalize import display_text, terms
from pipeline.prepare import PreparedDocument, prepare_document
from pipeline.readers import read_document
from pipeline.types import ReadError, document_id
from tests.pipeline.readers.helpers import PERSIAN_PDF, PERSIAN_TEXT, make_pdf

MAX_TOKENS = 60
# Arabic yeh and kaf, a verb without its ZWNJ, Persian digits: what hazm's display text repairs.
RAW_PERSIAN = "نشست علمي در سال ۱۴۰۲ برگزار شد و اين گزارش منتشر ميشود. كارشناسان درباره همکاری گفتگو کردند."
MIXED = (RAW_PERSIAN + "\n\n" + "The Alliance of National Science Organizations met in Tehran. "
         "Members discussed joint research on climate and water.")


def count_words(text: str) -> int:
    """A stand-in tokenizer: a token per word plus two special tokens."""
    return len(text.split()) + 2


@pytest.fixture(scope="module")
def chunker() -> Chunker:
    return Chunker(count_words, max_tokens=MAX_TOKENS, overlap_tokens=10)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("path", [PERSIAN_PDF, PERSIAN_TEXT], ids=lambda path: path.name)
def test_from_a_path_and_from_its_bytes_the_same_document(path, chunker):
    from_path = prepare_document(path, chunker)
    data = path.read_bytes()
    from_bytes = prepare_document(path, chunker, data=data)
    hashed_already = prepare_document(path, chunker, data=data, doc_id=document_id(data))
    assert isinstance(from_path, PreparedDocument)
    assert from_path == from_bytes == hashed_already
    assert from_path.chunks


def test_bytes_need_no_file_on_disk(tmp_path, chunker):
    """An upload held in memory: the path only names it (and picks the reader)."""
    data = RAW_PERSIAN.encode("utf-8")
    prepared = prepare_document(tmp_path / "not-saved.fa.txt", chunker, data=data)
    assert prepared.doc_id == document_id(data)
    assert prepared.document.source == "not-saved.fa.txt"


def test_doc_id_is_the_hash_of_the_files_bytes(tmp_path, chunker):
    path = write(tmp_path, "note.fa.txt", RAW_PERSIAN)
    prepared = prepare_document(path, chunker)
    assert prepared.doc_id == document_id(path.read_bytes()) == prepared.document.doc_id
    assert {chunk.doc_id for chunk in prepared.chunks} == {prepared.doc_id}


def test_pages_come_out_as_hazm_normalized_display_text(tmp_path, chunker):
    path = write(tmp_path, "note.fa.txt", RAW_PERSIAN)
    page = prepare_document(path, chunker).document.pages[0]
    assert page.text == display_text(read_document(path).pages[0].text)
    assert "ي" not in page.text and "ك" not in page.text  # Arabic letters made Persian
    assert "علمی" in page.text and "کارشناسان" in page.text
    assert "می\u200cشود" in page.text  # hazm gave the verb its ZWNJ back
    assert "۱۴۰۲" in page.text  # digits stay as the author wrote them


@pytest.mark.parametrize(("name", "text", "language"), [
    ("note.fa.txt", RAW_PERSIAN, "fa"),
    ("note.en.txt", "Science diplomacy brings researchers together.", "en"),
    ("both.md", MIXED, "mixed"),
])
def test_the_documents_language_is_detected(tmp_path, chunker, name, text, language):
    assert prepare_document(write(tmp_path, name, text), chunker).document.lang == language


def test_chunks_carry_their_terms_tokens_and_offsets_into_the_display_pages(tmp_path, chunker):
    prepared = prepare_document(write(tmp_path, "both.md", MIXED * 3), chunker)
    assert len(prepared.chunks) > 1  # the budget splits it
    pages = {page.number: page.text for page in prepared.document.pages}
    assert [chunk.chunk_no for chunk in prepared.chunks] == list(range(len(prepared.chunks)))
    for chunk in prepared.chunks:
        assert chunk.display_text == pages[chunk.page][chunk.start : chunk.end]
        assert chunk.terms == terms(chunk.display_text)
        assert chunk.n_tokens == count_words(chunk.display_text) <= MAX_TOKENS
        assert chunk.lang in ("fa", "en")
    assert {chunk.lang for chunk in prepared.chunks} == {"fa", "en"}
    assert prepared.tokens == sum(chunk.n_tokens for chunk in prepared.chunks)


def test_pdf_pages_keep_their_numbers(tmp_path, chunker):
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf([["Annual report on water security"], [], ["Fellowships for young scientists"]]))
    prepared = prepare_document(path, chunker)
    assert [page.number for page in prepared.document.pages] == [1, 2, 3]
    assert [(chunk.page, chunk.display_text) for chunk in prepared.chunks] == [
        (1, "Annual report on water security"), (3, "Fellowships for young scientists")]
    assert prepared.document.kind == "pdf" and prepared.document.lang == "en"


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("broken.pdf", b"%PDF-1.7\n%truncated", "PDF"),
    ("empty.txt", b"", "empty file"),
    ("notes.xyz", b"PK\x03\x04 not really", "unsupported file type .xyz"),
])
def test_a_bad_file_raises_a_read_error_naming_it(tmp_path, chunker, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    for data in (None, content):
        with pytest.raises(ReadError) as raised:
            prepare_document(path, chunker, data=data)
        assert raised.value.path == str(path) and str(raised.value).startswith(f"{path}: ")
        assert reason.lower() in raised.value.reason.lower()


def test_a_missing_file_raises_a_read_error_naming_it(tmp_path, chunker):
    missing = tmp_path / "gone.txt"
    with pytest.raises(ReadError) as raised:
        prepare_document(missing, chunker)
    assert raised.value.path == str(missing)
