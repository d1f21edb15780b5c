"""Typing the query set into Material's search box lands the reader on the passage, marked."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.sitefixtures import browser, bundled_site, site_url  # noqa: F401  (fixtures)
from tests.test_search_queries import KNOWN_MISSES, QUERIES, SCO_ONLY, Query, accepted

pytestmark = pytest.mark.browser

# The results a reader sees: scored links, not those folded under "N more on this page".
_VISIBLE_RESULTS = """() => [...document.querySelectorAll('a.md-search-result__link')]
  .filter(a => !a.closest('details:not([open])')
               && parseFloat(a.querySelector('article').dataset.mdScore) > 0)
  .map(a => a.href)"""


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    yield context.new_page()
    context.close()


def _location(href: str, base: str) -> str:
    """An absolute result link as the index spells it: path under the site, plus anchor."""
    parts = urlsplit(href)
    path = parts.path.removeprefix(urlsplit(base).path)
    return path + (f"#{parts.fragment}" if parts.fragment else "")


def search(page: Any, site_url: str, text: str) -> list[str]:  # noqa: F811
    page.goto(site_url)
    page.locator("input.md-search__input").click()
    page.keyboard.type(text)
    page.locator(".md-search-result__item").first.wait_for(timeout=10000)
    page.wait_for_function(
        """text => document.querySelector('.md-search-result__meta')
                    && document.querySelector('input.md-search__input').value === text""",
        arg=text,
    )
    # The list may still show the answer to a prefix typed on the way ("China-Pakistan
    # Economic Corr"): wait until a result's highlight terms (the `h` parameter of its link,
    # search.highlight) hold the query's last word whole, as only the final query's can.
    last = re.split(r"[\s\-]+", text.strip())[-1].lower()
    page.wait_for_function(
        """word => [...document.querySelectorAll('a.md-search-result__link')].some(a =>
             (new URL(a.href).searchParams.get('h') || '').split(' ').includes(word))""",
        arg=last,
        timeout=10000,
    )
    return page.evaluate(_VISIBLE_RESULTS)  # type: ignore[no-any-return]


CASES = [
    pytest.param(
        query,
        id=query.text,
        marks=[pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[query.text])]
        if query.text in KNOWN_MISSES
        else [],
    )
    for query in QUERIES
]


@pytest.fixture(scope="module")
def index_docs(bundled_site: Path) -> list[dict[str, Any]]:  # noqa: F811
    index = json.loads((bundled_site / "search" / "search_index.json").read_text("utf-8"))
    return index["docs"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("query", CASES)
def test_query_lands_on_its_passage_highlighted(
    page: Any,
    site_url: str,  # noqa: F811
    index_docs: list[dict[str, Any]],
    query: Query,
) -> None:
    hrefs = search(page, site_url, query.text)
    found = [_location(href, site_url) for href in hrefs]
    answers = accepted(query, index_docs)
    landing = next((loc for loc in found[:3] if loc in answers), None)
    assert landing is not None, found[:5]
    if query.first is not None:
        assert found[0] == query.first, found[:3]

    href = hrefs[found.index(landing)]
    assert parse_qs(urlsplit(href).query).get("h"), href  # search.highlight carries the terms
    page.locator(f'a.md-search-result__link[href="{href}"]').click()
    anchor = landing.split("#")[1]
    page.wait_for_function("id => location.hash === '#' + id", arg=anchor)
    passage = page.locator(f'[id="{anchor}"]')  # "fn:7" is no CSS id selector
    passage.wait_for()
    page.wait_for_function(
        """id => { const r = document.getElementById(id).getBoundingClientRect();
                   return r.top >= 0 && r.top < window.innerHeight; }""",
        arg=anchor,
        timeout=5000,
    )
    word = (query.highlight or query.text.split()[0].split("-")[0]).lower()
    # Material marks the terms once the page is in place, which may be a frame after the
    # scroll: wait for the marks rather than read them at once.
    passage.locator("mark[data-md-highlight]").first.wait_for(timeout=5000)
    marked = passage.locator("mark[data-md-highlight]").all_inner_texts()
    assert any(word in text.lower() for text in marked), (word, marked)


def test_long_form_finds_a_passage_that_only_says_the_acronym(page: Any, site_url: str) -> None:  # noqa: F811
    search(page, site_url, "Shanghai Cooperation Organisation")
    links = page.evaluate(
        "() => [...document.querySelectorAll('a.md-search-result__link')].map(a => a.href)"
    )
    found = {_location(href, site_url) for href in links}
    assert (
        "papers/russia-strategic-calculus-south-asia/#pakistans-role-bilateral-engagements-and-challenges-p5"
        in found
    )


def test_result_title_names_section_and_label(page: Any, site_url: str) -> None:  # noqa: F811
    search(page, site_url, "Gwadar")
    titles = page.locator("a.md-search-result__link h2").all_inner_texts()
    assert "Policy Recommendations · iii" in titles
    groups = page.locator("a.md-search-result__link h1").all_inner_texts()
    assert any(title.startswith("Russia’s Strategic Calculus in South Asia") for title in groups)


def test_every_query_finds_its_passage_in_materials_engine(
    bundled_site: Path,  # noqa: F811
    site_url: str,  # noqa: F811
    browser: Any,  # noqa: F811
) -> None:
    from bench.search_quality import SearchEngine

    index = json.loads((bundled_site / "search" / "search_index.json").read_text("utf-8"))
    with SearchEngine(browser, site_url) as engine:
        engine.load(index)
        failures = []
        for query in QUERIES:
            ranked = engine.ranked(query.text)
            answers = accepted(query, index["docs"])
            rank = ranked.rank(answers)
            if query.text in KNOWN_MISSES:
                if rank is None or (rank <= 3 and ranked.visible(answers)):
                    failures.append(f"{query.text!r}: known miss changed, rank {rank}")
            elif rank is None or rank > 3 or not ranked.visible(answers):
                failures.append(f"{query.text!r}: {query.expected} at {rank}; {ranked.top(5)}")
            if query.first is not None and ranked.top(1) != [query.first]:
                failures.append(f"{query.text!r}: first is {ranked.top(1)}, not {query.first}")
        long_form = engine.ranked("Shanghai Cooperation Organisation")
        if long_form.rank(SCO_ONLY) is None:
            failures.append("the long form does not find a passage that only says SCO")
    assert not failures, "\n".join(failures)
