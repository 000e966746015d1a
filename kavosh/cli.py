"""The ``kavosh`` command: a thin layer over the library (ingest, search, status, serve, ui, eval).

This is the composition root: it reads the settings, opens the local index or the remote API once
(:func:`open_index`), and calls the library. Exit codes: 0 success, 1 when something failed (a file,
the store, the API), 2 for a usage error. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
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
    SearchFilters,
)
from pipeline.types import LANGUAGES

log = logging.getLogger("kavosh")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _positive_k(value: str) -> int:
    try:
        k = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {value!r}") from None
    if not 1 <= k <= MAX_RESULTS:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_RESULTS}, got {k}")
    return k


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kavosh", description="Search Persian and English documents together.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = commands.add_parser("ingest", help="index files and folders (PDF, text, Markdown, HTML)")
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    ingest.add_argument("--collection", help="collection name (default: KAVOSH_COLLECTION or 'kavosh')")
    ingest.add_argument("--prune", action="store_true", help="remove documents whose files are gone")
    ingest.add_argument("--json", action="store_true", help="print the report as JSON")

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
    search.add_argument("--collection")
    output = search.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="the whole answer as JSON")
    output.add_argument("--format", choices=EXPORT_FORMATS,
                        help="the results as rows (title, source, page, date, passage, link) for a spreadsheet")

    status = commands.add_parser("status", help="what is indexed, with which embedder and store")
    status.add_argument("--collection")
    status.add_argument("--json", action="store_true")

    serve = commands.add_parser("serve", help="run the search API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--collection")

    ui = commands.add_parser("ui", help="run the web interface (talks to the API at KAVOSH_API_URL)")
    ui.add_argument("--port", type=int, default=8501)

    evaluate = commands.add_parser("eval", help="measure ranking quality on questions with known answers")
    evaluate.add_argument("queries", type=Path, metavar="QUERIES.jsonl")
    evaluate.add_argument("--k", type=_positive_k, default=10)
    evaluate.add_argument("--mode", choices=SEARCH_MODES, default=DEFAULT_MODE)
    evaluate.add_argument("--split", choices=("dev", "heldout", "all"), default="all",
                          help="only the questions of this split (tuning uses dev; heldout judges)")
    evaluate.add_argument("--collection")
    evaluate.add_argument("--json", action="store_true")
    return parser


def _settings(args: argparse.Namespace):
    from kavosh.settings import get_settings

    settings = get_settings()
    if getattr(args, "collection", None):
        settings = settings.model_copy(update={"collection": args.collection})
    return settings


def open_index(settings):
    """The index to work on, chosen once: the API at ``KAVOSH_API_URL`` when set, else the local one."""
    if settings.api_url:
        from kavosh.remote import RemoteIndex
        from search_api.client import ApiClient

        return RemoteIndex(ApiClient(settings.api_url, token=settings.api_token), collection=settings.collection)
    from index.service import Kavosh

    return Kavosh.open(settings)


def cmd_ingest(args: argparse.Namespace) -> int:
    from kavosh.console import file_progress

    with open_index(_settings(args)) as index, file_progress(enabled=sys.stderr.isatty()) as progress:
        report = index.ingest(args.paths, prune=args.prune, progress=progress)
    for failure in report.failed:
        print(f"kavosh: {failure.path}: {failure.error}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        print(f"{report.files_seen} files: {report.indexed} indexed, {report.unchanged} unchanged, "
              f"{len(report.failed)} failed; {report.chunks_added} chunks added, "
              f"{report.chunks_deleted} deleted in {report.seconds:.1f} s")
    return EXIT_FAILED if report.failed else EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    if not args.query.strip():
        raise ValueError("QUERY: the query is empty")
    settings = _settings(args)
    with open_index(settings) as index:
        filters = SearchFilters(date_from=args.date_from, date_to=args.date_to, year=args.year, folder=args.folder,
                                file_type=args.file_type, entity=args.entity, ocr=args.ocr)
        answer = index.search(args.query, k=args.k, lang=args.lang, mode=args.mode, source=args.source,
                              group=args.group, filters=filters, sort=args.sort).to_dict()
    if args.format:
        from index.export import export

        sys.stdout.write(export(answer, args.format, settings.ui_url))
        return EXIT_OK
    if args.json:
        print(json.dumps(answer, ensure_ascii=False))
        return EXIT_OK
    from kavosh.console import print_results

    print_results(answer, color=sys.stdout.isatty())
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    with open_index(_settings(args)) as index:
        stats = index.stats().to_dict()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False))
        return EXIT_OK
    from kavosh.console import print_status

    print_status(stats)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from search_api.main import serve

    serve(_settings(args), args.host, args.port)
    return EXIT_OK


def cmd_ui(args: argparse.Namespace) -> int:
    from ui.launch import run_ui

    run_ui(args.port, _settings(args).api_url)
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from index.evaluation import evaluate, format_report, load_queries

    questions = load_queries(args.queries, split=args.split)
    with open_index(_settings(args)) as index:
        report = evaluate(index, questions, k=args.k, mode=args.mode)
    print(json.dumps(report, ensure_ascii=False) if args.json else format_report(report))
    return EXIT_OK


COMMANDS = {"ingest": cmd_ingest, "search": cmd_search, "status": cmd_status, "serve": cmd_serve,
            "ui": cmd_ui, "eval": cmd_eval}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    return run(args)


def run(args: argparse.Namespace) -> int:
    """Run one command; turn every expected failure into one line on stderr."""
    from index.errors import InvalidQueryError, KavoshError
    from search_api.errors import ApiError

    try:
        return COMMANDS[args.command](args)
    except InvalidQueryError as error:
        return _fail(str(error), EXIT_USAGE)
    except (KavoshError, ApiError) as error:
        return _fail(str(error), EXIT_FAILED)
    except ValueError as error:  # bad configuration: a setting or a file given on the command line
        return _fail(str(error), EXIT_USAGE)
    except OSError as error:
        return _fail(f"{error.filename or ''}: {error.strerror or error}".lstrip(": "), EXIT_FAILED)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)


def _fail(message: str, code: int) -> int:
    print(f"kavosh: error: {message}", file=sys.stderr)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
