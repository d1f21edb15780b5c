"""Which of a page's glyphs are read as text: overprinted copies (a faked bold) dropped,
text set at an angle beside upright text set aside, and glyphs no character is mapped to left
out and counted.
"""

from __future__ import annotations

import re

from pdfminer.layout import LTChar

_BOLD_FONT = re.compile(r"bold", re.IGNORECASE)


def readable(chars: list[LTChar]) -> tuple[list[LTChar], str, int]:
    """The characters to read as text, in one pass, the text set aside, and how many glyphs
    map to no character (pdfminer's "(cid:12)": a font without its Unicode map, whose words
    only OCR could read) and were left out.

    Copies that fake a bold face by printing a glyph again a fraction of a point away ("1111
    Einleitung" and three more lines "Einleitung") go; what was printed over is bold, and its
    font name says so from here on. Text set at an angle (a vertical band of the series' name,
    "Downloaded from …" up the margin, a chart's axis) would be one letter a line spliced into
    the text: it is set aside when it is a small part of the page; a page turned on its side
    as a whole stays as it is."""
    seen: dict[tuple[str, int, int], LTChar] = {}
    kept: list[LTChar] = []  # upright or not, overprints gone, in stream order
    turned: list[LTChar] = []
    # A font that maps no character to a fifth of its glyphs on a page has no usable map:
    # the ones it does map ("+,0;") are as wrong, and all of its glyphs are left out. (A
    # text font without a ligature's mapping misses a few in thousands.)
    fonts: dict[str, list[int]] = {}
    for char in chars:
        counts = fonts.setdefault(char.fontname, [0, 0])
        counts[0] += 1
        counts[1] += char.get_text().startswith("(cid:")
    unreadable = {font for font, (total, cids) in fonts.items() if cids * 5 >= total}
    unmapped = 0
    for char in chars:
        text = char.get_text()
        if char.fontname in unreadable or text.startswith("(cid:"):
            unmapped += not text.isspace()
            continue
        if not char.upright:
            turned.append(char)
            kept.append(char)
            continue
        if text.isspace() or char.matrix[1] or char.matrix[2]:
            kept.append(char)
            continue
        x, y = char.x0, char.y0
        cell_x, cell_y = int(x), int(y)
        near_x = cell_x - 1 if x - cell_x < 0.5 else cell_x + 1
        near_y = cell_y - 1 if y - cell_y < 0.5 else cell_y + 1
        original = None
        for key in ((text, cell_x, cell_y), (text, near_x, cell_y), (text, cell_x, near_y)):
            found = seen.get(key)
            if found is not None and _same_place(found, char):
                original = found
                break
        if original is None:
            seen[(text, cell_x, cell_y)] = char
            kept.append(char)
        elif not _BOLD_FONT.search(original.fontname):
            original.fontname += "-Bold"
    if not turned or len(turned) * 5 > len(kept):
        return kept, "", unmapped
    return [char for char in kept if char.upright], "".join(c.get_text() for c in turned), unmapped


def _same_place(first: LTChar, second: LTChar) -> bool:
    """Two glyphs closer than a fifth of the type size (at most a point): one printed over
    the other, never two letters of a word."""
    return (
        abs(first.x0 - second.x0) < min(1.0, 0.2 * second.size)
        and abs(first.y0 - second.y0) < 1.0
        and abs(first.size - second.size) < 0.1
    )
