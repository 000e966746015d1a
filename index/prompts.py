"""The query and passage prompts a sentence-transformers model was trained with.

Retrieval models expect a prefix on queries, and some on passages too; without it they rank worse.
A model's own ``config_sentence_transformers.json`` ``prompts`` win; otherwise the family, told by
the model's name (its folder, hub id or ``config.json`` ``_name_or_path``), gives the prompts its
model card documents; an unknown model gets none.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

# The E5 instruct models' and gte-Qwen's retrieval instruction (their cards' web search task); passages get none.
WEB_SEARCH_INSTRUCTION = "Instruct: Given a web search query, retrieve relevant passages that answer the query\nQuery: "
BGE_QUERY = "Represent this sentence for searching relevant passages: "  # bge-*-en v1/v1.5, mxbai-embed-large
BGE_ZH_QUERY = "为这个句子生成表示以用于检索相关文章："


def _name(pattern: str) -> re.Pattern:
    """A pattern matched inside a lowercased model name, not inside a longer word: ``e5`` but not ``xe5``."""
    return re.compile(rf"(?<![a-z0-9]){pattern}(?![a-z0-9])")


# (family, name pattern, query prompt, passage prompt); the first family that matches wins.
FAMILIES: tuple[tuple[str, re.Pattern, str, str], ...] = (
    ("e5-instruct", _name(r"e5(-[a-z0-9.]+)*-instruct"), WEB_SEARCH_INSTRUCTION, ""),
    ("e5", _name("e5"), "query: ", "passage: "),
    ("bge-m3", _name("bge-m3"), "", ""),
    ("bge-zh", _name(r"bge-[a-z0-9.-]*zh(-v1(\.5)?)?"), BGE_ZH_QUERY, ""),
    ("bge-en", _name(r"bge-[a-z0-9.-]*en(-v1(\.5)?)?"), BGE_QUERY, ""),
    ("mxbai", _name("mxbai-embed-large(-v1)?"), BGE_QUERY, ""),
    ("nomic", _name(r"nomic-embed-text(-v[0-9.]+)?(-moe)?"), "search_query: ", "search_document: "),
    ("gte-qwen", _name(r"gte-qwen[a-z0-9.-]*-instruct"), WEB_SEARCH_INSTRUCTION, ""),
    ("gte", _name("gte"), "", ""),
)
PASSAGE_PROMPT_NAMES = ("document", "passage", "corpus")  # as sentence-transformers' encode_document looks them up


@dataclass(frozen=True)
class Prompts:
    """What to put before each query and each passage, and where that was learned (for logs and status)."""

    query: str
    passage: str
    origin: str


def choose_prompts(names: Iterable[str], saved: Mapping[str, str] | None = None) -> Prompts:
    """The model's saved prompts when it has any, else those of the first family one of ``names`` belongs to."""
    if saved:
        passage = next((saved[name] for name in PASSAGE_PROMPT_NAMES if name in saved), "")
        return Prompts(saved.get("query", ""), passage, "the model's config_sentence_transformers.json")
    for name in names:
        lowered = name.lower()
        for family, pattern, query, passage in FAMILIES:
            if pattern.search(lowered):
                return Prompts(query, passage, f"the {family} family ({name})")
    return Prompts("", "", "no known family: no prompts")


def model_names(model: str) -> list[str]:
    """The names a model goes by: its folder or hub id, a hub cache folder's id, and ``config.json``'s
    ``_name_or_path``; a local path's parent folders are left out (``/home/e5/model`` is not E5)."""
    path = Path(model)
    names = [path.name if path.is_dir() else model]
    names += [part.removeprefix("models--").replace("--", "/") for part in path.parts if part.startswith("models--")]
    config = _read_json(path / "config.json") if path.is_dir() else {}
    if isinstance(config.get("_name_or_path"), str) and config["_name_or_path"]:
        names.append(config["_name_or_path"])
    return names


def saved_prompts(model: str, loaded: Mapping[str, str]) -> dict[str, str]:
    """The prompts the model ships: a local folder's ``config_sentence_transformers.json`` (even if empty
    strings), or for a hub id those sentence-transformers loaded that are not empty (its defaults are)."""
    path = Path(model)
    if path.is_dir():
        prompts = _read_json(path / "config_sentence_transformers.json").get("prompts")
        if not isinstance(prompts, dict):
            return {}
        return {name: text for name, text in prompts.items() if isinstance(text, str)}
    return {name: text for name, text in loaded.items() if text}


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
