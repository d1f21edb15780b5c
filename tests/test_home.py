"""The home page a reader starts from: papers, a search box, top topics, recommendations."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from corpus_site.corpus import load_corpus
from corpus_site.model import Corpus
from corpus_site.pages.home import PAPERS_UNGROUPED, render_home
from corpus_site.site import home_topics, render_site
from corpus_site.topics.config import index_corpus
from tests.conftest import CORPUS
from tests.sitefixtures import browser, bundled_site, serve, site_url  # noqa: F401  (fixtures)


@pytest.fixture(scope="module")
def seeds() -> Corpus:
    return load_corpus(CORPUS, workers=1)


def test_the_home_page_lists_papers_topics_recommendations_and_a_search_box(
    seeds: Corpus,
) -> None:
    home = render_site(seeds)["index.md"]
    assert home.count("### [") == 2  # each paper, linked
    assert "### [Russia’s Strategic Calculus in South Asia" in home
    assert "{ #paper-russia-strategic-calculus-south-asia }" in home  # the published anchor
    assert "*Strategic Studies*" in home  # its journal
    assert "Russia has begun to adopt a politically pronounced approach" in home  # excerpt
    assert '<form class="home-search" role="search"' in home and 'name="q"' in home
    topics = re.findall(r"^- \[(.+?)\]\((topics/[a-z-]+\.md)\) · (\d+) passages$", home, re.M)
    assert len(topics) == 8
    counts = [int(count) for _, _, count in topics]
    assert counts == sorted(counts, reverse=True) and counts[0] == 19
    recommendations = re.findall(r"^\d\. \[(i|ii|iii)\.\]\((papers/[^)]+)\)", home, re.M)
    assert [label for label, _ in recommendations] == ["i", "ii", "iii"]
    assert recommendations[0][1] == (
        "papers/russia-strategic-calculus-south-asia.md#policy-recommendations-i"
    )
    shown = re.search(r"^1\. .*$", home, re.M)
    assert shown and shown.group(0).endswith(" …")  # an opening, the whole one a click away
    assert "All 9, by paper: [Recommendations](recommendations.md)." in home


def test_beyond_fifty_papers_the_home_page_groups_them_by_year(seeds: Corpus) -> None:
    first, second = seeds.papers
    many = []
    for number in range(PAPERS_UNGROUPED + 1):
        paper = first if number % 2 else second
        year = None if number % 5 == 0 else 2000 + number % 3
        meta = dataclasses.replace(paper.meta, slug=f"paper-{number}", year=year)
        many.append(dataclasses.replace(paper, meta=meta))
    home = render_home(Corpus(root=seeds.root, papers=many))
    groups = re.findall(r"^## (.+?) \{ #(papers-[a-z0-9]+) \}$", home, re.M)
    assert groups == [
        ("Papers of 2002", "papers-2002"),
        ("Papers of 2001", "papers-2001"),
        ("Papers of 2000", "papers-2000"),
        ("Papers without a year", "papers-undated"),
    ]
    assert home.count("### [") == PAPERS_UNGROUPED + 1
    assert "{ #paper-paper-50 }" in home  # every paper keeps its anchor
    assert " · 2001" in home  # and shows its year


def test_a_home_page_without_topics_or_recommendations_says_only_what_it_has(
    seeds: Corpus,
) -> None:
    excerpt = [p for p in seeds.papers if not p.meta.complete]
    home = render_home(Corpus(root=seeds.root, papers=excerpt))
    assert "This corpus holds 1 paper." in home
    assert "## Topics" not in home and "## Recommendations" not in home


def test_hostile_titles_and_topic_labels_render_literally(seeds: Corpus) -> None:
    paper = seeds.papers[1]
    meta = dataclasses.replace(
        paper.meta, title="<script>x()</script> {{ t }}", journal="[j](javascript:x)"
    )
    document = dataclasses.replace(paper.document, printed_title=None)
    hostile = dataclasses.replace(paper, meta=meta, document=document)
    home = render_home(Corpus(root=seeds.root, papers=[hostile]), home_topics(None))
    assert "<script>" not in home and "](javascript:" not in home


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_the_home_search_box_opens_the_search_with_results(
    page: Any,
    site_url: str,  # noqa: F811
    width: int,
) -> None:
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(site_url)
    box = page.locator("form.home-search input[name=q]")
    box.fill("Gwadar")
    box.press("Enter")
    page.locator(".md-search-result__item").first.wait_for(timeout=10000)
    assert page.locator("input.md-search__input").input_value() == "Gwadar"
    assert "Gwadar" in page.locator(".md-search-result__item").first.inner_text()


@pytest.mark.browser
def test_the_home_search_box_goes_to_the_pagefind_page(
    page: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from tests.test_pagefind import build, pagefind_available

    if not pagefind_available():
        pytest.skip("Pagefind is not installed (pip install 'pagefind[bin]')")
    site: Path = build(tmp_path_factory.mktemp("home-pagefind"))
    with serve(site) as url:
        page.goto(url)
        page.locator("form.home-search input[name=q]").fill("Gwadar")
        page.locator("form.home-search button").click()
        page.wait_for_url("**/search/?q=Gwadar")
        page.locator(".pagefind-ui__result").first.wait_for(timeout=10000)


def test_home_topics_rank_by_passages_and_skip_unmentioned(seeds: Corpus) -> None:
    index = index_corpus(seeds)
    assert index is not None
    listed = home_topics(index)
    assert [t.passages for t in listed] == sorted((t.passages for t in listed), reverse=True)
    assert all(t.passages > 0 and t.path.startswith("topics/") for t in listed)
