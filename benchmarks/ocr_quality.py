"""Time and word recall of OCR on a Persian and an English page, for the languages Tesseract is given.

    PYTHONPATH=. python benchmarks/ocr_quality.py [--runs 2]

The Persian page is tests/fixtures/scanned-persian-report.fa.pdf, whose words are known (the lines its
script drew); the English one is page 1 of the ANSO newsletter rendered to pixels, its words those of its
text layer. Recall: the share of those words (search keys, with repeats) found in the OCR text. "kavosh"
is what the reader does (``pipeline.readers.ocr.recognize``: the script by OSD, then its one model).
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

import pypdfium2
import pytesseract

from pipeline.normalize import display_text, tokenize
from pipeline.readers.ocr import OCR_DPI, read_persian_first, recognize
from tests.fixtures.make_scanned_pdf import LINES, OUT

NEWSLETTER = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "anso-newsletter-25-dec-2024.en.pdf"


def _words(text: str) -> Counter:
    return Counter(token.key for token in tokenize(display_text(text)))


def _page(path: Path, number: int = 0):
    """A PDF page rendered as OCR renders it, and its text layer."""
    pdf = pypdfium2.PdfDocument(path.read_bytes())
    try:
        return pdf[number].render(scale=OCR_DPI / 72, grayscale=True).to_pil(), pdf[
            number
        ].get_textpage().get_text_range()
    finally:
        pdf.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="OCR passes per setting (the best time is shown)")
    args = parser.parse_args()
    persian, _ = _page(OUT)
    english, english_text = _page(NEWSLETTER)
    pages = [
        ("Persian scan", persian, _words("\n".join(text for text, _ in LINES))),
        ("English page", english, _words(english_text)),
    ]
    print(f"{OCR_DPI} dpi, best of {args.runs} runs")
    print(f"{'page':<13} {'words':>5}  {'setting':<27} {'s/page':>7} {'recall':>7}")
    for page_name, image, truth in pages:
        settings = {
            "kavosh (OSD: fas or eng)": lambda image=image: recognize(image, OUT),
            "fas+eng, one pass": lambda image=image: pytesseract.image_to_string(image, lang="fas+eng"),
            "fas, then eng if Latin": lambda image=image: read_persian_first(image, OUT),
        }
        for name, run in settings.items():
            best, text = float("inf"), ""
            for _ in range(args.runs):
                start = time.perf_counter()
                text = run()
                best = min(best, time.perf_counter() - start)
            recall = sum((_words(text) & truth).values()) / sum(truth.values())
            print(f"{page_name:<13} {sum(truth.values()):>5}  {name:<27} {best:>7.1f} {recall:>7.0%}")


if __name__ == "__main__":
    main()
