"""Names, acronyms, dates and numbers across scripts and calendars: the other spellings of a query's words.

A Persian question may name `ANSO` as «آنسو», a person as «اورهان آیدین» where the passage has
`Orhan Aydin`, or a date as «۲۹ مهر ۱۴۰۴» where the passage has `21 October 2025`. Each query word
gets its alternatives (search keys) from three sources:

- the calendars: a year maps to the two years of the other calendar it overlaps (2018 → 1396, 1397),
  a whole date to the same day in the other calendar, month names to their other-script spellings;
- the collection's own text: an acronym written in parentheses beside its name
  («بانک توسعه صادرات (EDBI)», `Center for ... (CPDI)`) links the acronym and the name's words;
- sound-alike words of the other script in the collection: a consonant skeleton that both scripts share
  (`Roozbeh` and «روزبه» → `rzb`; `ANSO` and «آنسو» → vowel + `ns`).

Keyword evidence then counts a query word as found when a passage holds it or one of its alternatives,
and the lexical query asks for the alternatives too.
"""

from __future__ import annotations

import datetime
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Protocol

import jdatetime

from pipeline.normalize import terms, tokenize, word_key

# --- calendars ---------------------------------------------------------------------------------------

_GREGORIAN_EN = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                 "october", "november", "december")
_GREGORIAN_FA = (("ژانویه",), ("فوریه",), ("مارس",), ("آوریل",), ("مه", "می"), ("ژوئن",), ("ژوئیه", "جولای"),
                 ("اوت", "آگوست"), ("سپتامبر",), ("اکتبر",), ("نوامبر",), ("دسامبر",))
_JALALI_FA = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن",
              "اسفند")
_JALALI_EN = (("farvardin",), ("ordibehesht",), ("khordad",), ("tir",), ("mordad", "amordad"), ("shahrivar",),
              ("mehr",), ("aban",), ("azar",), ("dey", "dei"), ("bahman",), ("esfand",))
_MONTH_SUFFIX = word_key("ماه")


def _month_table() -> dict[str, tuple[str, int]]:
    """Search key of a month name → (calendar, month number 1-12)."""
    table: dict[str, tuple[str, int]] = {}
    for number, name in enumerate(_GREGORIAN_EN, start=1):
        table[name] = ("gregorian", number)
        table[name[:3]] = ("gregorian", number)
    for number, names in enumerate(_GREGORIAN_FA, start=1):
        table.update((word_key(name), ("gregorian", number)) for name in names)
    for number, names in enumerate(_JALALI_EN, start=1):
        table.update((name, ("jalali", number)) for name in names)
    for number, name in enumerate(_JALALI_FA, start=1):
        table[word_key(name)] = ("jalali", number)
        table[word_key(name) + _MONTH_SUFFIX] = ("jalali", number)  # مهرماه
    table.pop("may", None)  # too common an English word; "May 2019" still maps through the year
    table.pop(word_key("می"), None)  # the verb prefix
    table.pop("mar", None)
    return table


MONTHS = _month_table()
_NUMBER = re.compile(r"\d{1,4}")


def _month_keys(calendar: str, number: int) -> set[str]:
    """Every search key naming one month, in both scripts (Jalali months also with «ماه»)."""
    if calendar == "jalali":
        persian = word_key(_JALALI_FA[number - 1])
        return {persian, persian + _MONTH_SUFFIX, *_JALALI_EN[number - 1]}
    return {_GREGORIAN_EN[number - 1], *(word_key(name) for name in _GREGORIAN_FA[number - 1])}


def _other_years(year: int) -> set[str]:
    """The years of the other calendar that overlap ``year`` (Jalali 1300-1499, Gregorian 1921-2120)."""
    if 1300 <= year <= 1499:
        return {str(year + 621), str(year + 622)}
    if 1921 <= year <= 2120:
        return {str(year - 622), str(year - 621)}
    return set()


def _convert(calendar: str, year: int, month: int, day: int) -> tuple[int, int, int] | None:
    """The same day in the other calendar as (year, month, day), or None for a date that does not exist."""
    try:
        if calendar == "gregorian":
            other = jdatetime.date.fromgregorian(date=datetime.date(year, month, day))
        else:
            other = jdatetime.date(year, month, day).togregorian()
    except ValueError:
        return None
    return other.year, other.month, other.day


