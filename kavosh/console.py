"""Terminal output for the CLI: the ingest progress bar, search results and the index status."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from index.progress import IngestProgress

WEAK_NOTICE = "no strong matches; closest passages below"

# C0 and C1 control characters but tab and newline: ESC starts sequences that retitle the window,
# rewrite the screen or, in some terminals, write files. Indexed text must not reach the terminal raw.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """The text without terminal control characters (each becomes U+FFFD, so nothing disappears unseen)."""
    return _CONTROL.sub("\ufffd", text)


@contextlib.contextmanager
def file_progress(enabled: bool) -> Iterator:
    """A callback ``(path, done, total, progress)`` that draws a progress bar on stderr, or does nothing.

    The bar shows files done, passages embedded per second and the time left, estimated by the ingest.
    """
    if not enabled:
        yield None
        return
    bar = Progress(TextColumn("indexing"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
                   TextColumn("{task.fields[rate]}"), TextColumn("{task.fields[left]}"),
                   TextColumn("{task.description}"), console=Console(stderr=True), transient=True)
    with bar:
        task = bar.add_task("", total=None, rate="", left="")

        def advance(path: str, done: int, total: int, progress: IngestProgress | None = None) -> None:
            """``progress`` comes from a local ingest; an upload or a re-index tells files only."""
            rate = left = ""
            if progress is not None:
                rate = f"{progress.passages} passages, {progress.passages_per_second:.1f}/s"
                left = "" if progress.seconds_left is None else f"{_duration(progress.seconds_left)} left"
            bar.update(task, completed=done, total=total, description=printable(path.rsplit("/", 1)[-1]),
                       rate=rate, left=left)

        yield advance


def _duration(seconds: float) -> str:
    """``1:05:09`` or ``5:09``: the time left as a clock would show it."""
    minutes, seconds = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def marked(text: str, spans: list[list[int]]) -> Text:
    """The passage with its matched words in bold yellow."""
    rendered = Text(printable(text))  # one character for one: the spans stay in place
    for start, end in spans:
        rendered.stylize("bold yellow", start, end)
    return rendered


def print_results(answer: dict, color: bool) -> None:
    """Passages ranked, or (``group`` document) documents ranked, each with its passages."""
    console = Console(no_color=not color, highlight=False, soft_wrap=True)
    documents = answer.get("documents")
    shown = f"{len(documents)} documents" if documents is not None else f"{len(answer.get('results', []))} results"
    console.print(printable(f"{shown} for {answer['query']!r} ({answer['mode']}, {answer['took_ms']:.0f} ms)"),
                  markup=False)
    if answer.get("weak") and answer.get("results"):
        console.print(WEAK_NOTICE, style="bold", markup=False)
    if documents is None:
        for rank, hit in enumerate(answer.get("results", []), start=1):
            console.print(printable(f"\n{rank}. [{hit['lang']}] {hit['title']} — {hit['source']} p.{hit['page']}"
                                    f"{_dated(hit)} ({_scored(hit)}){_also_in(hit)}"), markup=False)
            console.print(marked(hit["text"], hit.get("highlights", [])))
        _print_facets(console, answer.get("facets") or {})
        return
    for rank, document in enumerate(documents, start=1):
        passages = document["passages"]
        count = f"{len(passages)} passage" + ("" if len(passages) == 1 else "s")
        console.print(printable(f"\n{rank}. [{document['lang']}] {document['title']} — {document['source']} "
                                f"(score {document['score']:.3f}, {count})"), markup=False)
        for hit in passages:
            console.print(printable(f"   p.{hit['page']}{_dated(hit)} ({_scored(hit)}){_also_in(hit)}"),
                          markup=False)
            console.print(marked(hit["text"], hit.get("highlights", [])))
    _print_facets(console, answer.get("facets") or {})


def _dated(hit: dict) -> str:
    """The passage's date and OCR mark, for its heading line."""
    return (f", {hit['date']}" if hit.get("date") else "") + (" [OCR]" if hit.get("ocr") else "")


def _print_facets(console: Console, facets: dict[str, dict[str, int]], shown: int = 5) -> None:
    """One line per facet: its commonest values with their passage counts."""
    lines = [f"{field}: " + ", ".join(f"{value} ({count})" for value, count in list(counts.items())[:shown])
             for field, counts in facets.items() if counts]
    if lines:
        console.print("\n" + "\n".join(lines), markup=False, style="dim")


def _scored(hit: dict) -> str:
    """The passage's score and, from a server that gives it, its confidence."""
    return f"score {hit['score']:.3f}" + (f", confidence {hit['confidence']:.2f}" if "confidence" in hit else "")


def _also_in(hit: dict) -> str:
    return f"  also in: {', '.join(hit['also_in'])}" if hit.get("also_in") else ""


def print_status(stats: dict) -> None:
    console = Console(highlight=False)
    store, embedder = stats["store"], stats["embedder"]
    console.print(f"{stats['documents']} documents, {stats['chunks']} chunks", markup=False)
    where = f" at {store['location']}" if store.get("location") else ""
    console.print(printable(f"store: {store['backend']}{where} (collection {store['collection']})"), markup=False)
    if store.get("windows") is False:
        console.print("built before sentence windows: search ranks without them until `kavosh reindex`",
                      markup=False)
    console.print(f"embedder: {embedder['name']} (dim {embedder['dim']})", markup=False)
    for language, counts in stats.get("languages", {}).items():
        console.print(f"  {language}: {counts['documents']} documents, {counts['chunks']} chunks", markup=False)
    if stats.get("sources"):
        table = Table("source", "lang", "pages", "chunks", "title")
        for source in stats["sources"]:
            table.add_row(Text(printable(source["source"])), source["lang"], str(source["pages"]),
                          str(source["chunks"]), Text(printable(source["title"][:60])))
        console.print(table)
        if stats.get("sources_truncated"):
            console.print(f"(the first {len(stats['sources'])} of {stats['documents']} documents)", markup=False)
    last = stats.get("last_ingest")
    if last:
        console.print(f"last ingest: {last.get('finished_at', '?')}: {last['indexed']} indexed, "
                      f"{last['unchanged']} unchanged, {len(last['failed'])} failed", markup=False)


def print_check(report) -> None:
    """What ``kavosh check`` found, one line per kind of problem."""
    console = Console(highlight=False)
    console.print(f"{report.documents} documents, {report.chunks} chunks checked", markup=False)
    found = {"orphan chunks (no document record)": len(report.orphan_chunks),
             "chunks without a vector": len(report.chunks_without_vectors),
             "documents missing chunks": len(report.incomplete_documents),
             "paths held by several documents": len(report.duplicate_paths),
             "documents whose chunks name other files": len(report.stale_file_names)}
    for what, count in found.items():
        if count:
            console.print(f"  {what}: {count}", markup=False)
    if not report.problems:
        console.print("the index is consistent", markup=False)
    elif report.repaired:
        console.print(f"repaired {report.problems} problems; ingest the files again to index what was removed",
                      markup=False)
    else:
        console.print(f"{report.problems} problems; run `kavosh check --repair` to fix them", markup=False)
