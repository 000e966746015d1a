"""Hostile files made on the fly, as an attacker or an unlucky archive would hand them over.

Each is built in well under a second; tests and benchmarks/hostile_files.py feed them to the readers.
"""

from __future__ import annotations

import struct
import zlib

BOMB_INFLATED_MB = 200


def _pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF of numbered objects (1, 2, ...) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def _stream(data: bytes, filters: str = "") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), filters.encode()) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _zlib_of_spaces(megabytes: int) -> bytes:
    """zlib data that inflates to ``megabytes`` MB of spaces, built in milliseconds: every megabyte after
    the first compresses to the same bytes, so they are repeated rather than compressed again."""
    block = b" " * (1024 * 1024)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_RLE)  # raw deflate: header and checksum below
    first, repeated = (deflate.compress(block) + deflate.flush(zlib.Z_SYNC_FLUSH) for _ in range(2))
    checksum = 1
    for _ in range(megabytes):
        checksum = zlib.adler32(block, checksum)
    body = first + repeated * (megabytes - 1) + deflate.flush()
    return b"\x78\xda" + body + struct.pack(">I", checksum)


def flate_bomb_pdf(inflated_megabytes: int = BOMB_INFLATED_MB) -> bytes:
    """A one-page PDF of about a kilobyte whose content stream, flate-compressed twice, inflates to
    200 MB of spaces."""
    content = zlib.compress(_zlib_of_spaces(inflated_megabytes), 9)
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        _stream(content, "/Filter [/FlateDecode /FlateDecode]"),
    ])


def many_pages_pdf(pages: int = 100_000) -> bytes:
    """A PDF of ``pages`` distinct page objects (pdfminer skips a page object seen twice), each drawing
    one line of text from one shared content stream: about 8 MB for 100,000 pages."""
    text = b"BT /F1 12 Tf 72 720 Td (A page of a very long report.) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in below
        _stream(text),
        _FONT,
    ]
    first = len(objects) + 1
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
            b"/Resources << /Font << /F1 4 0 R >> >> >>")
    objects.extend([page] * pages)
    kids = b" ".join(b"%d 0 R" % number for number in range(first, first + pages))
    objects[1] = b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages
    return _pdf(objects)


def anchor_soup_html(size: int = 120 * 1024) -> bytes:
    """120 KB of ``<a `` (an unclosed tag, over and over): html.parser rescans it quadratically."""
    return b"<a " * (size // 3)


def pathological_markdown(size: int = 64 * 1024) -> bytes:
    """64 KB of one Markdown line of openers without closers, which backtracking regexes rescan."""
    return ("**[x" * (size // 4)).encode()


def long_persian_line(size: int = 440 * 1024) -> bytes:
    """0.44 MB of Persian words on a single line, no line break."""
    words = "میشود همکاری های علمی بین المللی پژوهشگران نمیتوانند کتاب ها را میخوانند "
    text = (words * (size // len(words.encode()) + 1)).encode()[:size]
    return text.decode("utf-8", errors="ignore").encode()
