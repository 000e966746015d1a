"""Precision and recall of pipeline.entities on hand-labelled passages of the seed corpus.

    PYTHONPATH=. python benchmarks/entities_eval.py [--labels corpora/eval/entities.jsonl] [--errors]

Each labelled passage lists every person, organization and place named in it, as written (titles left
out, the outermost name only: "University of Tehran", not also "Tehran"). A found entity counts when its
kind and its name's search key equal a label's (exact), or when one name's words contain the other's
(overlap). Two modes: the built-in gazetteer alone (one passage at a time), and a gazetteer that first
learned from every file in corpora/seeds (``Gazetteer.learn``), as an ingest of the collection would.
Passages of the "dev" split were looked at while writing the rules; "test" ones were not.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from pipeline.entities import KINDS, Gazetteer, builtin_gazetteer, extract_entities
from pipeline.language import detect_language
from pipeline.normalize import display_text, search_key
from pipeline.readers import read_document

ROOT = Path(__file__).resolve().parent.parent


def collection_gazetteer(folder: Path) -> Gazetteer:
    """The built-in gazetteer plus the names learned from every page of every file in ``folder``."""
    gazetteer = Gazetteer.builtin()
    for path in sorted(folder.iterdir()):
        for page in read_document(path).pages:
            text = display_text(page.text)
            gazetteer.learn(text, detect_language(text))
    return gazetteer


def _overlaps(a: str, b: str) -> bool:
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


def score(rows: list[dict], gazetteer: Gazetteer, errors: bool = False) -> dict:
    """Counts of true/false positives and misses, exact and by overlap, per split, language and kind."""
    counts: Counter = Counter()
    for row in rows:
        gold = {(e["kind"], search_key(e["name"])) for e in row["entities"]}
        found = {(e.kind, search_key(e.name)) for e in extract_entities(row["text"], row["lang"], gazetteer)}
        for group in ("all", row["split"], row["lang"]):
            for kind in ("all", *KINDS):
                g = {x for x in gold if kind in ("all", x[0])}
                f = {x for x in found if kind in ("all", x[0])}
                counts[group, kind, "gold"] += len(g)
                counts[group, kind, "found"] += len(f)
                counts[group, kind, "exact"] += len(g & f)
                counts[group, kind, "overlap_found"] += sum(
                    any(x[0] == y[0] and _overlaps(x[1], y[1]) for y in g) for x in f
                )
                counts[group, kind, "overlap_gold"] += sum(
                    any(x[0] == y[0] and _overlaps(x[1], y[1]) for y in f) for x in g
                )
        if errors:
            for kind, key in sorted(found - gold):
                print(f"  {row['id']} false {kind}: {key}")
            for kind, key in sorted(gold - found):
                print(f"  {row['id']} missed {kind}: {key}")
    return counts


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "  - "


def report(title: str, counts: Counter) -> None:
    print(f"\n{title}")
    print(f"{'passages':<8} {'kind':<7} {'labels':>6} {'found':>6} {'P':>5} {'R':>5} {'F1':>5}   {'P~':>5} {'R~':>5}")
    for group in ("all", "dev", "test", "en", "fa"):
        for kind in ("all", *KINDS):
            gold, found = counts[group, kind, "gold"], counts[group, kind, "found"]
            if not gold and not found:
                continue
            exact = counts[group, kind, "exact"]
            p, r = (exact / found if found else 0), (exact / gold if gold else 0)
            f1 = f"{2 * p * r / (p + r):.2f}" if p + r else "0.00"
            print(
                f"{group:<8} {kind:<7} {gold:>6} {found:>6} {_ratio(exact, found):>5} {_ratio(exact, gold):>5} {f1:>5}"
                f"   {_ratio(counts[group, kind, 'overlap_found'], found):>5}"
                f" {_ratio(counts[group, kind, 'overlap_gold'], gold):>5}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=ROOT / "corpora" / "eval" / "entities.jsonl")
    parser.add_argument("--errors", action="store_true", help="list every false and missed entity")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(f"{len(rows)} passages, {sum(len(r['entities']) for r in rows)} labelled entities; P~/R~: by overlap")
    report("built-in gazetteer, one passage at a time", score(rows, builtin_gazetteer(), args.errors))
    learned = collection_gazetteer(ROOT / "corpora" / "seeds")
    report("gazetteer learned from corpora/seeds", score(rows, learned, args.errors))


if __name__ == "__main__":
    main()
