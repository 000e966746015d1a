"""The deployment recipe in deploy/ is checked without Docker: every command, setting, port and path it
names must exist in this version of Kavosh."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

from kavosh.cli import build_parser
from kavosh.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
COMPOSE = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
KAVOSH_SERVICES = {name: service for name, service in SERVICES.items() if service.get("image") == "kavosh:latest"}


def test_the_recipe_has_a_qdrant_cluster_several_apis_a_balancer_and_dask_workers():
    assert sum(name.startswith("qdrant-") for name in SERVICES) >= 3
    apis = [name for name, service in KAVOSH_SERVICES.items() if service.get("command", [None])[0] == "serve"]
    assert len(apis) >= 2
    assert {"lb", "ui", "dask-scheduler", "dask-worker", "ingest"} <= set(SERVICES)


@pytest.mark.parametrize("name", sorted(KAVOSH_SERVICES))
def test_every_kavosh_command_is_one_the_cli_accepts(name):
    service = KAVOSH_SERVICES[name]
    if "entrypoint" in service:  # a Dask process from the same image
        assert service["entrypoint"][0] == "dask"
        return
    try:
        build_parser().parse_args(service["command"])
    except SystemExit:
        pytest.fail(f"{name}: `kavosh {' '.join(service['command'])}` is not a valid command")


def test_every_kavosh_setting_named_exists():
    fields = {f"KAVOSH_{name.upper()}" for name in Settings.model_fields}
    named = set()
    for service in KAVOSH_SERVICES.values():
        named |= {key for key in service.get("environment", {}) if key.startswith("KAVOSH_")}
    assert named and named <= fields, named - fields


def test_published_ports_listen_on_loopback_only():
    for name, service in SERVICES.items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} beyond this machine"


def test_the_balancer_sends_to_the_api_services():
    nginx = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    assert nginx.count("{") == nginx.count("}")
    upstream = set(re.findall(r"server\s+([\w-]+):8000;", nginx))
    apis = {name for name, service in KAVOSH_SERVICES.items() if service.get("command", [None])[0] == "serve"}
    assert upstream == apis


def test_the_dockerfile_copies_what_exists_and_installs_a_declared_extra():
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    for sources in re.findall(r"^COPY\s+(.+?)\s+\S+$", dockerfile, flags=re.M):
        for source in sources.split():
            assert (ROOT / source).exists(), f"COPY {source}: no such path"
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    for extra in re.findall(r"pip install [^\n]*'\.\[(\w+)\]'", dockerfile):
        assert extra in extras, f"the image installs .[{extra}], which pyproject.toml does not declare"
    assert any("distributed" in requirement for requirement in extras.get("cluster", [])), \
        "the Dask workers need distributed in the cluster extra"
