"""The bundled corpus with its topics builds strictly, and every topic link lands on an anchor."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.sitefixtures import bundled_site  # noqa: F401  (fixture)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(bundled_site: Path) -> Path:  # noqa: F811
    # Built with --strict and the anchor validation of the packaged mkdocs.yml: a broken
    # generated link or anchor fails the build.
    return bundled_site


def _ids(page: Path) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', page.read_text(encoding="utf-8")))


def _content(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return html.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]


def _check_links(site: Path, page: Path) -> int:
    checked = 0
    for href in re.findall(r'href="([^"]*)"', _content(page)):
        href = unescape(href)
        parts = urlsplit(href)
        assert parts.scheme in ("", "http", "https"), href
        if parts.scheme:
            continue
        target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
        if target.is_dir():
            target = target / "index.html"
        assert target.is_file(), f"{page.relative_to(site)}: {href} leads nowhere"
        if parts.fragment:
            assert parts.fragment in _ids(target), f"{page.relative_to(site)}: no #{parts.fragment}"
        checked += 1
    return checked


def test_every_link_on_topic_pages_and_glossary_resolves(site: Path) -> None:
    pages = [*sorted((site / "topics").glob("**/index.html")), site / "glossary" / "index.html"]
    assert len(pages) >= 21  # the index, the glossary and twenty topics
    checked = sum(_check_links(site, page) for page in pages)
    assert checked > 200


def test_topic_links_in_the_papers_resolve(site: Path) -> None:
    for page in sorted((site / "papers").glob("*/index.html")):
        html = _content(page)
        assert 'class="topic-link"' in html
        assert _check_links(site, page) > 0


def test_the_heat_map_and_tooltips_are_in_the_html(site: Path) -> None:
    index = (site / "topics" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'class="heat heat-5" title="16 of \d+ passages">16<', index)
    assert "<table>" in index and "<script" not in _content(site / "topics" / "index.html")
    paper = (site / "papers" / "russia-strategic-calculus-south-asia" / "index.html").read_text(
        encoding="utf-8"
    )
    assert '<abbr title="Shanghai Cooperation Organisation">SCO</abbr>' in paper
    assert 'id="related-passages"' in paper
    cpec = (site / "topics" / "cpec" / "index.html").read_text(encoding="utf-8")
    assert cpec.count('class="topic-passage"') == 6
    assert "<mark>CPEC</mark>" in cpec or "<mark><abbr" in cpec
