"""The names uploaded files are kept under: safe characters, safe folders, nothing outside the library.

The API saves each upload under ``safe_upload_path(its name)``; the remote client maps the server's
report back to local files with the same function.
"""

from __future__ import annotations

import re
import unicodedata

_UNSAFE_CHARS = re.compile(r"[^\w.\- \u200c]+")  # \w keeps Persian letters; ZWNJ belongs to Persian words
_MAX_NAME_BYTES = 150
MAX_FOLDERS = 8


def safe_file_name(raw: str | None) -> str:
    """The base name of an uploaded file, with only safe characters; the extension is kept.

    ``../../etc/passwd.txt`` → ``passwd.txt``; ``گزارش سالانه.pdf`` stays as it is.
    """
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    # Drop control and format characters (NUL, bidi overrides that disguise an extension), keep ZWNJ.
    name = "".join(ch for ch in name if ch == "\u200c" or unicodedata.category(ch)[0] != "C")
    name = _UNSAFE_CHARS.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10:
        stem, extension = name, ""
    stem = stem.strip(" .")[:_MAX_NAME_BYTES]
    while len(stem.encode()) > _MAX_NAME_BYTES:
        stem = stem[:-1]
    stem = stem.strip(" .") or "upload"
    return f"{stem}.{extension}" if extension else stem


def safe_upload_path(raw: str | None) -> str:
    """The relative path an uploaded file is kept under: each folder and the name made safe.

    ``a/report.txt`` stays ``a/report.txt`` (two uploads of ``report.txt`` from different folders are
    two documents); ``..``, ``.`` and a leading ``/`` are dropped, so ``../../etc/passwd.txt`` →
    ``etc/passwd.txt`` inside the upload library; at most MAX_FOLDERS folders are kept (the last ones).
    """
    parts = unicodedata.normalize("NFC", raw or "").replace("\\", "/").split("/")
    folders = [safe_file_name(part) for part in parts[:-1] if part.strip(" .")][-MAX_FOLDERS:]
    return "/".join([*folders, safe_file_name(parts[-1])])
