"""Imported once by the process that forks the ingest workers: hazm's tables are built here, before
the fork, so that each worker (and each one that replaces a killed worker) starts in milliseconds
instead of seconds."""

from pipeline.chunking import sentence_spans
from pipeline.normalize import display_text

sentence_spans(display_text("کاوش آماده است. Kavosh is ready."))
