"""Reading a paper in a real browser: footnote tooltips, deep links, copying a citation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.sitefixtures import browser, bundled_site, site_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
PAPER = "papers/russia-strategic-calculus-south-asia/"


@pytest.fixture
def page(browser: Any, site_url: str) -> Iterator[Any]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    yield context.new_page()
    context.close()


def test_hovering_a_footnote_call_shows_the_note(page: Any, site_url: str) -> None:  # noqa: F811
    page.goto(site_url + PAPER)
    # Instant navigation makes hrefs absolute, so match the end of the link.
    page.hover('a.footnote-ref[href$="#fn:7"]')
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible", timeout=5000)
    assert "Concept of the Foreign Policy of the Russian Federation" in tooltip.inner_text()
    page.hover('a.footnote-ref[href$="#fn:1"]')
    page.wait_for_timeout(300)
    assert "not in the source" in page.locator(".md-tooltip2--active").inner_text()


def test_deep_link_lands_on_recommendation_iii_highlighted(page: Any, site_url: str) -> None:  # noqa: F811
    page.goto(site_url + PAPER + "#policy-recommendations-iii")
    item = page.locator("#policy-recommendations-iii")
    item.wait_for()
    page.wait_for_timeout(300)
    in_view = page.evaluate(
        """() => { const r = document.getElementById('policy-recommendations-iii')
                     .getBoundingClientRect();
                   return r.top >= 0 && r.top < window.innerHeight; }"""
    )
    assert in_view
    outline = item.evaluate("el => getComputedStyle(el).outlineStyle")
    background = item.evaluate("el => getComputedStyle(el).backgroundColor")
    assert outline == "solid"
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert "Gwadar port" in item.inner_text()


def test_cite_button_copies_reference_page_and_link(page: Any, site_url: str) -> None:  # noqa: F811
    page.goto(site_url + PAPER + "#introduction-p1")
    passage = page.locator("#introduction-p1")
    passage.hover()
    passage.locator(".passage-cite").click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith("“Russia’s Strategic Calculus in South Asia")
    assert "Strategic Studies. p. 34." in copied
    assert copied.endswith(PAPER + "#introduction-p1")
    assert passage.locator(".passage-cite").inner_text() == "copied"
    # Between p. 34 and p. 38 the range the markers allow; after p. 38, no page at all.
    for passage_id, where in [
        ("introduction-p2", "Strategic Studies. pp. 34–37. "),
        ("russias-strategic-calculus-in-south-asia-p5", "Strategic Studies. "),
    ]:
        passage = page.locator(f"#{passage_id}")
        passage.scroll_into_view_if_needed()
        passage.hover()
        passage.locator(".passage-cite").click()
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert where + site_url in copied and " p. " not in copied, copied


def test_every_passage_gets_a_permalink(page: Any, site_url: str) -> None:  # noqa: F811
    page.goto(site_url + PAPER)
    links = page.locator("article .passage-link")
    ids = page.evaluate("() => [...document.querySelectorAll('article p[id]')].map(p => p.id)")
    assert links.count() == len(ids) == 56  # 28 paragraphs and 28 list items
    href = page.locator("#policy-recommendations-ix > .passage-link").get_attribute("href")
    assert href == "#policy-recommendations-ix"


def test_screenshots_for_the_readme(
    page: Any,
    browser: Any,  # noqa: F811
    site_url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    """Writes the screenshots to tmp; `UPDATE_SCREENSHOTS=1` refreshes docs/screenshots."""
    import os

    from tests.conftest import REPO

    target = REPO / "docs" / "screenshots" if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    page.goto(site_url + PAPER)
    page.wait_for_timeout(500)
    page.screenshot(path=str(target / "paper.png"))
    dark = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme="dark")
    dark_page = dark.new_page()
    dark_page.goto(site_url + PAPER + "#policy-recommendations-iii")
    dark_page.wait_for_timeout(500)
    assert dark_page.evaluate("() => document.body.dataset.mdColorScheme") == "slate"
    dark_page.screenshot(path=str(target / "paper-dark.png"))
    dark.close()
    page.goto(site_url + "recommendations/")
    page.wait_for_timeout(500)
    page.screenshot(path=str(target / "recommendations.png"))
    for name in ("paper.png", "paper-dark.png", "recommendations.png"):
        assert (target / name).stat().st_size > 20_000


def test_offline_copy_reads_and_searches_from_disk(
    browser: Any,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.sitefixtures import build_bundled_site

    monkeypatch.setenv("CORPUS_SITE_OFFLINE", "false")  # restored after the test
    site = build_bundled_site(tmp_path / "offline", "--offline")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto((site / "papers" / "russia-strategic-calculus-south-asia.html").as_uri())
    assert (
        "Policy Recommendations" in page.locator("article h2#policy-recommendations").inner_text()
    )
    page.locator("a.md-nav__link", has_text="Recommendations").first.click()
    page.wait_for_load_state()
    assert page.url.startswith("file://") and page.url.endswith("recommendations.html")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("Gwadar", delay=50)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10000)
    assert "Gwadar" in results.first.inner_text()
    context.close()
    for html_file in site.rglob("*.html"):
        # Material's offline plugin would load a shim from unpkg; ours is local.
        assert "unpkg.com" not in html_file.read_text(encoding="utf-8")
