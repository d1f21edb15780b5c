"""Cache keys come from the code a stage really imports, so no edit or move serves stale pages."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus_site.runtime import cache
from corpus_site.runtime.fingerprint import MissingModule, code_fingerprint, import_closure


@pytest.fixture
def package(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[str, Path]]:
    """A fresh importable package of its own name: reader.py imports helper.py lazily."""
    name = f"fp_{request.node.name.replace('[', '_').replace(']', '_')}"
    root = tmp_path / name
    root.mkdir()
    (root / "__init__.py").write_text("")
    (root / "reader.py").write_text(
        "def read():\n    from . import helper\n\n    return helper.VALUE\n"
    )
    (root / "helper.py").write_text("VALUE = 1\n")
    (root / "unused.py").write_text("UNUSED = 1\n")
    sys.path.insert(0, str(tmp_path))
    try:
        yield name, root
    finally:
        sys.path.remove(str(tmp_path))
        for module in [m for m in sys.modules if m == name or m.startswith(f"{name}.")]:
            del sys.modules[module]


def _fingerprint(*roots: str, data: tuple[str, ...] = ()) -> str:
    importlib.invalidate_caches()
    code_fingerprint.cache_clear()
    return code_fingerprint(roots, data)


def test_a_function_level_import_is_followed(package: tuple[str, Path]) -> None:
    name, root = package
    modules, _ = import_closure([f"{name}.reader"])
    assert sorted(modules) == [name, f"{name}.helper", f"{name}.reader"]
    before = _fingerprint(f"{name}.reader")
    (root / "unused.py").write_text("UNUSED = 2\n")  # not imported: no effect
    assert _fingerprint(f"{name}.reader") == before
    (root / "helper.py").write_text("VALUE = 2\n")
    assert _fingerprint(f"{name}.reader") != before


def test_adding_an_import_to_a_reader_changes_the_key(package: tuple[str, Path]) -> None:
    name, root = package
    before = _fingerprint(f"{name}.reader")
    text = (root / "reader.py").read_text()
    (root / "reader.py").write_text(f"from {name} import unused\n\n" + text)
    after = _fingerprint(f"{name}.reader")
    assert after != before
    (root / "unused.py").write_text("UNUSED = 3\n")  # now imported: it counts
    assert _fingerprint(f"{name}.reader") != after


def test_moving_a_module_changes_the_key(package: tuple[str, Path]) -> None:
    name, root = package
    before = _fingerprint(f"{name}.reader")
    (root / "sub").mkdir()
    (root / "sub" / "__init__.py").write_text("")
    (root / "helper.py").rename(root / "sub" / "helper.py")
    (root / "reader.py").write_text(
        f"def read():\n    from {name}.sub import helper\n\n    return helper.VALUE\n"
    )
    (root / "reader2.py").write_text("")
    after = _fingerprint(f"{name}.reader")
    assert after != before
    assert f"{name}.sub.helper" in import_closure([f"{name}.reader"])[0]


def test_an_import_only_for_type_checking_does_not_count(package: tuple[str, Path]) -> None:
    name, root = package
    (root / "reader.py").write_text(
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from . import unused\n"
    )
    assert f"{name}.unused" not in import_closure([f"{name}.reader"])[0]


def test_a_missing_module_is_an_error_not_a_constant(package: tuple[str, Path]) -> None:
    name, root = package
    (root / "helper.py").unlink()
    with pytest.raises(MissingModule, match=f"{name}.helper"):
        _fingerprint(f"{name}.reader")
    with pytest.raises(MissingModule, match="nowhere"):
        _fingerprint(f"{name}.nowhere")


def test_data_files_and_outside_libraries_count(package: tuple[str, Path]) -> None:
    name, root = package
    (root / "data").mkdir()
    (root / "data" / "__init__.py").write_text("")
    (root / "data" / "style.css").write_text("a { color: red }\n")
    (root / "helper.py").write_text("import yaml\n\nVALUE = yaml.__name__\n")
    assert "yaml" in import_closure([f"{name}.reader"])[1]
    before = _fingerprint(f"{name}.reader", data=(f"{name}.data",))
    (root / "data" / "style.css").write_text("a { color: blue }\n")
    assert _fingerprint(f"{name}.reader", data=(f"{name}.data",)) != before


def test_the_reader_key_covers_every_reader_module_and_library() -> None:
    modules, outside = import_closure(cache.READER_ROOTS)
    for module in (
        "text",
        "builder",
        "segment",
        "inline",
        "hyphenation",
        "lists",
        "pdf",
        "pdf_layout",
    ):
        assert f"corpus_site.extract.{module}" in modules
    assert {"corpus_site.model", "corpus_site.ids", "corpus_site.errors"} <= modules.keys()
    assert {"pdfminer", "spellchecker"} <= outside
    # Nothing the pages or the plugin do decides a Document.
    assert not any(m.startswith(("corpus_site.pages", "corpus_site.plugin")) for m in modules)


def test_the_page_key_covers_the_page_writers_and_their_assets() -> None:
    modules, _ = import_closure(cache.PAGE_ROOTS)
    for module in ("pages.markdown", "pages.cite", "pages.escape", "topics.links"):
        assert f"corpus_site.{module}" in modules
    assert cache.PAGE_DATA == ("corpus_site.resources",)
