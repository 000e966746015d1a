"""Kavosh's web app: search, a document view and an ops page, all talking to the Kavosh API.

Run it with ``kavosh ui`` (or ``streamlit run ui/app.py``); ``KAVOSH_API_URL`` says where the API is.
"""

import sys
from pathlib import Path

# `streamlit run ui/app.py` puts ui/ on sys.path, not the project root that holds the `ui` package.
PROJECT_ROOT = str(Path(__file__).resolve().parent.parent)
if PROJECT_ROOT not in sys.path:
    sys.path.insert(0, PROJECT_ROOT)

import streamlit as st  # noqa: E402

from ui.i18n import apply_direction, show_switch, t  # noqa: E402
from ui.render import STYLE_CSS  # noqa: E402

st.set_page_config(page_title="Kavosh · کاوش", page_icon="🔎", layout="wide")
st.html(f"<style>{STYLE_CSS}</style>")
apply_direction(show_switch())

# The pages live in views/, not pages/: Streamlit would serve a pages/ folder's files on their own.
navigation = st.navigation(
    [
        st.Page("views/search.py", title=t("page_search"), icon=":material/search:", url_path="search", default=True),
        st.Page("views/document.py", title=t("page_document"), icon=":material/article:", url_path="document"),
        st.Page("views/ops.py", title=t("page_ops"), icon=":material/monitoring:", url_path="ops"),
    ],
    position="top",
)
navigation.run()
