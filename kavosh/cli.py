"""The ``kavosh`` command: a thin layer over the library (ingest, search, status, serve, ui, eval).

This is the composition root: it reads the settings, opens the local index or the remote API once
(:func:`open_index`), and calls the library. Exit codes: 0 success, 1 when something failed (a file,
the store, the API), 2 for a usage error. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import stat
import sys
from pathlib import Path

from index.records import SearchFilters
from kavosh.parser import build_parser

log = logging.getLogger("kavosh")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


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

        # The API token reads and writes; the read token (KAVOSH_READ_TOKEN) only reads.
        client = ApiClient(settings.api_url, token=settings.api_token or settings.read_token)
        return RemoteIndex(client, collection=settings.collection, can_upload=bool(settings.api_token))
    from index.service import Kavosh

    return Kavosh.open(settings)


def cmd_ingest(args: argparse.Namespace) -> int:
    from kavosh.console import file_progress, printable

    settings = _settings(args)
    on_dask = {"dask_workers": args.workers, "scheduler": args.scheduler} if args.workers or args.scheduler else {}
    if on_dask and settings.api_url:
        raise ValueError("--workers/--scheduler: a Dask ingest writes to the index itself; unset KAVOSH_API_URL")
    with open_index(settings) as index, file_progress(enabled=sys.stderr.isatty()) as progress:
        report = index.ingest(args.paths, prune=args.prune, progress=progress, **on_dask)
    for failure in report.failed:
        print(printable(f"kavosh: {failure.path}: {failure.error}"), file=sys.stderr)
    for skipped in report.skipped:
        print(printable(f"kavosh: skipped {skipped.path}: {skipped.error}"), file=sys.stderr)
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
    from search_api.security import exposure_warning

    settings = _settings(args)
    _warn(exposure_warning("the API", args.host, args.port, protected=bool(settings.read_token)))
    serve(settings, args.host, args.port)
    return EXIT_OK


def cmd_ui(args: argparse.Namespace) -> int:
    from search_api.security import exposure_warning
    from ui.launch import run_ui

    settings = _settings(args)
    _warn(exposure_warning("the web interface (search, documents, Ops page)", args.host, args.port,
                           protected=bool(settings.read_token)))
    run_ui(args.port, settings.api_url, host=args.host)
    return EXIT_OK


def _warn(line: str | None) -> None:
    if line:
        print(f"kavosh: {line}", file=sys.stderr, flush=True)


def cmd_check(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if settings.api_url:
        raise ValueError("check works on an index this command opens itself: unset KAVOSH_API_URL and stop the "
                         "server, or run it where the server runs")
    with open_index(settings) as index:
        report = index.check(repair=args.repair)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        from kavosh.console import print_check

        print_check(report)
    return EXIT_OK if report.repaired or not report.problems else EXIT_FAILED


def cmd_eval(args: argparse.Namespace) -> int:
    from index.evaluation import evaluate, format_comparison, format_report, load_queries

    if args.queries.exists() and not stat.S_ISREG(args.queries.stat().st_mode):
        raise ValueError(f"{args.queries}: not a regular file (a device, FIFO or socket)")
    questions = load_queries(args.queries, split=args.split)
    if not args.embedder:
        with open_index(_settings(args)) as index:
            report = evaluate(index, questions, k=args.k, mode=args.mode)
        print(json.dumps(report, ensure_ascii=False) if args.json else format_report(report))
        return EXIT_OK
    reports = []
    for option in args.embedder:
        settings = _embedder_collection(_settings(args), option)
        with open_index(settings) as index:
            report = evaluate(index, questions, k=args.k, mode=args.mode)
        reports.append({"embedder": settings.embedder, "collection": settings.collection, **report})
    if args.json:  # the first embedder's report where a single report was, and every report under "embedders"
        print(json.dumps({**reports[0], "embedders": reports}, ensure_ascii=False))
        return EXIT_OK
    tables = [f"embedder {report['embedder']} (collection {report['collection']})\n{format_report(report)}"
              for report in reports]
    print("\n\n".join([*tables, format_comparison(reports)]))
    return EXIT_OK


def cmd_reindex(args: argparse.Namespace) -> int:
    from index.embedders import make_embedder
    from index.service import Kavosh
    from index.store import open_live
    from kavosh.console import file_progress

    settings = _settings(args)
    if settings.api_url:
        raise ValueError("reindex works on an index this command opens itself: run it where the index lives, "
                         "with KAVOSH_API_URL unset and the server stopped")
    store = open_live(settings.home, settings.collection, settings.qdrant_url, settings.qdrant_api_key)
    built_with = (store.metadata() or {}).get("embedder") or settings.embedder  # the live index's own
    new_embedder = make_embedder(args.embedder or settings.embedder)
    live = Kavosh.open(settings.model_copy(update={"embedder": built_with}), store=store,
                       embedder=new_embedder if new_embedder.name == built_with else None)
    with live as index, file_progress(enabled=sys.stderr.isatty()) as progress:
        report = index.reindex(settings, new_embedder, drop_old=args.drop_old, progress=progress)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        kept = "deleted" if report.dropped_previous else "kept (delete it with --drop-old next time)"
        print(f"re-indexed {report.documents} documents into {report.chunks} chunks with {report.embedder} "
              f"in {report.seconds:.1f} s; searches now use {report.collection}; {report.previous} {kept}")
    return EXIT_OK


def _embedder_collection(settings, option: str):
    """The settings for ``--embedder SPEC[=COLLECTION]``, once the collection is known to be built with SPEC.

    Checked before the model loads: a collection that does not exist would otherwise be created empty.
    """
    from index.embedders import embedder_name
    from index.store import open_store

    spec, separator, collection = option.rpartition("=")
    if not separator or not spec or not collection or "/" in collection:  # no "=COLLECTION" (a path may hold "=")
        spec, collection = option, settings.collection
    if settings.api_url:
        raise ValueError("--embedder: compares the collections of a local index; unset KAVOSH_API_URL")
    built_with = None
    # An embedded collection that does not exist is not opened: opening makes its folder.
    if settings.qdrant_url or (Path(settings.home) / "collections" / collection / "collection.json").exists():
        store = open_store(settings.home, collection, settings.qdrant_url, settings.qdrant_api_key)
        try:
            built_with = (store.metadata() or {}).get("embedder")
        finally:
            store.close()
    name = embedder_name(spec)
    if built_with is None:
        raise ValueError(f"--embedder {option}: there is no collection {collection!r}; build it with "
                         f"KAVOSH_EMBEDDER={name} kavosh ingest PATH... --collection {collection}")
    if built_with != name:
        raise ValueError(f"--embedder {option}: collection {collection!r} was built with {built_with!r}; "
                         f"name the collection built with {name} as {name}=COLLECTION")
    return settings.model_copy(update={"embedder": name, "collection": collection})


COMMANDS = {"ingest": cmd_ingest, "reindex": cmd_reindex, "search": cmd_search, "status": cmd_status,
            "serve": cmd_serve, "ui": cmd_ui, "eval": cmd_eval, "check": cmd_check}


def main(argv: list[str] | None = None) -> int:
    os.umask(0o077)  # what Kavosh writes (the index, uploads) is readable by this user only
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
    from kavosh.console import printable

    print(printable(f"kavosh: error: {message}"), file=sys.stderr)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
