"""The structure, read from the code's own imports: layers point down only, no cycles, small files.

    kavosh (CLI, settings)          the composition root: may import every layer
    ui                              talks to the API over HTTP: the client and the records only
    search_api                      serves the index over HTTP
    index                           embeds, stores, searches, ingests
    pipeline                        files -> prepared documents and chunks
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("pipeline", "index", "search_api", "ui", "kavosh")  # bottom to top
# What the UI may use below it: it must not open the index or import the server.
UI_MAY_IMPORT = ("search_api.client", "search_api.errors", "index.records", "index.export", "pipeline.types")
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    modules = {}
    for package in LAYERS:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def _imports(path: Path, module: str) -> set[str]:
    """Every module of ours that ``module`` imports, at the top or inside a function."""
    imported = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            submodules = {f"{base}.{alias.name}" for alias in node.names} & MODULES.keys()
            imported.update(submodules or {base})  # `from package import module` needs the module
    return {name for name in imported if name.split(".")[0] in LAYERS}


def _graph() -> dict[str, set[str]]:
    """Module -> the modules of ours it imports; a module's own parent packages are left out
    (Python imports them first whatever the module says)."""
    graph = {}
    for module, path in MODULES.items():
        names = {name for name in _imports(path, module) if name in MODULES}
        graph[module] = {name for name in names if not module.startswith(f"{name}.")}
    return graph


MODULES = _modules()
GRAPH = _graph()


def _layer(module: str) -> int:
    return LAYERS.index(module.split(".")[0])


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down_only(module):
    upward = sorted(name for name in GRAPH[module] if _layer(name) > _layer(module))
    assert not upward, f"{module} imports a layer above it: {upward}"


@pytest.mark.parametrize("module", sorted(name for name in MODULES if name.startswith("ui")))
def test_ui_uses_only_the_http_client_and_the_records(module):
    below = sorted(name for name in GRAPH[module] if not name.startswith("ui"))
    assert all(name.startswith(UI_MAY_IMPORT) for name in below), f"{module} imports {below}"


def test_search_api_does_not_reach_into_the_pipeline_internals():
    """The API serves the index; of the pipeline it needs only what files are accepted."""
    for module in (name for name in MODULES if name.startswith("search_api")):
        pipeline = {name for name in GRAPH[module] if name.startswith("pipeline")}
        assert pipeline <= {"pipeline.readers", "pipeline.types"}, (module, pipeline)


def test_there_is_no_import_cycle():
    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for name in sorted(GRAPH[module]):
            if state.get(name) == "open":
                cycle = trail[trail.index(name):] + [name] if name in trail else [module, name]
                pytest.fail(f"import cycle: {' -> '.join(cycle)}")
            if name not in state:
                visit(name, [*trail, name])
        state[module] = "done"

    for module in sorted(MODULES):
        if module not in state:
            visit(module, [module])


@pytest.mark.parametrize("path", sorted(MODULES.values()), ids=lambda path: str(path.relative_to(ROOT)))
def test_source_files_stay_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines; split it"


def test_the_checker_sees_an_upward_import(tmp_path):
    """The checks above can fail: an import from a higher layer is found, inside a function too."""
    source = tmp_path / "probe.py"
    source.write_text("def f():\n    from search_api.client import ApiClient\n", encoding="utf-8")
    assert "search_api.client" in _imports(source, "index.probe")
    assert _layer("search_api.client") > _layer("index.probe")
