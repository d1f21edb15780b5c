"""axe-core, injected into every kind of page the site has, finds no serious or critical fault.

Run on the served MkDocs build, on the `--offline` copy opened from disk and on a Pagefind
build, in light and dark, at a desktop and a phone width. axe-core is the npm package of
package.json (`npm ci`, as `.ci/run` does); without it the test is skipped, except in CI.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.sitefixtures import browser, build_bundled_site, bundled_site, serve, site_url  # noqa: F401

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PAPER = "papers/russia-strategic-calculus-south-asia"
# Every kind of page: home, a paper, a topic, the topics index, glossary, recommendations.
PAGES = ["", f"{PAPER}/", "topics/cpec/", "topics/", "glossary/", "recommendations/"]
WIDTHS = [1280, 390]
SCHEMES = ["light", "dark"]
SERIOUS = ("serious", "critical")


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        message = "axe-core is not installed (npm ci, at the top of the repository)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def violations(page: Any, axe_source: str) -> list[str]:
    """axe-core's serious and critical violations on the page as it stands, one line each."""
    page.add_script_tag(content=axe_source)
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node.get('failureSummary', '')[:160]!r}"
        for v in found
        if v["impact"] in SERIOUS
        for node in v["nodes"]
    ]


@pytest.fixture
def open_page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Callable[[int, str], Any]]:  # noqa: F811
    contexts: list[Any] = []

    def opener(width: int, scheme: str) -> Any:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        contexts.append(context)
        return context.new_page()

    yield opener
    for context in contexts:
        context.close()


def settle(page: Any, scheme: str) -> None:
    page.wait_for_load_state()
    expected = "slate" if scheme == "dark" else "default"
    page.wait_for_function(
        "s => document.body.dataset.mdColorScheme === s", arg=expected, timeout=5000
    )
    page.wait_for_timeout(150)  # Material's palette transition


def open_search(page: Any, text: str) -> None:
    """The search dialog, opened from the keyboard as at any width, showing results."""
    page.keyboard.press("s")
    page.locator("input.md-search__input").wait_for(state="visible")
    page.keyboard.type(text)
    page.locator(".md-search-result__item").first.wait_for(timeout=10000)
    page.wait_for_timeout(500)  # the dialog fades in; axe would measure half-faded colours


def audit_site(page: Any, axe_source: str, scheme: str, url_of: Callable[[str], str]) -> list[str]:
    faults: list[str] = []
    for path in PAGES:
        page.goto(url_of(path))
        settle(page, scheme)
        faults += [f"/{path}: {fault}" for fault in violations(page, axe_source)]
    page.goto(url_of(f"{PAPER}/"))
    settle(page, scheme)
    open_search(page, "Gwadar")
    faults += [f"search dialog: {fault}" for fault in violations(page, axe_source)]
    return faults


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_no_serious_violation_on_the_served_site(
    open_page: Callable[[int, str], Any],
    axe_source: str,
    site_url: str,  # noqa: F811
    width: int,
    scheme: str,
) -> None:
    page = open_page(width, scheme)
    faults = audit_site(page, axe_source, scheme, lambda path: site_url + path)
    assert not faults, "\n".join(faults)


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    saved = os.environ.get("CORPUS_SITE_OFFLINE")
    try:
        yield build_bundled_site(tmp_path_factory.mktemp("offline") / "site", "--offline")
    finally:
        if saved is None:
            os.environ.pop("CORPUS_SITE_OFFLINE", None)
        else:
            os.environ["CORPUS_SITE_OFFLINE"] = saved


def offline_url(site: Path, path: str) -> str:
    """A page of the offline copy: `papers/x.html`, `topics/index.html`, `index.html`."""
    stem = path.rstrip("/")
    if not stem:
        return (site / "index.html").as_uri()
    if (site / stem / "index.html").exists():
        return (site / stem / "index.html").as_uri()
    return (site / f"{stem}.html").as_uri()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_no_serious_violation_on_the_offline_copy(
    open_page: Callable[[int, str], Any],
    axe_source: str,
    offline_site: Path,
    width: int,
    scheme: str,
) -> None:
    page = open_page(width, scheme)
    faults = audit_site(page, axe_source, scheme, lambda path: offline_url(offline_site, path))
    assert not faults, "\n".join(faults)


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.test_pagefind import build, pagefind_available

    if not pagefind_available():
        pytest.skip("Pagefind is not installed (pip install 'pagefind[bin]')")
    return build(tmp_path_factory.mktemp("pagefind"))


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_no_serious_violation_on_the_pagefind_search_page(
    open_page: Callable[[int, str], Any],
    axe_source: str,
    pagefind_site: Path,
    width: int,
    scheme: str,
) -> None:
    page = open_page(width, scheme)
    with serve(pagefind_site) as url:
        page.goto(url + "search/")
        settle(page, scheme)
        box = page.locator("input.pagefind-ui__search-input")
        box.wait_for(timeout=10000)
        box.fill("Gwadar")
        page.locator(".pagefind-ui__result").first.wait_for(timeout=10000)
        faults = violations(page, axe_source)
    assert not faults, "\n".join(faults)
