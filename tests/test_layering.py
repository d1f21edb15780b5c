"""The core stays free of MkDocs and pdfminer, so any builder can use it."""

from __future__ import annotations

import subprocess
import sys

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
