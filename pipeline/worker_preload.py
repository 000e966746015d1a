"""Imported once by the process that forks the ingest workers: the readers are imported and hazm's
tables built here, before the fork, so that each worker (and each one that replaces a killed worker)
starts in milliseconds instead of seconds."""

import pipeline.workers  # noqa: F401  (the readers, pdfplumber and the rest of what a worker runs)
from pipeline.chunking import sentence_spans
from pipeline.normalize import display_text

sentence_spans(display_text("کاوش آماده است. Kavosh is ready."))
