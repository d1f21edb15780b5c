"""Footnotes on a touch screen and with a mouse: the note in place, the jump kept, a heading."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.sitefixtures import browser, bundled_site, site_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
PAPER = "papers/russia-strategic-calculus-south-asia/"
NOTE_7 = "Concept of the Foreign Policy of the Russian Federation"


@pytest.fixture(params=[390, 1280], ids=["phone", "tablet-wide"])
def touch_page(browser: Any, site_url: str, request: pytest.FixtureRequest) -> Iterator[Any]:  # noqa: F811
    context = browser.new_context(
        viewport={"width": request.param, "height": 844}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto(site_url + PAPER)
    page.wait_for_load_state()
    yield page
    context.close()


def hash_of(page: Any) -> str:
    return page.evaluate("() => decodeURIComponent(location.hash)")  # type: ignore[no-any-return]


def test_a_tap_on_a_note_call_shows_the_note_in_place(touch_page: Any) -> None:
    call = touch_page.locator('a.footnote-ref[href$="#fn:7"]')
    call.scroll_into_view_if_needed()
    call.tap()
    peek = touch_page.locator(".footnote-peek")
    peek.wait_for(state="visible", timeout=5000)
    assert hash_of(touch_page) != "#fn:7"  # no jump to the end of the page
    assert NOTE_7 in peek.inner_text()
    assert "↩" not in peek.inner_text()  # the note's back link is not copied in
    assert call.get_attribute("aria-expanded") == "true"
    box = peek.bounding_box()
    line = call.bounding_box()
    assert box["y"] >= line["y"] and box["y"] - line["y"] < 60  # under the call's line
    assert not touch_page.locator(".md-tooltip2--active").is_visible()  # one preview only
    # The jump is kept: the peek's link goes to the note in the list.
    peek.locator("a.footnote-peek__jump").tap()
    touch_page.wait_for_function("() => decodeURIComponent(location.hash) === '#fn:7'")
    touch_page.locator(".footnote-peek").wait_for(state="detached", timeout=5000)


def test_a_second_tap_jumps_to_the_note(touch_page: Any) -> None:
    call = touch_page.locator('a.footnote-ref[href$="#fn:1"]')
    call.scroll_into_view_if_needed()
    call.tap()
    peek = touch_page.locator(".footnote-peek")
    peek.wait_for(state="visible", timeout=5000)
    assert "not in the source" in peek.inner_text()
    call.tap()
    touch_page.wait_for_function("() => decodeURIComponent(location.hash) === '#fn:1'")
    in_view = touch_page.evaluate(
        "() => { const r = document.getElementById('fn:1').getBoundingClientRect();"
        " return r.top >= 0 && r.top < innerHeight; }"
    )
    assert in_view


def test_a_tap_elsewhere_closes_the_note(touch_page: Any) -> None:
    call = touch_page.locator('a.footnote-ref[href$="#fn:7"]')
    call.scroll_into_view_if_needed()
    call.tap()
    touch_page.locator(".footnote-peek").wait_for(state="visible", timeout=5000)
    touch_page.locator("article h1").tap()
    assert touch_page.locator(".footnote-peek").count() == 0
    assert call.get_attribute("aria-expanded") == "false"


def test_a_mouse_click_still_jumps_and_the_notes_have_a_heading(
    browser: Any,  # noqa: F811
    site_url: str,  # noqa: F811
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + PAPER)
    page.locator('a.footnote-ref[href$="#fn:7"]').click()
    page.wait_for_function("() => decodeURIComponent(location.hash) === '#fn:7'")
    assert page.locator(".footnote-peek").count() == 0
    heading = page.locator("article h2#footnotes")
    assert heading.inner_text().rstrip("¶").strip() == "Notes"
    follows = page.evaluate(
        "() => document.getElementById('footnotes').nextElementSibling.className"
    )
    assert follows == "footnote"  # the heading stands right over the list of notes
    assert page.locator('.md-sidebar--secondary a[href$="#footnotes"]').count() == 1
    context.close()
