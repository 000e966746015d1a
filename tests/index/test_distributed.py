"""Ingest on a Dask cluster (a LocalCluster here): the same chunks, vectors and payloads as a plain ingest."""

from __future__ import annotations

import pytest

from index.records import PointKind
from index.service import Kavosh
from kavosh.settings import Settings

pytestmark = pytest.mark.slow

DOCS = {
    "meeting.fa.txt": "نشست دیپلماسی علم و فناوری در مرکز تحقیقات سیاست علمی کشور برگزار شد. "
                      "متخصصان بازگشته درباره همکاری‌های بین‌المللی گفت‌وگو کردند.",
    "newsletter.en.md": "# ANSO Newsletter\n\nANSO supports science cooperation and fellowships for young "
                        "scientists across Asia and Africa.",
    "plan.en.txt": "The strategic plan 2020-2022 sets out capacity building and joint research programmes.",
}


def test_a_dask_ingest_writes_what_a_plain_ingest_writes(tmp_path, e5):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in DOCS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    results = {}
    for mode, options in (("plain", {}), ("dask", {"dask_workers": 2})):
        with Kavosh.open(Settings(home=tmp_path / mode), embedder=e5) as kavosh:
            report = kavosh.ingest([corpus], **options)
            assert (report.indexed, report.failed) == (3, [])
            chunk_ids = sorted(point_id for point_id, _ in kavosh.store.scroll({"kind": PointKind.CHUNK}))
            payloads = {point_id: payload for point_id, payload in kavosh.store.scroll({"kind": PointKind.CHUNK})}
            tops = [[(hit.chunk_id, round(hit.score, 3)) for hit in kavosh.search(query, k=5, mode="dense").results]
                    for query in ("science cooperation fellowships", "همکاری‌های بین‌المللی", "strategic plan")]
            results[mode] = (chunk_ids, payloads, tops)
    plain, dask = results["plain"], results["dask"]
    assert plain[0] == dask[0] and len(plain[0]) >= 3
    assert plain[1] == dask[1]  # the same payloads, point by point
    assert plain[2] == dask[2]  # the same dense ranking and scores: the workers' vectors are the model's
