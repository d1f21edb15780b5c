"""Endnotes: note bodies printed together under "Notes" ("Anmerkungen") at the article's end.

The builder finds footnotes at page feet; a call whose body it did not find there may have
it in an endnotes section. Its paragraphs are read in order, and a note starts where the
next wanted label opens a paragraph or follows a sentence's end ("… Gabel. 1 Though not
…"); a paragraph without a label continues the note before it. What precedes the first
label (an unnumbered note on the article) stays in the section; the rest becomes the
bodies, so each word is printed once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from corpus_site.extract.align import letters
from corpus_site.extract.language import is_endnotes_heading
from corpus_site.model import (
    Block,
    Diagnostic,
    Footnote,
    Inline,
    Paragraph,
    Section,
    SourceText,
    Text,
    plain_text,
)

_LABEL = re.compile(r"(?:^|(?<=[.!?)\]\u201d\"]\s))(\d{1,3})\s+(?=\S)")
_NO_BODY = "footnote {}: the source has no body"


def attach_endnotes(
    sections: tuple[Section, ...],
    footnotes: tuple[Footnote, ...],
    diagnostics: list[Diagnostic],
) -> tuple[tuple[Section, ...], tuple[Footnote, ...]]:
    """`sections` and `footnotes` with the bodies an endnotes section holds moved into the
    notes that lack one; the "no body" diagnostics of those notes dropped."""
    wanted = [note.number for note in footnotes if not note.present and note.number.isdigit()]
    place = next(
        (n for n, section in enumerate(sections) if is_endnotes_heading(section.heading)), None
    )
    if not wanted or place is None:
        return sections, footnotes
    kept, bodies = _split(sections[place].blocks, wanted)
    if not bodies:
        return sections, footnotes
    sections = (*sections[:place], replace(sections[place], blocks=kept), *sections[place + 1 :])
    footnotes = tuple(
        replace(note, inlines=bodies[note.number], present=True)
        if note.number in bodies and not note.present
        else note
        for note in footnotes
    )
    gone = {_NO_BODY.format(number) for number in bodies}
    diagnostics[:] = [d for d in diagnostics if d.message not in gone]
    return sections, footnotes


def _split(
    blocks: Sequence[Block], wanted: list[str]
) -> tuple[tuple[Block, ...], dict[str, tuple[Inline, ...]]]:
    """The blocks left over, and the body of each wanted label found, in order."""
    kept: list[Block] = []
    bodies: dict[str, list[Inline]] = {}
    current: list[Inline] | None = None
    queue = list(wanted)
    for block in blocks:
        if not isinstance(block, Paragraph):
            if current is None:
                kept.append(block)
            continue
        before: list[Inline] = []  # what stands before the paragraph's first label
        if current is not None and current:
            current.append(Text(" "))
        for inline in block.inlines:
            if not isinstance(inline, Text) or not queue:
                (before if current is None else current).append(inline)
                continue
            text, start = inline.text, 0
            for match in _LABEL.finditer(text):
                if not queue or match.group(1) != queue[0]:
                    continue
                piece = text[start : match.start()].rstrip()
                if piece:
                    (before if current is None else current).append(Text(piece))
                current = bodies.setdefault(queue.pop(0), [])
                start = match.end()
            rest = text[start:]
            if rest:
                (before if current is None else current).append(Text(rest))
        if before and any(isinstance(i, Text) and i.text.strip() for i in before):
            kept.append(replace(block, inlines=tuple(before)))
    return tuple(kept), {label: tuple(_trimmed(body)) for label, body in bodies.items()}


def _trimmed(inlines: list[Inline]) -> list[Inline]:
    while inlines and isinstance(inlines[-1], Text) and not inlines[-1].text.strip():
        inlines.pop()
    return inlines


def as_notes(source: SourceText | None, bodies: Sequence[Footnote]) -> SourceText | None:
    """`source` (the fidelity measure's record of what the pages print) with the letters of
    `bodies`, moved from an endnotes section into notes, counted as note text where the
    page prints them: a body running over a page break is split where the page ends."""
    if source is None or not bodies:
        return source
    numbers = [page[0] for page in source.pages]
    pages = [[page[1], page[2]] for page in source.pages]  # body, notes
    start = 0  # endnotes run forward through the pages
    for note in bodies:
        wanted = letters(plain_text(note.inlines))
        for number in range(start, len(pages)):
            body = pages[number][0]
            at = body.find(wanted)
            if at >= 0:
                pages[number][0] = body[:at] + body[at + len(wanted) :]
                pages[number][1] += wanted
                start = number
                break
            # The body's start ends this page, the rest opens the next one.
            cut = next((n for n in range(len(wanted) - 1, 0, -1) if body.endswith(wanted[:n])), 0)
            if cut and number + 1 < len(pages) and pages[number + 1][0].startswith(wanted[cut:]):
                pages[number][0] = body[: len(body) - cut]
                pages[number][1] += wanted[:cut]
                pages[number + 1][0] = pages[number + 1][0][len(wanted) - cut :]
                pages[number + 1][1] = wanted[cut:] + pages[number + 1][1]
                start = number + 1
                break
    return replace(
        source,
        pages=tuple((n, body, notes) for n, (body, notes) in zip(numbers, pages, strict=True)),
    )
