"""AppTest apps of the whole Kavosh UI, wired to a fake API."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.fake_api import APP_PATH, FakeApi
from ui import session


@pytest.fixture
def make_app(monkeypatch):
    """Build an AppTest of the whole app that talks to ``api`` (a FakeApi) instead of the real API."""

    def make(api: FakeApi, view: str | None = None, **query_params: str) -> AppTest:
        """``view`` is a page file such as ``views/ops.py``; the search page if None."""
        monkeypatch.setattr(session, "ApiClient", api.client)
        app = AppTest.from_file(str(APP_PATH), default_timeout=60)
        if view:
            if "ui" in query_params:  # the interface's language is taken from the link on the first run
                app.query_params["ui"] = query_params["ui"]
            app.run()  # registers the pages, so that switch_page finds them
            app.switch_page(view)
        for name, value in query_params.items():
            app.query_params[name] = value
        return app.run()

    return make
