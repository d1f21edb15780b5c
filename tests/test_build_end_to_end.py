"""The bundled corpus builds into a real Material site, strictly, with anchors validated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.sitefixtures import bundled_site  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def built_site(bundled_site: Path) -> Path:  # noqa: F811
    """The bundled corpus, built once per test run with `corpus-site build --strict`."""
    return bundled_site


def _html(site: Path, slug: str) -> str:
    return (site / "papers" / slug / "index.html").read_text(encoding="utf-8")


def test_both_paper_pages_exist_with_title_abstract_keywords(built_site: Path) -> None:
    first = _html(built_site, "russia-strategic-calculus-south-asia")
    assert (
        "<h1" in first and "Russia’s Strategic Calculus in South Asia and Pakistan’s Role" in first
    )
    assert 'id="abstract"' in first
    assert "Russia has begun to adopt a politically pronounced approach" in first
    # The keywords are shown as chips (linked to topic pages where a topic matches).
    for keyword in ("Pakistan-Russia Relations", "South Asia", "Strategic Calculus"):
        assert f">{keyword}</" in first
    assert ">Afghan Peace Process</a>" in first
    second = _html(built_site, "pakistan-russia-convergence-excerpt")
    assert "The changing global environment has become an opportunity" in second
    assert "Excerpt" in second and "stops mid-sentence" in second
    assert "the source prints no title" in second


def test_home_page_lists_every_paper_with_link(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="papers/russia-strategic-calculus-south-asia/"' in home
    assert 'href="papers/pakistan-russia-convergence-excerpt/"' in home
    assert "Strategic Studies" in home
    assert "Russia has begun to adopt a politically pronounced approach" in home


def test_stable_ids_and_page_markers_are_in_the_html(built_site: Path) -> None:
    first = _html(built_site, "russia-strategic-calculus-south-asia")
    for anchor in ("page-34", "page-38", "policy-recommendations-iii", "introduction-p2"):
        assert f'id="{anchor}"' in first
    assert len(re.findall(r'class="footnote-ref"', first)) == 19


def test_search_index_is_written(built_site: Path) -> None:
    assert (built_site / "search" / "search_index.json").stat().st_size > 10_000
