"""Tests for pipeline.readers.markdown: de-marked text and titles."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.readers import MarkdownReader, read_document
from tests.pipeline.readers.helpers import write

# --------------------------------------------------------------------------- Markdown

MARKDOWN_SAMPLE = """\
Intro line before the heading.

# Science **Diplomacy** Meeting

A *short* report with a [link](https://example.org) and `code`, plus snake_case_names.

## دیپلماسی علم

> quoted line

```python
print("# not a heading")
```

| col | col2 |
|-----|------|
| a   | b    |

![a chart](chart.png)

---
[ref]: https://example.org
"""


def test_markdown_title_and_text(tmp_path: Path) -> None:
    document = MarkdownReader().read(MARKDOWN_SAMPLE.encode(), tmp_path / "meeting.md")
    text = document.pages[0].text
    assert document.title == "Science Diplomacy Meeting"
    assert document.kind == "markdown"
    for expected in [
        "Intro line before the heading.",
        "\nScience Diplomacy Meeting\n",
        "A short report with a link and code, plus snake_case_names.",
        "\nدیپلماسی علم\n",
        "\nquoted line\n",
        'print("# not a heading")',
        "a chart",
    ]:
        assert expected in text
    for gone in ["**", "](", "```", "|-----|", "https://example.org", "\n---"]:
        assert gone not in text


@pytest.mark.parametrize(
    "source, title",
    [
        ("---\ntitle: 'From front matter'\n---\n# Heading\ntext", "From front matter"),
        ("Setext Title\n============\n\ntext", "Setext Title"),
        ("## Only a second-level heading\ntext", "Only a second-level heading"),
        ("### گزارش نشست ###\nمتن", "گزارش نشست"),
        ("plain first line\nmore", "plain first line"),
    ],
)
def test_markdown_titles(tmp_path: Path, source: str, title: str) -> None:
    document = read_document(write(tmp_path, "doc.md", source))
    assert document.title == title
    assert "---" not in document.pages[0].text
    assert "title:" not in document.pages[0].text
