"""Name a stage's code by what it really imports, so a cache keyed by it cannot go stale.

A fingerprint walks the imports of its root modules statically (function-level imports too,
`if TYPE_CHECKING:` blocks not: they never run), through every module of the same package
it reaches. It digests each reached module's name and source, the files of the named data
packages, the version of every outside distribution the reached modules import, and the
Python and Unicode versions (they decide what `\\w`, `(?i)` and `str.lower` do). Moving a
module, editing it or adding an import to it gives a new fingerprint; a module that cannot be
found is an error, never a silent constant.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import metadata
from pathlib import Path


class MissingModule(ImportError):
    """A module named by a fingerprint, or imported by one it walks, cannot be found."""


@cache
def code_fingerprint(roots: tuple[str, ...], data: tuple[str, ...] = ()) -> str:
    """A short digest of the code behind `roots` (dotted module names) and the files of the
    `data` packages; see the module docstring for what goes in. Made once per process:
    `code_fingerprint.cache_clear()` forgets it."""
    modules, outside = import_closure(roots)
    digest = hashlib.sha256()
    for name, path in sorted(modules.items()):
        _update(digest, "module", name, path.read_bytes())
    for package in data:
        folder = _module_path(package).parent
        for file in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".pyc"):
            relative = file.relative_to(folder).as_posix()
            _update(digest, "data", f"{package}/{relative}", file.read_bytes())
    for top in sorted(outside):
        _update(digest, "library", top, _distribution_versions(top))
    _update(digest, "runtime", sys.version, unicodedata.unidata_version)
    return digest.hexdigest()[:16]


def import_closure(roots: Iterable[str]) -> tuple[dict[str, Path], set[str]]:
    """The modules of the roots' own package that the roots reach by importing, with their
    source files, and the top-level names of the outside (non-standard) modules imported."""
    roots = list(roots)
    packages = {root.split(".")[0] for root in roots}
    modules: dict[str, Path] = {}
    outside: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in modules:
            continue
        path = _module_path(name)
        modules[name] = path
        # Importing a submodule runs every package `__init__` above it.
        parts = name.split(".")
        pending += [".".join(parts[:end]) for end in range(1, len(parts))]
        for imported, names in _parsed_imports(name, path, *_stamp(path)):
            top = imported.split(".")[0]
            if top in packages:
                pending.append(imported)
                pending += _own_submodules(imported, names)
            elif top != "__future__" and top not in sys.stdlib_module_names:
                outside.add(top)
    return modules, outside


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size


@cache
def _parsed_imports(
    name: str, path: Path, mtime: int, size: int
) -> tuple[tuple[str, list[str]], ...]:
    """The imports of module `name` (as `_imports` gives them), parsed once per version of
    its file: the four fingerprints of a build share the walk."""
    tree = ast.parse(path.read_bytes(), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    return tuple(_imports(tree, package))


def _own_submodules(module: str, names: list[str]) -> list[str]:
    """Which of `from module import names` are submodules. A name that is neither a
    submodule nor defined in the package's `__init__` is a module that has gone missing."""
    found = [f"{module}.{name}" for name in names if _is_module(f"{module}.{name}")]
    rest = [name for name in names if f"{module}.{name}" not in found]
    if rest:
        path = _module_path(module)
        defined = (
            _defined_names(ast.parse(path.read_bytes())) if path.name == "__init__.py" else None
        )
        for name in rest:
            if defined is not None and name not in defined and name != "*":
                raise MissingModule(f"{module}.{name}: no such module or name in {module}")
    return found


def _defined_names(tree: ast.Module) -> set[str]:
    """The names a module's top level binds (assignments, definitions, imports)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def _imports(tree: ast.Module, package: str) -> Iterator[tuple[str, list[str]]]:
    """Each module an import statement of `tree` loads, with the names it takes from it
    (`from a import b, c`: `("a", ["b", "c"])`; `import a.b`: `("a.b", [])`)."""
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            yield base, [alias.name for alias in node.names]


def _runtime_nodes(node: ast.AST) -> Iterator[ast.AST]:
    """The statements under `node` that can run: `if TYPE_CHECKING:` bodies are left out.
    Only statements are walked (an import is always one), not the expressions inside."""
    stack = [node]
    while stack:
        for child in ast.iter_child_nodes(stack.pop()):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                stack.extend(child.orelse)
                continue
            if isinstance(child, ast.stmt | ast.excepthandler | ast.match_case):
                yield child
                stack.append(child)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _module_path(name: str) -> Path:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError) as error:
        raise MissingModule(f"{name}: cannot be found ({error})") from error
    if spec is None or spec.origin is None or not Path(spec.origin).is_file():
        raise MissingModule(f"{name}: no source file found for this module")
    return Path(spec.origin)


@cache
def _distribution_versions(top: str) -> str:
    """`dist=version` of the installed distributions providing the top-level module `top`
    ("-" when none is installed: an optional import that is absent here)."""
    names = _declared_tops().get(top) or _inferred_providers(top)
    found = sorted(f"{name}={metadata.version(name)}" for name in set(names))
    return " ".join(found) or "-"


@cache
def _declared_tops() -> dict[str, list[str]]:
    """Top-level module -> distributions, from each one's `top_level.txt` (cheap to read;
    `metadata.packages_distributions` also lists every file of every distribution)."""
    tops: dict[str, list[str]] = {}
    for distribution in metadata.distributions():
        for name in (distribution.read_text("top_level.txt") or "").split():
            tops.setdefault(name, []).append(distribution.metadata["Name"])
    return tops


def _inferred_providers(top: str) -> list[str]:
    """The distributions without a `top_level.txt` whose files hold `top`."""
    found = []
    for distribution in metadata.distributions():
        if distribution.read_text("top_level.txt") is not None:
            continue
        for file in distribution.files or ():
            if file.parts and file.parts[0] in {top, f"{top}.py"}:
                found.append(distribution.metadata["Name"])
                break
    return found


def _update(digest: hashlib._Hash, *parts: str | bytes) -> None:
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
