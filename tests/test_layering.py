"""The core stays free of MkDocs and pdfminer, so any builder can use it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "corpus_site"
# The one module allowed to import each library, at any depth (function-level imports too).
OWNER = {"mkdocs": "plugin.py", "material": "plugin.py", "pdfminer": "extract/pdf.py"}

CORE = [
    "corpus_site.model",
    "corpus_site.extract.text",
    "corpus_site.normalise",
    "corpus_site.markdown",
    "corpus_site.corpus",
    "corpus_site.site",
    "corpus_site.topics",
    "corpus_site.glossary",
    "corpus_site.topic_pages",
    "corpus_site.topic_links",
    "corpus_site.fidelity",
    "corpus_site.report",
    "corpus_site.cli",
    "corpus_site.cite",
]


def test_core_modules_import_neither_mkdocs_nor_pdfminer() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}: importlib.import_module(name)\n"
        "banned = {'mkdocs', 'pdfminer', 'material'}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in banned)\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


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


def test_only_the_glue_modules_import_mkdocs_or_pdfminer_anywhere() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                owner = OWNER.get(name.split(".")[0])
                if owner is not None and module != owner:
                    offenders.append(f"{module}:{node.lineno} imports {name}")
    assert offenders == []
