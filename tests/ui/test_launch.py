"""ui.launch: `kavosh ui` execs Streamlit on the app, headless, with KAVOSH_API_URL set."""

from __future__ import annotations

import sys

import pytest

from ui import launch


def test_run_ui_execs_streamlit_with_the_api_url(monkeypatch):
    executed = {}
    monkeypatch.setattr(
        launch.os, "execve", lambda path, argv, env: executed.update(path=path, argv=argv, env=env)
    )
    monkeypatch.setenv("KAVOSH_API_URL", "http://old:1")

    launch.run_ui(8600, "http://127.0.0.1:8000")

    argv = executed["argv"]
    assert executed["path"] == sys.executable
    assert argv[1:4] == ["-m", "streamlit", "run"] and argv[4] == str(launch.APP_PATH)
    assert launch.APP_PATH.name == "app.py" and launch.APP_PATH.is_file()
    options = dict(zip(argv[5::2], argv[6::2], strict=True))
    assert options["--server.port"] == "8600"
    assert options["--server.address"] == "127.0.0.1"  # not every interface
    assert options["--server.headless"] == "true"
    assert options["--browser.gatherUsageStats"] == "false"
    assert executed["env"]["KAVOSH_API_URL"] == "http://127.0.0.1:8000"


def test_run_ui_keeps_the_environment_api_url(monkeypatch):
    executed = {}
    monkeypatch.setattr(launch.os, "execve", lambda path, argv, env: executed.update(env=env))
    monkeypatch.setenv("KAVOSH_API_URL", "http://api.internal:8000")
    launch.run_ui(8501, None)
    assert executed["env"]["KAVOSH_API_URL"] == "http://api.internal:8000"


@pytest.mark.parametrize("port", [0, 70000])
def test_bad_port_is_refused(port):
    with pytest.raises(ValueError, match="port"):
        launch.run_ui(port, None)


def test_run_ui_binds_the_address_it_is_given(monkeypatch):
    executed = {}
    monkeypatch.setattr(launch.os, "execve", lambda path, argv, env: executed.update(argv=argv))
    launch.run_ui(8501, None, host="0.0.0.0")
    options = dict(zip(executed["argv"][5::2], executed["argv"][6::2], strict=True))
    assert options["--server.address"] == "0.0.0.0"
