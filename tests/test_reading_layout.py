"""Layout a reader sees at a desktop and a phone width: margins, page links, overflow, tables."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.sitefixtures import browser, bundled_site, site_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
PAPER = "papers/russia-strategic-calculus-south-asia/"
EXCERPT = "papers/pakistan-russia-convergence-excerpt/"
PAGES = ["", PAPER, EXCERPT, "topics/cpec/", "topics/", "glossary/", "recommendations/"]


@pytest.fixture
def open_at(browser: Any, site_url: str) -> Iterator[Callable[[int, str], Any]]:  # noqa: F811
    contexts: list[Any] = []

    def opener(width: int, path: str) -> Any:
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto(site_url + path)
        page.wait_for_load_state()
        page.wait_for_timeout(200)
        return page

    yield opener
    for context in contexts:
        context.close()


MARGIN_BOXES = """() => {
  const box = e => { const r = e.getBoundingClientRect();
                     return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const nav = document.querySelector('.md-sidebar--primary');
  return {
    nav: getComputedStyle(nav).display === 'none' ? null : box(nav),
    markers: [...document.querySelectorAll('article .page-marker, article .pdf-page')].map(m =>
      ({text: m.textContent, box: box(m), passage: box(m.closest('p'))})),
  };
}"""


def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


@pytest.mark.parametrize("width", [1220, 1280, 1440, 1600, 1760, 1920])
def test_margin_page_markers_never_overlap_the_navigation(
    open_at: Callable[[int, str], Any], width: int
) -> None:
    page = open_at(width, PAPER)
    found = page.evaluate(MARGIN_BOXES)
    assert found["nav"] is not None  # the navigation column is shown at these widths
    assert len(found["markers"]) == 2  # p. 34 and p. 38
    for marker in found["markers"]:
        box = marker["box"]
        assert box["left"] >= found["nav"]["right"], marker
        assert box["right"] <= marker["passage"]["left"], marker  # in the margin, not the text


def test_page_markers_stand_in_the_text_on_a_phone(open_at: Callable[[int, str], Any]) -> None:
    page = open_at(390, PAPER)
    found = page.evaluate(MARGIN_BOXES)
    for marker in found["markers"]:
        assert marker["passage"]["left"] <= marker["box"]["left"] < marker["passage"]["right"]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_page_link_marks_the_passage_the_page_begins_in(
    open_at: Callable[[int, str], Any], width: int
) -> None:
    page = open_at(width, PAPER + "#page-38")
    styles = page.evaluate(
        """() => [...document.querySelectorAll('article p[id]')].map(p => ({
             id: p.id, marker: !!p.querySelector(':scope > #page-38'),
             outline: getComputedStyle(p).outlineStyle,
             background: getComputedStyle(p).backgroundColor}))"""
    )
    marked = [s for s in styles if s["outline"] == "solid"]
    assert [s["marker"] for s in marked] == [True]  # that passage, and only it
    assert marked[0]["background"] not in ("rgba(0, 0, 0, 0)", "transparent")
    in_view = page.evaluate(
        "() => { const r = document.getElementById('page-38').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight; }"
    )
    assert in_view


OVERFLOW = """() => {
  const d = document.documentElement;
  const tables = [...document.querySelectorAll('article table')].map(t => {
    const wrap = t.closest('.md-typeset__scrollwrap') || t.parentElement;
    return {fits: wrap.scrollWidth <= wrap.clientWidth + 1,
            scrolls: ['auto', 'scroll'].includes(getComputedStyle(wrap).overflowX),
            within: wrap.getBoundingClientRect().right <= d.clientWidth + 1};
  });
  const wide = [...document.querySelectorAll('article a')]
    .filter(a => a.getBoundingClientRect().right > d.clientWidth + 1 && !a.closest('table'))
    .map(a => a.textContent.slice(0, 40));
  return {scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, tables, wide};
}"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", PAGES)
def test_nothing_overflows_the_page(
    open_at: Callable[[int, str], Any], width: int, path: str
) -> None:
    found = open_at(width, path).evaluate(OVERFLOW)
    assert found["scrollWidth"] <= found["clientWidth"], found
    assert found["wide"] == []  # e.g. the "Related passages" links wrap
    for table in found["tables"]:  # a table fits its box or scrolls inside it
        assert table["within"] and (table["fits"] or table["scrolls"]), table


