"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
FIRST_SEED = CORPUS / "russia-strategic-calculus-south-asia.txt"
SECOND_SEED = CORPUS / "pakistan-russia-convergence-excerpt.txt"
SHARED_PDFS = REPO.parent / "shared" / "pdfs"
UPDATE_GOLDEN = os.environ.get("UPDATE_GOLDEN") == "1"


def check_golden(path: Path, actual: str) -> None:
    """Compare with a reviewed golden file; `UPDATE_GOLDEN=1` rewrites it for review."""
    if UPDATE_GOLDEN or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        if not UPDATE_GOLDEN:
            pytest.fail(f"golden file {path.name} was missing and has been written; review it")
    assert actual == path.read_text(encoding="utf-8"), (
        f"{path.name} differs from the reviewed golden file; if the change is intended, "
        "rerun with UPDATE_GOLDEN=1 and read the diff"
    )


@pytest.fixture
def seed_corpus(tmp_path: Path) -> Path:
    """A copy of the bundled corpus that a test may change."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


def first_seed(folder: Path) -> Path:
    """`folder`, made, holding the first seed and its metadata: one paper a test may change."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in (FIRST_SEED, FIRST_SEED.with_suffix(".yml")):
        shutil.copy(source, folder / source.name)
    return folder


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `corpus-site` as a user does: a subprocess, its output captured."""
    return subprocess.run(
        [sys.executable, "-m", "corpus_site", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def record_topic_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on, the text of every `TopicMatcher.find` call, in order."""
    from corpus_site.topics.matcher import Hit, TopicMatcher

    calls: list[str] = []
    original = TopicMatcher.find

    def recording(self: TopicMatcher, text: str) -> list[Hit]:
        calls.append(text)
        return original(self, text)

    monkeypatch.setattr(TopicMatcher, "find", recording)
    return calls
