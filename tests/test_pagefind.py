"""`search_backend: pagefind`: Pagefind indexes the paper pages; its results land on passages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from corpus_site.cli import main
from corpus_site.errors import BuildFailed
from corpus_site.plugin import build as plugin_build
from corpus_site.search.pagefind import mark_paper_page, pagefind_available
from tests.conftest import CORPUS
from tests.sitefixtures import browser, serve  # noqa: F401  (fixtures)

PACKAGED_CONFIG = Path(str(resources.files("corpus_site.resources").joinpath("mkdocs.yml")))
PAPER = "papers/russia-strategic-calculus-south-asia/"
needs_pagefind = pytest.mark.skipif(
    not pagefind_available(), reason="Pagefind is not installed (pip install 'pagefind[bin]')"
)


def write_config(folder: Path) -> Path:
    """A mkdocs.yml that takes the packaged settings and switches the search to Pagefind.

    Material's search plugin stays in the list (a `plugins` list replaces the inherited one):
    the corpus plugin must turn it off.
    """
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    config = folder / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {PACKAGED_CONFIG}\n"
        "plugins:\n  - search\n  - corpus:\n      search_backend: pagefind\n",
        encoding="utf-8",
    )
    return config


def build(folder: Path) -> Path:
    site = folder / "site"
    args = ["build", "--strict", "--config", str(write_config(folder))]
    assert main([*args, "--corpus", str(CORPUS), "--site-dir", str(site)]) == 0
    return site


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not pagefind_available():
        pytest.skip("Pagefind is not installed (pip install 'pagefind[bin]')")
    return build(tmp_path_factory.mktemp("pagefind"))


ARTICLE = """<html><body><header><nav></nav></header>
<article class="md-content__inner md-typeset">
<h1 id="t">Title</h1>
<p id="introduction-p1">Gwadar port.</p>
<h2 id="related-passages">Related passages in the other papers</h2>
<ul><li><a class="topic-passage" href="../other/#x">Other</a> quoted Gwadar</li></ul>
<h2 id="cite">Cite</h2>
<pre><code>@article{x}</code></pre>
<div class="footnote"><ol><li id="fn:1"><p>A note.</p></li></ol></div>
</article></body></html>"""


def test_paper_article_is_indexed_without_other_papers_quotes() -> None:
    marked = mark_paper_page(ARTICLE)
    assert '<article class="md-content__inner md-typeset" data-pagefind-body>' in marked
    ignored_start = marked.index('<div data-pagefind-ignore="all">')
    ignored_end = marked.index("</div>", ignored_start)
    ignored = marked[ignored_start:ignored_end]
    assert '<h2 id="related-passages">' in ignored and '<h2 id="cite">' in ignored
    assert 'id="introduction-p1"' not in ignored  # the paper's own text stays indexed
    assert marked.index('<div class="footnote">') > ignored_end  # so do its notes


def test_a_page_without_related_passages_ignores_its_cite_section() -> None:
    start = ARTICLE.index('<h2 id="related-passages">')
    marked = mark_paper_page(ARTICLE[:start] + ARTICLE[ARTICLE.index('<h2 id="cite">') :])
    assert '<div data-pagefind-ignore="all"><h2 id="cite">' in marked


def test_a_page_without_material_article_is_left_alone() -> None:
    assert mark_paper_page("<html><body><p>x</p></body></html>").count("pagefind") == 0


@needs_pagefind
def test_build_writes_the_pagefind_bundle_instead_of_materials_index(pagefind_site: Path) -> None:
    entry = json.loads((pagefind_site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert "en" in entry["languages"]
    assert entry["languages"]["en"]["page_count"] == 2  # the two papers, nothing else
    assert not (pagefind_site / "search" / "search_index.json").exists()
    search_page = (pagefind_site / "search" / "index.html").read_text("utf-8")
    assert 'id="corpus-search"' in search_page
    assert "corpus-site-pagefind.js" in search_page
    assert 'class="md-search"' not in search_page  # Material's search box is gone
    paper = (pagefind_site / PAPER / "index.html").read_text("utf-8")
    assert "data-pagefind-body" in paper
    assert 'class="md-header__button md-icon corpus-search-link" href="../../search/"' in paper
    topic = (pagefind_site / "topics" / "cpec" / "index.html").read_text("utf-8")
    assert "data-pagefind-body" not in topic


def test_missing_pagefind_is_one_line_with_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plugin_build, "pagefind_available", lambda: False)
    with pytest.raises(BuildFailed, match=r"pip install 'corpus-site\[pagefind\]'"):
        plugin_build.build_site(write_config(tmp_path), tmp_path / "site", corpus_dir=CORPUS)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    yield context.new_page()
    context.close()


@needs_pagefind
@pytest.mark.browser
def test_a_pagefind_result_lands_on_the_passage(pagefind_site: Path, page: Any) -> None:
    with serve(pagefind_site) as url:
        page.goto(url + PAPER)
        page.locator("a.corpus-search-link").click()  # the header's magnifier
        box = page.locator("input.pagefind-ui__search-input")
        box.wait_for(timeout=10000)
        box.fill("Gwadar")
        first = page.locator(".pagefind-ui__result").first
        first.locator(".pagefind-ui__result-nested a").first.wait_for(timeout=10000)
        links = first.locator(".pagefind-ui__result-nested a")
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert all(href and href.startswith(f"/{PAPER}#") for href in hrefs), hrefs
        assert f"/{PAPER}#policy-recommendations-iii" in hrefs
        for href in hrefs:  # each sub-result is a passage that says "Gwadar"
            passage_id = href.split("#", 1)[1]
            text = page.evaluate(
                "async ([u, id]) => { const html = await (await fetch(u)).text();"
                " const d = new DOMParser().parseFromString(html, 'text/html');"
                " return d.getElementById(id)?.textContent || ''; }",
                [url + PAPER, passage_id],
            )
            assert "Gwadar" in text, (href, text[:80])
        titles = first.locator(".pagefind-ui__result-nested .pagefind-ui__result-title")
        assert "Policy Recommendations · iii" in titles.all_inner_texts()

        first.locator(f'a[href="/{PAPER}#policy-recommendations-iii"]').click()
        page.wait_for_url(f"**/{PAPER}#policy-recommendations-iii")
        target = page.locator("#policy-recommendations-iii")
        assert "Gwadar" in target.inner_text()
        assert target.evaluate(
            "e => { const r = e.getBoundingClientRect();"
            " return r.top >= 0 && r.top < window.innerHeight; }"
        )