def test_the_glossary_table_fits_its_box_at_desktop_width(
    open_at: Callable[[int, str], Any],
) -> None:
    found = open_at(1280, "glossary/").evaluate(OVERFLOW)
    assert found["tables"] and all(table["fits"] for table in found["tables"])


def test_related_passages_links_wrap_on_a_phone(open_at: Callable[[int, str], Any]) -> None:
    page = open_at(390, EXCERPT)
    lines = page.evaluate(
        """() => [...document.querySelectorAll('a.topic-passage')].map(a =>
             [a.getClientRects().length, a.getBoundingClientRect().right])"""
    )
    assert lines, "the excerpt lists related passages"
    assert max(count for count, _ in lines) > 1  # a long one breaks over lines
    assert all(right <= 390 for _, right in lines)


CITE_BLOCKS = """() => [...document.querySelectorAll('h2#cite ~ pre')].map(pre => {
  const code = pre.querySelector('code');
  const button = pre.querySelector('.md-code__button, .md-clipboard').getBoundingClientRect();
  const text = document.createRange();
  text.selectNodeContents(code);
  const covered = [...text.getClientRects()].filter(r => r.width > 0
    && r.left < button.right && button.left < r.right
    && r.top < button.bottom && button.top < r.bottom).length;
  return {scrolls: code.scrollWidth > code.clientWidth, covered};
})"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_cite_blocks_wrap_clear_of_their_copy_button(
    open_at: Callable[[int, str], Any], width: int
) -> None:
    blocks = open_at(width, PAPER + "#cite").evaluate(CITE_BLOCKS)
    assert len(blocks) == 3  # plain text, BibTeX, RIS
    for block in blocks:
        assert not block["scrolls"] and block["covered"] == 0, block


CHARACTERS_PER_LINE = """() => [...document.querySelectorAll('article p[id]')]
  .filter(p => p.textContent.length > 500)
  .map(p => p.textContent.length
            / Math.round(p.getBoundingClientRect().height
                         / parseFloat(getComputedStyle(p).lineHeight)))"""


@pytest.mark.parametrize("width", [1280, 1920])
def test_paragraphs_keep_a_reading_measure(open_at: Callable[[int, str], Any], width: int) -> None:
    measures = open_at(width, PAPER).evaluate(CHARACTERS_PER_LINE)
    assert len(measures) >= 5
    average = sum(measures) / len(measures)
    assert 60 <= average <= 78, measures  # about 65-75 characters a line


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_title_is_dark_and_topic_links_are_quiet_until_pointed_at(
    browser: Any,  # noqa: F811
    site_url: str,  # noqa: F811
    scheme: str,
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + PAPER)
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    style = """([selector, property]) =>
        getComputedStyle(document.querySelector(selector))[property]"""

    def computed(selector: str, prop: str) -> str:
        return page.evaluate(style, [selector, prop])  # type: ignore[no-any-return]

    text = computed("#introduction-p1", "color")
    assert computed("article h1", "color") == text
    topic = "#introduction-p1 a.topic-link"
    assert computed(topic, "color") == text  # quiet: the text's colour…
    assert computed(topic, "textDecorationLine") == "underline"  # …told apart all the same
    assert computed(topic, "textDecorationStyle") == "dotted"
    page.hover(topic)
    assert computed(topic, "color") == computed("article .paper-facts a", "color")  # a link now
    assert computed(topic, "textDecorationStyle") == "solid"
    # Acronym dots are lighter than the text (Material's are the text's secondary colour).
    dots = computed("#introduction-p1 abbr", "borderBottomColor")
    alpha = float(dots.rsplit(",", 1)[1].rstrip(")")) if dots.startswith("rgba") else 1.0
    assert alpha <= 0.35, dots
    context.close()
