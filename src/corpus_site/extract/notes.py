"""Note bodies -> footnotes matched to their calls; unnumbered notes become author notes.

A reader marks where a note opens when its source says so (`NoteStart`) or proposes a label a
note line begins with (`Line.note_label`); a proposed label opens a note only in sequence or
when the body calls it, so "12 per cent of ..." inside a note stays in that note.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from corpus_site.extract.inline import Joiner, plain
from corpus_site.extract.lines import Call, Line, NoteStart, Token
from corpus_site.model import Diagnostic, Footnote


@dataclass
class _Body:
    label: str | None
    where: int
    lines: list[Line] = field(default_factory=list)
    skip: int = 0  # characters of the first line that are its label


def build_notes(
    tokens: Sequence[Token],
    calls: Sequence[Call],
    joiner: Joiner,
    diagnostics: list[Diagnostic],
) -> tuple[tuple[Footnote, ...], tuple[str, ...]]:
    """Footnotes in number order (bodies the source lacks marked absent) and author notes."""
    called = {call.label for call in calls}
    bodies: dict[str, _Body] = {}
    order: list[str] = []
    authors: list[_Body] = []
    current: _Body | None = None
    for token in tokens:
        if isinstance(token, NoteStart):
            if token.label is None:
                current = _Body(None, token.where)
                authors.append(current)
            elif token.label in bodies:
                message = f"second body for footnote {token.label}; kept both"
                diagnostics.append(Diagnostic(token.where, message))
                current = bodies[token.label]
            else:
                current = bodies[token.label] = _Body(token.label, token.where)
                order.append(token.label)
            continue
        if not isinstance(token, Line) or not token.note:
            continue
        label = token.note_label
        expected = str(int(order[-1]) + 1) if order and order[-1].isdecimal() else None
        if (
            label is not None
            and label not in bodies
            and (label == expected or label in called or not order)
        ):
            current = bodies[label] = _Body(label, token.where, skip=token.note_label_length)
            order.append(label)
        elif current is None:
            current = _Body(None, token.where)
            authors.append(current)
        current.lines.append(token)
    return _match(calls, bodies, joiner, diagnostics), tuple(
        text for body in authors if (text := plain(joiner.inlines(body.lines, (), body.skip)))
    )


def _match(
    calls: Sequence[Call],
    bodies: dict[str, _Body],
    joiner: Joiner,
    diagnostics: list[Diagnostic],
) -> tuple[Footnote, ...]:
    footnotes: list[Footnote] = []
    seen: set[str] = set()
    previous = 0
    for call in calls:
        if call.label in seen:
            continue
        seen.add(call.label)
        if call.label.isdecimal():
            if int(call.label) != previous + 1:
                message = f"footnote call {call.label} after {previous}"
                diagnostics.append(Diagnostic(call.where, message))
            previous = int(call.label)
        body = bodies.get(call.label)
        if body is None:
            message = f"footnote {call.label}: the source has no body"
            diagnostics.append(Diagnostic(call.where, message))
            footnotes.append(Footnote(call.label, (), present=False, source_line=call.where))
        else:
            inlines = joiner.inlines(body.lines, (), body.skip)
            footnotes.append(Footnote(call.label, inlines, source_line=body.where))
    for label, body in bodies.items():
        if label in seen:
            continue
        message = f"footnote {label} has a body but no call in the text"
        diagnostics.append(Diagnostic(body.where, message))
        footnotes.append(
            Footnote(label, joiner.inlines(body.lines, (), body.skip), source_line=body.where)
        )
    footnotes.sort(key=lambda note: int(note.number) if note.number.isdecimal() else 0)
    return tuple(footnotes)
