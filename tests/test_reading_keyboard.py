"""A keyboard reader tabs through a paper: every passage's ¶ and cite, each with a visible ring."""

from __future__ import annotations

from typing import Any

import pytest

from tests.sitefixtures import browser, bundled_site, site_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
PAPER = "papers/russia-strategic-calculus-south-asia/"

# What has focus, and how it shows it. The palette toggle's radio button is hidden (zero
# size): the label after it is what the reader sees, so its ring is what counts.
FOCUSED = """() => {
  let e = document.activeElement;
  if (!e || e === document.body) return null;
  const shown = e.getBoundingClientRect();
  const size = shown.width * shown.height;
  let looked = e;
  if (!size && e.matches('input.md-option')) looked = e.nextElementSibling;
  const s = getComputedStyle(looked);
  return {
    tag: e.tagName, cls: e.className, size: size,
    passage: (e.closest('article p[id], article li[id]') || {}).id || null,
    control: e.matches('.passage-link') ? 'link' : e.matches('.passage-cite') ? 'cite' : null,
    label: looked === e ? null : looked.tagName,
    outline: s.outlineStyle, width: parseFloat(s.outlineWidth), opacity: s.opacity,
  };
}"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_tabbing_reaches_every_passage_control_with_a_visible_ring(
    browser: Any,  # noqa: F811
    site_url: str,  # noqa: F811
    width: int,
    scheme: str,
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + PAPER)
    page.wait_for_load_state()
    # The final look of a focused element, not a frame of its fade-in.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    passages = page.evaluate("() => [...document.querySelectorAll('article p[id]')].map(p => p.id)")
    assert len(passages) == 56
    reached: dict[str, set[str]] = {}
    stops: list[dict[str, Any]] = []
    for _ in range(1000):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None or (stops and stop == stops[0]):
            break  # round the page and back
        stops.append(stop)
        if stop["control"]:
            reached.setdefault(stop["passage"], set()).add(stop["control"])
    context.close()
    missing = [p for p in passages if reached.get(p) != {"link", "cite"}]
    assert not missing, f"{len(missing)} passages without keyboard ¶ and cite: {missing[:5]}"
    toggles = [s for s in stops if s["label"] == "LABEL"]
    assert toggles, "the dark-mode toggle is reached"
    for stop in stops:
        if not stop["size"] and not stop["label"]:
            continue  # an empty scroll box Material makes focusable; nothing to see
        assert stop["outline"] != "none" and stop["width"] >= 2, stop
        assert stop["opacity"] == "1", stop  # a ¶ hidden until hover shows on focus
