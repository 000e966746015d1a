"""Word documents (.docx) with python-docx: paragraphs and tables in reading order as one page, the first
heading as the title, author and date from the core properties."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from pipeline.dates import date_from_metadata
from pipeline.readers.base import one_page_document
from pipeline.types import Document, ReadError

logger = logging.getLogger(__name__)

EXTENSIONS = frozenset({".docx"})


def _is_heading(paragraph: Paragraph) -> bool:
    """Whether Word styles the paragraph as a heading (built-in style names are English in every locale)."""
    name = paragraph.style.name if paragraph.style is not None else ""
    return name.startswith("Heading") or name == "Title"


def _table_text(table: Table) -> str:
    """A table as text: one line per row, cells joined by " | ", a merged cell once."""
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell comes back once for every grid column it spans
                continue
            seen.add(id(cell._tc))
            if text := " ".join(cell.text.split()):
                cells.append(text)
        if cells:
            lines.append(" | ".join(cells))
    return "\n".join(lines)


class DocxReader:
    """Read a .docx: body paragraphs and tables in order; headings start their own paragraphs."""

    kind = "docx"

    def read(self, data: bytes, path: Path) -> Document:
        try:
            document = docx.Document(io.BytesIO(data))
            blocks, headings = [], []
            for block in document.iter_inner_content():
                text = _table_text(block) if isinstance(block, Table) else block.text.strip()
                if text:
                    blocks.append(text)
                    if isinstance(block, Paragraph) and _is_heading(block):
                        headings.append(" ".join(text.split()))
            properties = document.core_properties
        except Exception as exc:  # a zip that is no Word file, missing parts, broken XML
            logger.debug("%s: python-docx failed: %r", path, exc)
            raise ReadError(path, "not a readable Word document (corrupt .docx)") from exc
        date = date_from_metadata(properties.created, "docx") or date_from_metadata(properties.modified, "docx")
        return one_page_document(
            path,
            self.kind,
            "\n\n".join(blocks),
            [*headings[:1], (properties.title or "").strip()],
            "no text in Word document",
            author=" ".join((properties.author or "").split()),
            date=date.iso if date else "",
            date_source=date.source if date else "",
        )
