"""Terminal output for the CLI: the ingest progress bar, search results and the index status."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from index.progress import IngestProgress


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

        def advance(path: str, done: int, total: int, progress: IngestProgress) -> None:
            left = "" if progress.seconds_left is None else f"{_duration(progress.seconds_left)} left"
            bar.update(task, completed=done, total=total, description=path.rsplit("/", 1)[-1],
                       rate=f"{progress.passages} passages, {progress.passages_per_second:.1f}/s", left=left)

        yield advance


def _duration(seconds: float) -> str:
    """``1:05:09`` or ``5:09``: the time left as a clock would show it."""
    minutes, seconds = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def marked(text: str, spans: list[list[int]]) -> Text:
    """The passage with its matched words in bold yellow."""
    rendered = Text(text)
    for start, end in spans:
        rendered.stylize("bold yellow", start, end)
    return rendered


def print_results(answer: dict, color: bool) -> None:
    console = Console(no_color=not color, highlight=False, soft_wrap=True)
    results = answer.get("results", [])
    console.print(f"{len(results)} results for {answer['query']!r} ({answer['mode']}, {answer['took_ms']:.0f} ms)",
                  markup=False)
    for rank, hit in enumerate(results, start=1):
        also = f"  also in: {', '.join(hit['also_in'])}" if hit.get("also_in") else ""
        console.print(f"\n{rank}. [{hit['lang']}] {hit['title']} — {hit['source']} p.{hit['page']} "
                      f"(score {hit['score']:.3f}){also}", markup=False)
        console.print(marked(hit["text"], hit.get("highlights", [])))


def print_status(stats: dict) -> None:
    console = Console(highlight=False)
    store, embedder = stats["store"], stats["embedder"]
    console.print(f"{stats['documents']} documents, {stats['chunks']} chunks", markup=False)
    console.print(f"store: {store['backend']} at {store['location']} (collection {store['collection']})",
                  markup=False)
    console.print(f"embedder: {embedder['name']} (dim {embedder['dim']})", markup=False)
    for language, counts in stats.get("languages", {}).items():
        console.print(f"  {language}: {counts['documents']} documents, {counts['chunks']} chunks", markup=False)
    if stats.get("sources"):
        table = Table("source", "lang", "pages", "chunks", "title")
        for source in stats["sources"]:
            table.add_row(Text(source["source"]), source["lang"], str(source["pages"]), str(source["chunks"]),
                          Text(source["title"][:60]))
        console.print(table)
    last = stats.get("last_ingest")
    if last:
        console.print(f"last ingest: {last.get('finished_at', '?')}: {last['indexed']} indexed, "
                      f"{last['unchanged']} unchanged, {len(last['failed'])} failed", markup=False)
