"""Start the Streamlit app: ``kavosh ui`` calls ``run_ui``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_PATH = Path(__file__).resolve().parent / "app.py"


def streamlit_command(port: int, host: str = "127.0.0.1") -> list[str]:
    """The ``streamlit run`` command line for the app on ``host:port``, headless and without usage stats.

    Streamlit listens on every interface unless told an address: the default here is this machine only.
    """
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_PATH),
        "--server.address",
        host,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        # An unexpected error shows its type and message on the page, the traceback only in the log.
        "--client.showErrorDetails",
        "type",
        "--client.toolbarMode",
        "minimal",
    ]


def run_ui(port: int = 8501, api_url: str | None = None, host: str = "127.0.0.1") -> None:
    """Replace this process with Streamlit serving the app; it talks to the API at ``api_url``.

    Args:
        port: the port the app listens on.
        host: the address it listens on (127.0.0.1: only this machine can open it).
        api_url: the API's address; None keeps ``KAVOSH_API_URL`` (or the default, http://127.0.0.1:8000).
    """
    if not 0 < port < 65536:
        raise ValueError(f"port: must be between 1 and 65535 (got {port})")
    env = dict(os.environ)
    if api_url:
        env["KAVOSH_API_URL"] = api_url
    command = streamlit_command(port, host)
    os.execve(command[0], command, env)
