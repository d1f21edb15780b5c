"""Nothing lost: the build measures the share of each paper's words that reach its page in order,
warns below `min_fidelity` (99.9 %), and so `corpus-site build --strict` fails on a loss."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import corpus_site.site
from corpus_site.cli import main
from corpus_site.extract.align import kept_in_order as _kept
from corpus_site.fidelity.measure import words
from tests.conftest import FIRST_SEED, SECOND_SEED


def test_kept_counts_words_in_order() -> None:
    text = words(FIRST_SEED.read_text(encoding="utf-8"))
    assert _kept(text, text) == len(text)
    assert _kept(text, []) == 0 and _kept([], text) == 0
    without = text[:1000] + text[1050:]  # a paragraph of 50 words dropped
    assert _kept(text, without) == len(text) - 50
    moved = text[:1000] + text[1080:3000] + text[1000:1080] + text[3000:]
    assert len(text) - 80 <= _kept(text, moved) < len(text)  # out of order is not kept
    chrome = ["title", "cite", "the", "of"] * 50
    assert _kept(text, chrome + text + chrome) == len(text)


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "corpus"
    target.mkdir()
    shutil.copy(FIRST_SEED, target)
    shutil.copy(FIRST_SEED.with_suffix(".yml"), target)
    shutil.copy(SECOND_SEED, target)
    return target


def _lose_a_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    """A renderer bug: the second seed's page loses one paragraph."""
    original = corpus_site.site.render_paper

    def lossy(*args: object, **kwargs: object) -> str:
        page = original(*args, **kwargs)  # type: ignore[arg-type]
        return page.replace("The changing global environment", "", 1).replace(
            "{ #introduction-p1 }", "", 1
        )

    monkeypatch.setattr(corpus_site.site, "render_paper", lossy)


@pytest.mark.slow
def test_strict_build_fails_on_a_lost_paragraph_naming_paper_and_share(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _lose_a_paragraph(monkeypatch)
    args = ["build", "--corpus", str(corpus), "--site-dir", "site"]
    assert main(args) == 0, "without --strict a loss is a warning"
    lines = [r.getMessage() for r in caplog.records if "reach the page" in r.getMessage()]
    assert len(lines) == 1
    assert f"{corpus / SECOND_SEED.name}: only 99." in lines[0]
    assert "% of the source's words reach the page in order (minimum 99.9%)" in lines[0]
    caplog.clear()
    assert main([*args, "--strict"]) == 1
    assert sum("reach the page" in r.getMessage() for r in caplog.records) == 1


@pytest.mark.slow
def test_seeds_keep_every_word_in_a_strict_build(
    corpus: Path, caplog: pytest.LogCaptureFixture
) -> None:
    assert main(["build", "--strict", "--corpus", str(corpus), "--site-dir", "site"]) == 0
    assert not [r for r in caplog.records if "reach the page" in r.getMessage()]