def calendar_alternatives(keys: list[str]) -> dict[str, set[str]]:
    """Other-calendar and other-script keys for the years, months and dates in a query's word keys.

    `21 october 2025` → 21: {29}, october: {مهر, مهرماه, mehr}, 2025: {1404, 1403}; a month with a year maps
    to the two months of the other calendar it overlaps; a year alone to its two overlapping years.
    """
    alternatives: dict[str, set[str]] = {}
    for position, key in enumerate(keys):
        if _NUMBER.fullmatch(key) and len(key) == 4:
            alternatives.setdefault(key, set()).update(_other_years(int(key)))
        if key not in MONTHS:
            continue
        calendar, month = MONTHS[key]
        other = "gregorian" if calendar == "jalali" else "jalali"
        alternatives.setdefault(key, set()).update(_month_keys(calendar, month) - {key})
        day = _day_near(keys, position)
        year = next((int(k) for k in keys[position + 1 : position + 4] if _NUMBER.fullmatch(k) and len(k) == 4), None)
        years = [year] if year else ([1403, 1404] if calendar == "jalali" else [2024, 2025])
        for candidate_year in years:
            days = [day] if day else [1, 28]
            for candidate_day in days:
                converted = _convert(calendar, candidate_year, month, candidate_day)
                if converted is None:
                    continue
                other_year, other_month, other_day = converted
                alternatives[key].update(_month_keys(other, other_month))
                if day:
                    alternatives.setdefault(str(day), set()).add(str(other_day))
                if year:
                    alternatives.setdefault(str(year), set()).add(str(other_year))
    return {key: values - {key} for key, values in alternatives.items() if values - {key}}


def _day_near(keys: list[str], position: int) -> int | None:
    """The day of the month written just before a month name (`21 October`) or just after it (`October 21`)."""
    for index in (position - 1, position + 1):
        if 0 <= index < len(keys) and _NUMBER.fullmatch(keys[index]) and 1 <= int(keys[index]) <= 31 \
                and len(keys[index]) <= 2:
            return int(keys[index])
    return None


# --- sound-alike words across scripts ----------------------------------------------------------------

_PERSIAN_SOUNDS = str.maketrans({
    "ب": "b", "پ": "p", "ت": "t", "ط": "t", "ث": "s", "س": "s", "ص": "s", "ج": "j", "چ": "c", "ح": "h",
    "ه": "h", "خ": "x", "د": "d", "ذ": "z", "ز": "z", "ض": "z", "ظ": "z", "ر": "r", "ژ": "j", "ش": "S",
    "ع": "", "غ": "q", "ق": "q", "ف": "f", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n",
    "و": "", "ی": "", "ا": "",
})
_LATIN_SOUNDS = {"sch": "S", "sh": "S", "ch": "c", "kh": "x", "zh": "j", "gh": "q", "ph": "f", "th": "t", "ck": "k",
                 "x": "ks", "c": "k", "q": "q", "w": "", "v": "", "y": "", "a": "", "e": "", "i": "", "o": "", "u": ""}
_LATIN_SOUND = re.compile("|".join(sorted(_LATIN_SOUNDS, key=len, reverse=True)))
_PERSIAN_WORD = re.compile("[\u0600-\u06ff]+")
_LATIN_WORD = re.compile("[a-z]+")
MIN_WORD = 3  # letters a query word needs to look for sound-alikes
MIN_SKELETON = 2  # consonants a sound-alike must share (with the initial vowel, when there is one)


def skeleton(key: str) -> str | None:
    """The consonants of a word as both scripts write them, `V` first when it starts with a vowel; None if too short.

    Persian leaves short vowels unwritten and uses و/ی for both vowels and consonants, so vowels,
    و/ی and v/w/y are dropped; doubled consonants collapse (`Hossein` and «حسین» → `hsn`) and a final h
    goes (`Roozbeh`, «روزبه» → `rzb`).
    """
    if _PERSIAN_WORD.fullmatch(key):
        initial = "V" if key[0] in "اع" else ""
        consonants = key.translate(_PERSIAN_SOUNDS)
    elif _LATIN_WORD.fullmatch(key):
        initial = "V" if key[0] in "aeiou" else ""
        consonants = _LATIN_SOUND.sub(lambda match: _LATIN_SOUNDS[match.group()], key)
    else:
        return None
    consonants = re.sub(r"(.)\1+", r"\1", consonants).removesuffix("h")
    if len(consonants) < MIN_SKELETON:
        return None
    return initial + consonants


