"""The ``kavosh`` command line: every command, flag and check of what a flag may be."""

from __future__ import annotations

import argparse
from pathlib import Path

from index.export import EXPORT_FORMATS
from index.records import (
    DEFAULT_GROUP,
    DEFAULT_MODE,
    DEFAULT_SORT,
    FILE_TYPES,
    MAX_RESULTS,
    SEARCH_GROUPS,
    SEARCH_MODES,
    SEARCH_SORTS,
)
from pipeline.types import LANGUAGES


def _positive_k(value: str) -> int:
    try:
        k = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {value!r}") from None
    if not 1 <= k <= MAX_RESULTS:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_RESULTS}, got {k}")
    return k


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def _collection(value: str) -> str:
    from index.store import check_collection_name

    try:
        return check_collection_name(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error).removeprefix("collection: ")) from None


def _host(value: str) -> str:
    from search_api.security import check_host

    try:
        return check_host(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error).removeprefix("host: ")) from None


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {value!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"must be between 1 and 65535, got {port}")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kavosh", description="Search Persian and English documents together.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = commands.add_parser("ingest", help="index files and folders (PDF, text, Markdown, HTML)")
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    ingest.add_argument("--collection", type=_collection,
                        help="collection name: letters, digits, _ or - (default: KAVOSH_COLLECTION or 'kavosh')")
    ingest.add_argument("--prune", action="store_true", help="remove documents whose files are gone")
    ingest.add_argument("--json", action="store_true", help="print the report as JSON")
    cluster = ingest.add_mutually_exclusive_group()
    cluster.add_argument("--workers", type=_positive_int, metavar="N",
                         help="read, chunk and embed on a local Dask cluster of N processes")
    cluster.add_argument("--scheduler", metavar="tcp://HOST:8786",
                         help="read, chunk and embed on a running Dask cluster")

    search = commands.add_parser("search", help="search the index")
    search.add_argument("query")
    search.add_argument("--k", type=_positive_k, default=10,
                        help=f"number of results (1-{MAX_RESULTS}): passages, or documents with --group document")
    search.add_argument("--lang", choices=LANGUAGES, help="only passages in this language")
    search.add_argument("--mode", choices=SEARCH_MODES, default=DEFAULT_MODE)
    search.add_argument("--source", help="only passages from this file name")
    search.add_argument("--group", choices=SEARCH_GROUPS, default=DEFAULT_GROUP,
                        help="document: each document once, with its best passages")
    search.add_argument("--date-from", metavar="YYYY-MM-DD", help="only documents dated on or after this day")
    search.add_argument("--date-to", metavar="YYYY-MM-DD", help="only documents dated on or before this day")
    search.add_argument("--year", type=int, action="append", help="only documents of this year (repeatable)")
    search.add_argument("--folder", action="append", help="only files in a folder of this name (repeatable)")
    search.add_argument("--file-type", action="append", choices=FILE_TYPES, help="only this kind of file (repeatable)")
    search.add_argument("--entity", action="append", help="only passages naming this entity id, e.g. org:anso")
    search.add_argument("--ocr", action=argparse.BooleanOptionalAction, default=None,
                        help="only passages read by OCR (--no-ocr: only born-digital text)")
    search.add_argument("--sort", choices=SEARCH_SORTS, default=DEFAULT_SORT,
                        help="relevance (default), or date: the best results newest first")
    search.add_argument("--collection", type=_collection)
    output = search.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="the whole answer as JSON")
    output.add_argument("--format", choices=EXPORT_FORMATS,
                        help="the results as rows (title, source, page, date, passage, link) for a spreadsheet")

    status = commands.add_parser("status", help="what is indexed, with which embedder and store")
    status.add_argument("--collection", type=_collection)
    status.add_argument("--json", action="store_true")

    serve = commands.add_parser("serve", help="run the search API")
    serve.add_argument("--host", type=_host, default="127.0.0.1", help="address to listen on (default: this machine)")
    serve.add_argument("--port", type=_port, default=8000)
    serve.add_argument("--collection", type=_collection)

    ui = commands.add_parser("ui", help="run the web interface (talks to the API at KAVOSH_API_URL)")
    ui.add_argument("--host", type=_host, default="127.0.0.1", help="address to listen on (default: this machine)")
    ui.add_argument("--port", type=_port, default=8501)

    check = commands.add_parser("check", help="find (and --repair) what an interrupted ingest left inconsistent")
    check.add_argument("--repair", action="store_true", help="fix what is found")
    check.add_argument("--collection", type=_collection)
    check.add_argument("--json", action="store_true")

    reindex = commands.add_parser("reindex", help="rebuild the index beside the live one (e.g. with another "
                                  "embedder), then switch searches to it at once")
    reindex.add_argument("--embedder", help="the embedder to rebuild with (default: KAVOSH_EMBEDDER)")
    reindex.add_argument("--drop-old", action="store_true", help="delete the old collection after the switch")
    reindex.add_argument("--collection", type=_collection)
    reindex.add_argument("--json", action="store_true")

    evaluate = commands.add_parser("eval", help="measure ranking quality on questions with known answers")
    evaluate.add_argument("queries", type=Path, metavar="QUERIES.jsonl")
    evaluate.add_argument("--k", type=_positive_k, default=10)
    evaluate.add_argument("--mode", choices=SEARCH_MODES, default=DEFAULT_MODE)
    evaluate.add_argument("--split", choices=("dev", "heldout", "all"), default="all",
                          help="only the questions of this split (tuning uses dev; heldout judges)")
    evaluate.add_argument("--collection", type=_collection)
    evaluate.add_argument("--embedder", action="append", metavar="SPEC[=COLLECTION]",
                          help="evaluate the collection built with this embedder (e5-small or st:<model>; "
                          "COLLECTION defaults to --collection); repeat it to compare embedders")
    evaluate.add_argument("--json", action="store_true")
    return parser
