#!/usr/bin/env bash
# Create .venv (Python 3.11) and install Kavosh into it; "test" also installs the test tools and Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

extras="${1:-}"
python="${KAVOSH_PYTHON:-$(command -v python3.11 || command -v python3)}"
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# OCR of scans and images: Debian's Tesseract with its Persian and English models and script detection.
has_ocr() { command -v tesseract >/dev/null && [ "$(tesseract --list-langs 2>/dev/null | grep -cxE 'fas|eng|osd')" = 3 ]; }
if ! has_ocr; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      tesseract-ocr tesseract-ocr-fas tesseract-ocr-eng tesseract-ocr-osd >/dev/null
  else
    echo "warning: OCR needs tesseract-ocr tesseract-ocr-fas tesseract-ocr-eng tesseract-ocr-osd (Debian)" >&2
  fi
fi
if [ "$extras" = "test" ]; then
  .venv/bin/python -m pip install --quiet -e '.[test]'
  # The browser test drives Debian's Chromium (Playwright cannot download browsers here); the Noto
  # fonts are what tests/fixtures/layout/make_fixtures.py prints its Persian and English pages in.
  if { [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -q NotoNaskhArabic; } \
    && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null
  fi
else
  .venv/bin/python -m pip install --quiet -e .
fi
.venv/bin/python -m pip check