_LATIN_VOWEL_CLASS = {"a": "a", "e": "i", "i": "i", "y": "i", "o": "u", "u": "u", "w": "u", "v": "u"}
_PERSIAN_VOWEL_CLASS = {"ا": "a", "ی": "i", "و": "u"}


def _latin_vowels(key: str) -> list[str]:
    """Vowel classes of a Latin word in order (a; e/i/y; o/u/w/v), a run of one class counted once."""
    classes: list[str] = []
    previous = ""
    for letter in key:
        vowel = _LATIN_VOWEL_CLASS.get(letter, "")
        if vowel and vowel != previous:
            classes.append(vowel)
        previous = vowel
    return classes


def _persian_vowels(key: str) -> list[str]:
    """Vowel classes of a Persian word's written vowels (ا، ی، و); a first «او»/«ای» is one vowel, a first ا any.

    The و of «خوا» is not read (وطن‌خواه, `Vatankhah`).
    """
    key = key.replace("خوا", "خا")
    if key[:2] in ("او", "ای"):
        key = key[1:]
        classes = []
    else:
        classes = ["*"] if key[:1] == "ا" else []
        key = key[1:] if classes else key
    classes += [_PERSIAN_VOWEL_CLASS[letter] for letter in key if letter in _PERSIAN_VOWEL_CLASS]
    return classes


def vowels_fit(persian_key: str, latin_key: str) -> bool:
    """Whether the Persian word's written vowels can be read in the Latin word, in order (short vowels go unwritten).

    `Messi` and «موسوی» share a skeleton but not their vowels; `Roozbeh` and «روزبه» share both.
    """
    latin = iter(_latin_vowels(latin_key))
    return all(any(vowel in ("*", other) for other in latin) for vowel in _persian_vowels(persian_key))


def script(key: str) -> str:
    """``fa`` for a Persian-script key, ``en`` for a Latin one, ``""`` otherwise (numbers, mixed)."""
    if _PERSIAN_WORD.fullmatch(key):
        return "fa"
    return "en" if _LATIN_WORD.fullmatch(key) else ""


# --- acronyms in parentheses -------------------------------------------------------------------------

_PARENTHESIS = re.compile(r"\(\s*([^()]{2,60}?)\s*\)")
MAX_NAME_WORDS = 8


def parenthesis_aliases(*texts: str) -> Counter[tuple[str, str]]:
    """``(acronym key, name's keys joined by spaces) -> count`` for each `name (ACRONYM)` or `ACRONYM (name)` in texts.

    The name is the run of words just before the parenthesis (or inside it), back to a stopword other
    than «و»/`and`, at most one content word per letter of the acronym: «بانک توسعه صادرات (EDBI)»,
    `Center for Progress and Development of Iran (CPDI)`. A one-word name is too loose to keep.
    """
    found: Counter[tuple[str, str]] = Counter()
    matches = ((text, match) for text in texts for match in _PARENTHESIS.finditer(text))
    for page, match in matches:
        inside = match.group(1)
        if _is_acronym(inside):
            acronym, name = inside, _name_before(page[max(0, match.start() - 400) : match.start()], len(inside))
        else:
            before = re.search(r"([A-Za-z][A-Za-z0-9&\-]{1,11})\s*$", page[max(0, match.start() - 40) : match.start()])
            acronym = before.group(1) if before else ""
            name = _name_before(inside, len(acronym)) if _is_acronym(acronym) else None
        if name and len(name.split()) >= 2:
            found[(word_key(acronym), name)] += 1
    return found


def _is_acronym(text: str) -> bool:
    """`ANSO`, `iHiT`, `CAS-TWAS`: one Latin word of 2-12 letters with at least two capitals."""
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9&\-]{1,11}", text)) and sum(c.isupper() for c in text) >= 2


_NAME_GLUE = {word_key("و"), "and", "of", "for", "the"}


