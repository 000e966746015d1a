"""The UI against crafted links and behind a read token."""

from __future__ import annotations

from tests.ui.fake_api import FakeApi, texts_of

CRAFTED = "[Log in again](https://evil.example/login) **urgent**"


def test_a_crafted_doc_link_cannot_put_markdown_in_the_warning(make_app):
    app = make_app(FakeApi(), view="views/document.py", doc=CRAFTED)
    assert not app.exception
    warning = app.warning[0].value
    assert "](https://evil.example" not in warning and "**urgent**" not in warning
    assert r"\[Log in again\]\(https://evil\.example/login\) \*\*urgent\*\*" in warning


def test_behind_a_read_token_the_ui_asks_for_it_and_then_sends_it(make_app):
    api = FakeApi(read_token="newsroom-reader-token")
    app = make_app(api, q="science diplomacy")
    assert not app.exception
    assert "This Kavosh API needs an access token to search and read documents." in texts_of(app)
    assert not app.get("html") or "kv-card" not in str(app.get("html"))
    app.text_input[-1].input("newsroom-reader-token")
    app.button[-1].click().run()
    assert not app.exception
    assert "access token" not in " ".join(texts_of(app))
    assert any(call.get("query") == "science diplomacy" for call in api.calls_to("search"))
    assert "kv-card" in "".join(str(element.proto) for element in app.get("html"))
