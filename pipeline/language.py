"""Which language a text is in, judged by counting Persian-script and Latin letters."""

from __future__ import annotations

import re

# Code point ranges of the Arabic script (the block, its supplements and presentation forms).
ARABIC_RANGES = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
LATIN_RANGES = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"

# A letter is a word character that is neither a digit nor "_"; tatweel (U+0640) is a stretch, not a letter.
PERSIAN_LETTER = re.compile(f"(?=[^\\W\\d_])(?!\u0640)[{ARABIC_RANGES}]")
LATIN_LETTER = re.compile(f"(?=[^\\W\\d_])[{LATIN_RANGES}]")

# Share of letters the minority script needs for a text to count as mixed.
MIXED_SHARE = 0.3


def script_counts(text: str) -> tuple[int, int]:
    """Count Persian-script (Arabic block) letters and Latin letters in ``text``."""
    return len(PERSIAN_LETTER.findall(text)), len(LATIN_LETTER.findall(text))


def detect_language(text: str, mixed_share: float = MIXED_SHARE) -> str:
    """Say "fa", "en" or "mixed" (minority script ≥ ``mixed_share`` of letters); letterless text is "en"."""
    persian, latin = script_counts(text)
    total = persian + latin
    if total == 0:
        return "en"
    if min(persian, latin) / total >= mixed_share:
        return "mixed"
    return "fa" if persian > latin else "en"


def dominant_language(text: str) -> str:
    """Say "fa" or "en" by letter majority, for chunks that must carry one language; ties go to "en"."""
    persian, latin = script_counts(text)
    return "fa" if persian > latin else "en"