def _name_before(text: str, letters: int) -> str | None:
    """The name an acronym of ``letters`` letters stands for: the content words that end ``text``, in one script.

    Going back from the end, glue words («و», `and`, `of`, `for`, `the`) may sit inside the name; any
    other stopword or punctuation ends it. Latin names must be capitalized word by word.
    """
    clause = re.split(r"[.،,؛;:!?؟()«»\"\n]", text)[-1]
    tokens = tokenize(clause)
    content = set(terms(clause))
    name: list[str] = []
    for token in reversed(tokens):
        if token.key in content:
            written = clause[token.start : token.end]
            if script(token.key) == "en" and not written[0].isupper():
                break
            name.insert(0, token.key)
            if len(name) >= min(letters, MAX_NAME_WORDS):
                break
        elif token.key not in _NAME_GLUE:
            break
    if not name or len({script(key) for key in name}) != 1 or script(name[0]) == "":
        return None
    return " ".join(name)


def merge(*tables: dict[str, set[str]]) -> dict[str, set[str]]:
    """One alternatives table from several (the union of each key's alternatives)."""
    merged: dict[str, set[str]] = {}
    for table in tables:
        for key, values in table.items():
            merged.setdefault(key, set()).update(values)
    return merged


def alternative_terms(alternatives: dict[str, Iterable[str]]) -> list[str]:
    """Every word an alternatives table adds to the lexical query (a phrase's words one by one)."""
    return sorted({word for values in alternatives.values() for value in values for word in value.split()})


class AliasSource(Protocol):
    """What the collection knows about its words (``index.vocabulary.Vocabulary`` provides it)."""

    def sound_alikes(self, skeletons: Iterable[str]) -> dict[str, set[str]]:
        """The collection's search keys for each skeleton."""
        ...

    def capitalized(self, keys: Iterable[str]) -> dict[str, bool]:
        """For each of ``keys`` the collection has: whether it mostly writes it capitalized (names, acronyms)."""
        ...

    def acronyms(self, keys: Iterable[str]) -> list[tuple[str, str]]:
        """``(acronym key, name's keys)`` pairs whose acronym or the name's first word is among ``keys``."""
        ...


def query_alternatives(keys: list[str], source: AliasSource | None = None) -> dict[str, set[str]]:
    """Each query word's other spellings: calendars always, the collection's acronyms and sound-alikes when known.

    A value with spaces is a phrase: it counts as found only when a passage holds all its words.
    """
    tables = [calendar_alternatives(keys)]
    if source is not None:
        tables.append(_acronym_alternatives(keys, source.acronyms(set(keys))))
        tables.append(_sound_alike_alternatives(keys, source))
    return {key: values for key, values in merge(*tables).items() if key in keys}


def enough_of(phrase: str, has_word: Callable[[str], bool]) -> bool:
    """Whether enough of a name's words are there to count as the name: two thirds of them, and at least two.

    A name learned from the text may carry a word too many («ایران اتحادیه اقتصادی اوراسیا» for EAEU).
    """
    words = phrase.split()
    found = sum(1 for word in words if has_word(word))
    return found >= max(2, math.ceil(2 * len(words) / 3)) if len(words) > 1 else found == 1


def _acronym_alternatives(keys: list[str], pairs: list[tuple[str, str]]) -> dict[str, set[str]]:
    """An acronym in the query gets its name (a phrase); a name in the query gives each of its words the acronym."""
    present = set(keys)
    table: dict[str, set[str]] = {}
    for acronym, name in pairs:
        if acronym in present:
            table.setdefault(acronym, set()).add(name)
        if len(name.split()) > 1 and enough_of(name, present.__contains__):
            for key in set(name.split()) & present:
                table.setdefault(key, set()).add(acronym)
    return table


def _sound_alike_alternatives(keys: list[str], source: AliasSource) -> dict[str, set[str]]:
    """Words of the other script that sound like a query word (names and acronyms read as words)."""
    skeletons = {key: skeleton(key) for key in keys if script(key) and len(key) >= MIN_WORD}
    skeletons = {key: value for key, value in skeletons.items() if value}
    found = source.sound_alikes(set(skeletons.values()))
    candidates = {other for others in found.values() for other in others}
    capitalized = source.capitalized({key for key in [*skeletons, *candidates] if script(key) == "en"})
    table = {}
    for key, value in skeletons.items():
        if not capitalized.get(key, True):
            continue  # a common English word (`set`, `trade`) is no name; one the collection lacks may be
        others = {other for other in found.get(value, ())
                  if script(other) not in ("", script(key)) and capitalized.get(other, True)
                  and (vowels_fit(key, other) if script(key) == "fa" else vowels_fit(other, key))}
        if others:
            table[key] = others
    return table
