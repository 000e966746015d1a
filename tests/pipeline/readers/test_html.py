"""Tests for pipeline.readers.html: visible text, titles, declared charsets."""

from __future__ import annotations

from pathlib import Path

from pipeline.readers import HtmlReader, read_document
from tests.pipeline.readers.helpers import CP1256_SAMPLE, write

# --------------------------------------------------------------------------- HTML

HTML_SAMPLE = """\
<!DOCTYPE html>
<html lang="fa"><head>
<meta charset="utf-8">
<title>نشست دیپلماسی علم &amp; فناوری</title>
<style>body { color: red }</style>
<script>var menu = "do not index";</script>
</head>
<body>
<nav><a href="/">Home</a> <a href="/news">News menu</a></nav>
<header><h1>Science &amp; Technology <em>Diplomacy</em></h1></header>
<p>First&nbsp;paragraph with   extra
   spaces and همکاری&zwnj;های علمی.</p>
<div>Second block<br>new line</div>
<ul><li>one</li><li>two</li></ul>
<table><tr><td>cell a</td><td>cell b</td></tr></table>
<p hidden>hidden text</p>
<div style="display: none">invisible text</div>
<aside>Related links sidebar</aside>
<footer>Copyright footer</footer>
</body></html>
"""


def test_html_text_and_title(tmp_path: Path) -> None:
    document = HtmlReader().read(HTML_SAMPLE.encode(), tmp_path / "page.html")
    lines = document.pages[0].text.split("\n")
    assert document.title == "نشست دیپلماسی علم & فناوری"
    assert document.kind == "html"
    assert "Science & Technology Diplomacy" in lines
    assert "First paragraph with extra spaces and همکاری\u200cهای علمی." in lines  # ZWNJ kept
    assert lines[lines.index("Second block") + 1] == "new line"
    assert {"one", "two", "cell a cell b"} <= set(lines)
    dropped = ["color: red", "do not index", "News menu", "hidden text", "invisible", "sidebar", "Copyright"]
    assert not [text for text in dropped if text in document.text]
    assert "\n\n\n" not in document.text


def test_html_title_falls_back_to_first_h1(tmp_path: Path) -> None:
    html = "<html><body><h1>Main <b>headline</b></h1><h1>Other</h1><p>x</p></body>"
    path = write(tmp_path, "page.htm", html)
    assert read_document(path).title == "Main headline"


def test_html_unclosed_title_does_not_swallow_the_page(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "broken.html", "<title>Broken page<body><p>Body text</p>"))
    assert document.title == "Broken page"
    assert document.pages[0].text == "Body text"


def test_html_meta_charset_windows_1256(tmp_path: Path) -> None:
    body = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1256'>"
    body += f"<title>{CP1256_SAMPLE.splitlines()[0]}</title></head><body><p>{CP1256_SAMPLE}</p></body></html>"
    document = read_document(write(tmp_path, "old.html", body.encode("cp1256")))
    assert document.title == CP1256_SAMPLE.splitlines()[0]
    assert "در روز يکشنبه 28 آذرماه" in document.text
