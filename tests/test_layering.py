"""The layout is a contract: stages import one way, the core is free of MkDocs and pdfminer,
and pure renderers load no processes, YAML or cache.

Imports are read statically from every module, function-level ones too (`if TYPE_CHECKING:`
blocks are left out: they never run), so a lazy import cannot slip past.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus_site.runtime.fingerprint import import_closure

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "corpus_site"
# The stages, lowest first: a module may import its own unit and the units of lower ranks.
RANKS = {
    "errors": 0,
    "ids": 0,
    "model": 1,
    "runtime": 2,
    "mkdocs_yml": 2,
    "extract": 3,
    "metadata": 3,
    "corpus": 4,
    "anchors": 5,
    "pages": 6,
    "topics": 7,
    "site": 8,
    "search": 9,
    "fidelity": 9,
    "options": 10,
    "plugin": 11,
    "zensical": 11,
    "cli": 12,
    "__main__": 13,
}
# The one place allowed to import each library, at any depth.
OWNER: dict[str, tuple[str, ...]] = {
    "mkdocs": ("plugin/",),
    "material": ("plugin/",),
    "pdfminer": ("extract/pdf.py", "extract/pdf_glyphs.py", "extract/pdf_objects.py"),
}
# Renderers: Documents in, Markdown out, nothing else loaded.
PURE = ["corpus_site.pages.markdown", "corpus_site.pages.home", "corpus_site.topics.pages"]
PURE += ["corpus_site.topics.links", "corpus_site.pages.cite", "corpus_site.pages.paths"]
BANNED_IN_PURE = {"multiprocessing", "yaml", "pickle", "concurrent"}
CORE = [
    "corpus_site.model",
    "corpus_site.extract",
    "corpus_site.extract.text",
    "corpus_site.corpus",
    "corpus_site.site",
    "corpus_site.topics.config",
    "corpus_site.fidelity.report",
    "corpus_site.search.records",
    "corpus_site.options",
    "corpus_site.zensical",
    "corpus_site.cli",
]


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(("corpus_site", *parts))] = path
    return modules


def _imports(path: Path, module: str) -> Iterator[tuple[int, str]]:
    """(line, imported module) for each import that can run, with relative ones resolved."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    stack: list[ast.AST] = [ast.parse(path.read_text(encoding="utf-8"))]
    while stack:
        node = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and getattr(child.test, "id", "") == "TYPE_CHECKING":
                stack.extend(child.orelse)
                continue
            if isinstance(child, ast.Import):
                yield from ((child.lineno, alias.name) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                yield child.lineno, base
                yield from ((child.lineno, f"{base}.{alias.name}") for alias in child.names)
            stack.append(child)


def _unit(module: str) -> str:
    return module.split(".")[1] if "." in module else "__init__"


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for _, imported in _imports(path, name):
            if imported in modules and imported != name:
                graph[name].add(imported)
    return graph


def test_every_module_belongs_to_a_ranked_stage() -> None:
    units = {_unit(name) for name in _modules()} - {"__init__", "resources"}
    assert sorted(units - RANKS.keys()) == []


def test_stages_import_one_way() -> None:
    offenders = []
    for name, path in _modules().items():
        unit = _unit(name)
        if unit not in RANKS:
            continue
        for line, imported in _imports(path, name):
            if not imported.startswith("corpus_site.") or imported not in _modules():
                continue
            other = _unit(imported)
            if other == unit or other in {"__init__", "resources"}:
                continue
            if RANKS[other] >= RANKS[unit]:
                offenders.append(f"{path.relative_to(PACKAGE)}:{line} ({unit}) imports {imported}")
    assert offenders == []


def test_no_import_cycle() -> None:
    graph = _graph()
    cycles = [sorted(c) for c in _strongly_connected(graph) if len(c) > 1]
    assert cycles == []


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[set[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                found.append(component)
    return found


def test_only_the_glue_modules_import_mkdocs_or_pdfminer_anywhere() -> None:
    offenders = []
    for name, path in _modules().items():
        relative = path.relative_to(PACKAGE).as_posix()
        for line, imported in _imports(path, name):
            owner = OWNER.get(imported.split(".")[0])
            if owner is not None and not relative.startswith(owner):
                offenders.append(f"{relative}:{line} imports {imported}")
    assert offenders == []


@pytest.mark.parametrize("module", PURE)
def test_pure_renderers_reach_no_processes_yaml_or_cache(module: str) -> None:
    modules, outside = import_closure([module])
    reached = {name for name in modules if name.startswith("corpus_site.")}
    assert "corpus_site.runtime.cache" not in reached
    assert "corpus_site.runtime.pool" not in reached
    standard: set[str] = set()
    for name in reached:
        path = _modules()[name]
        standard |= {imported.split(".")[0] for _, imported in _imports(path, name)}
    assert sorted((standard | outside) & BANNED_IN_PURE) == []


def _loaded_after_importing(modules: list[str]) -> set[str]:
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_pure_renderers_load_no_processes_yaml_or_cache_when_imported() -> None:
    loaded = _loaded_after_importing(PURE)
    tops = {name.split(".")[0] for name in loaded}
    assert sorted(tops & BANNED_IN_PURE) == []
    assert "corpus_site.runtime.cache" not in loaded


def test_core_modules_import_neither_mkdocs_nor_pdfminer() -> None:
    loaded = _loaded_after_importing(CORE)
    assert sorted(m for m in loaded if m.split(".")[0] in {"mkdocs", "pdfminer", "material"}) == []


def test_model_uses_the_standard_library_only() -> None:
    code = (
        "import sys\nbefore = set(sys.modules)\nimport corpus_site.model\n"
        "new = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "print(sorted(new - set(sys.stdlib_module_names) - {'corpus_site'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_top_level_shows_the_flow_in_few_modules() -> None:
    top = sorted(
        p.name for p in PACKAGE.glob("*.py") if p.name not in {"__init__.py", "__main__.py"}
    )
    assert len(top) <= 10, top


def test_modules_stay_small() -> None:
    large = {
        path.relative_to(PACKAGE).as_posix(): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert large == {}
