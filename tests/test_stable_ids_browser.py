"""In Chromium: after the edits, every URL of the first build scrolls to its passage."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from corpus_site.cli import main
from tests.conftest import CORPUS
from tests.sitefixtures import browser, serve  # noqa: F401  (fixtures)
from tests.test_stable_ids import (
    SEED,
    correct_a_word,
    edit,
    insert_at_conclusion,
    insert_at_introduction,
    split_a_paragraph,
)


def _passages(page: Any) -> dict[str, str]:
    """id -> the opening words of each paragraph and list item of the open page."""
    found: dict[str, str] = page.evaluate(
        """() => Object.fromEntries(
            [...document.querySelectorAll('article p[id], article li[id]')]
              .filter(e => !e.id.startsWith('fn:'))
              .map(e => [e.id, e.innerText.split(/\\s+/).slice(0, 6).join(' ')]))"""
    )
    return found


@pytest.mark.browser
@pytest.mark.slow
def test_every_old_url_scrolls_to_its_passage_after_edits(tmp_path: Path, browser: Any) -> None:  # noqa: F811
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for suffix in (".txt", ".yml"):
        shutil.copy(CORPUS / f"{SEED}{suffix}", corpus / f"{SEED}{suffix}")
    first, second = tmp_path / "first", tmp_path / "second"
    assert main(["build", "--corpus", str(corpus), "--site-dir", str(first)]) == 0
    for change in (insert_at_introduction, insert_at_conclusion, split_a_paragraph, correct_a_word):
        edit(corpus, change)
    assert main(["build", "--corpus", str(corpus), "--site-dir", str(second)]) == 0
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        with serve(first) as url:
            page.goto(f"{url}papers/{SEED}/")
            before = _passages(page)
        assert len(before) > 50
        with serve(second) as url:
            for anchor, opening in before.items():
                page.goto(f"{url}papers/{SEED}/#{anchor}")
                landed = page.evaluate(
                    """(id) => {
                        const target = document.getElementById(id);
                        if (!target) return null;
                        const passage = target.closest('p, li') || target;
                        const box = target.getBoundingClientRect();
                        return {text: passage.innerText, top: box.top, height: innerHeight};
                    }""",
                    anchor,
                )
                assert landed is not None, f"#{anchor} is gone"
                assert opening.split()[0] in landed["text"], (anchor, opening, landed["text"][:80])
                assert " ".join(opening.split()[:4]) in " ".join(landed["text"].split()), anchor
                assert 0 <= landed["top"] < landed["height"], f"#{anchor} is not scrolled to"
    finally:
        context.close()
