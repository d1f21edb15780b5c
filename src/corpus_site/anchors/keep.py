"""Give a freshly read Document the ids its paper has published, so links never break.

Readers number passages by position (`introduction-p2`); this pass, run on the finished
Document after any reader, matches its paragraphs to the paper's id record and keeps their
ids:

1. same text (whitespace folded) first, in reading order, against the recorded passages
   and then the retired ones (a paragraph deleted and restored takes its id back);
2. then the most similar text, best pair first: the share of words two passages have in
   order (difflib's ratio over their words), or, when one starts with the other's first
   words (a passage split in two, or one merged into it), the share of the shorter one found
   in the longer. A pair at or above SIMILAR (0.6) keeps the id. Only passages sharing a run
   of three words are compared, the CANDIDATES best of them, so a paper of thousands of
   paragraphs all re-cut by a new reader is matched in about linear time;
3. a paragraph with no match gets an id of today's form with a number never used in its
   section (`introduction-p7`, never a retired one).

A list item's id is its printed label (`policy-recommendations-iii` is "the item labelled
iii"), so items keep their reader's ids. A section whose heading was corrected keeps its
recorded id, which its passages are numbered under; the new heading's slug is an alias.

What was published and is gone (a paragraph, a list item, a section) is retired: its id lands
on the passage holding most of its words in order or most like it (RETIRE_NEAR, 0.3, or more),
else on what now follows its place, else on its section. No alias ever repeats a live id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from corpus_site.anchors.record import Record, RecordedPassage, RecordedSection, Retired
from corpus_site.anchors.similar import RETIRE_NEAR, SIMILAR, ShingleIndex, covered, similarity
from corpus_site.ids import note_anchor, numbered_id
from corpus_site.model import (
    Block,
    Document,
    ListBlock,
    Paragraph,
    Section,
    page_anchors,
    plain_text,
)

_NUMBERED = re.compile(r"^(?P<section>.+)-p(?P<number>\d+)$")


@dataclass
class Changes:
    """What a rebuild did to a paper's published ids, for `corpus-site check`."""

    kept: list[str] = field(default_factory=list)  # same text
    moved: list[str] = field(default_factory=list)  # kept, matched by similarity
    retired: dict[str, str] = field(default_factory=dict)  # newly retired id -> where it lands
    new: list[str] = field(default_factory=list)
    unlanded: list[str] = field(default_factory=list)  # retired with no similar passage
    # Every retired id of the paper, old and new, with where it lands now: for the record.
    all_retired: dict[str, Retired] = field(default_factory=dict)

    def summary(self) -> str:
        return (
            f"{len(self.kept)} kept, {len(self.moved)} moved, {len(self.retired)} retired, "
            f"{len(self.new)} new"
        )


@dataclass(frozen=True)
class _New:
    section: str  # the section id as read
    id: str  # the id as read
    kind: str  # "p" or "item"
    text: str


def record_of(
    document: Document, paper: str, source: str, retired: dict[str, Retired] | None = None
) -> Record:
    """The record of `document` as published, with the `retired` ids of its paper."""
    return Record(
        paper=paper,
        source=source,
        sections=[RecordedSection(s.id, s.heading, s.aliases) for s in document.sections],
        passages=[
            RecordedPassage(block_id, section.id, kind, text)
            for section, block_id, kind, text in passages_of(document)
        ],
        notes=[note_anchor(note.number) for note in document.footnotes],
        pages=_page_anchors(document),
        retired=dict(retired or {}),
    )


def keep_ids(document: Document, record: Record | None) -> tuple[Document, Changes]:
    """`document` with the ids `record` published (and aliases for retired ones)."""
    changes = Changes()
    read = [_New(s.id, i, k, t) for s, i, k, t in passages_of(document)]
    if record is None:
        changes.new = [p.id for p in read]
        return document, changes
    sections = _section_ids(document, record)
    paragraphs = [p for p in read if p.kind == "p"]
    old = [p for p in record.passages if p.kind == "p"]
    retired = dict(record.retired)
    taken, revived, similar = _match(paragraphs, old, retired)
    # Ids for every paragraph read: recorded, revived, or numbers never used in the section.
    used = _used_numbers(record)
    ids: dict[str, str] = {}  # id as read -> id published
    for index, passage in enumerate(paragraphs):
        if index in taken:
            ids[passage.id] = old[taken[index]].id
            (changes.moved if index in similar else changes.kept).append(ids[passage.id])
        elif index in revived:
            ids[passage.id] = revived[index]
            retired.pop(revived[index], None)
            changes.kept.append(ids[passage.id])
        else:
            prefix = sections.get(passage.section, passage.section)
            used[prefix] = used.get(prefix, 0) + 1
            ids[passage.id] = numbered_id(prefix, used[prefix])
            changes.new.append(ids[passage.id])
    for passage in read:
        if passage.id not in ids:  # items and keywords: their form, in the published section
            ids[passage.id] = _reprefix(passage.id, passage.section, sections)
    live = set(ids.values()) | set(sections.values()) | _other_ids(document)
    # What was published and is gone is retired, landing as near its old place as can be.
    matched_old = {old[j].id for j in taken.values()}
    gone = [p for p in record.passages if p.id not in live and p.id not in matched_old]
    published = [_New(p.section, ids[p.id], p.kind, p.text) for p in read]
    places = _Places(record, published, ids, sections)
    for lost in gone:
        target, near = places.landing(lost)
        retired[lost.id] = Retired(target, lost.text)
        changes.retired[lost.id] = target
        if not near:
            changes.unlanded.append(lost.id)
    for recorded in record.sections:
        if recorded.id not in live:
            retired[recorded.id] = Retired(_section_landing(recorded.id, record, sections), "")
            changes.retired[recorded.id] = retired[recorded.id].to
    _follow_chains(retired)
    changes.all_retired = retired
    landing: dict[str, list[str]] = {}
    for old_id, entry in sorted(retired.items()):
        if old_id not in live and entry.to:
            landing.setdefault(entry.to, []).append(old_id)
    rewritten = _rewrite(document, sections, ids, landing, record, live)
    return replace(rewritten, page_aliases=_page_aliases(document, record)), changes


def _match(
    new: list[_New], old: list[RecordedPassage], retired: dict[str, Retired]
) -> tuple[dict[int, int], dict[int, str], set[int]]:
    """(new index -> old index) by text or similarity, (new index -> revived retired id),
    and the new indexes matched by similarity."""
    taken: dict[int, int] = {}
    by_text: dict[str, list[int]] = {}
    for index, passage in enumerate(old):
        by_text.setdefault(passage.text, []).append(index)
    by_retired_text = {entry.text: old_id for old_id, entry in retired.items() if entry.text}
    revived: dict[int, str] = {}
    for index, reading in enumerate(new):
        if by_text.get(reading.text):
            taken[index] = by_text[reading.text].pop(0)
        elif reading.text in by_retired_text:
            revived[index] = by_retired_text.pop(reading.text)
    used_old = set(taken.values())
    shingles = ShingleIndex([p.text for p in old])
    scored = []
    for i, reading in enumerate(new):
        if i in taken or i in revived:
            continue
        for j in shingles.candidates(reading.text, exclude=used_old):
            score = similarity(reading.text, old[j].text)
            if score >= SIMILAR:
                scored.append((score, -j, -i, i, j))
    similar: set[int] = set()
    for _, _, _, i, j in sorted(scored, reverse=True):
        if i not in taken and j not in used_old:
            taken[i] = j
            used_old.add(j)
            similar.add(i)
    return taken, revived, similar


def passages_of(document: Document) -> list[tuple[Section, str, str, str]]:
    """(section, id, kind, text) of every paragraph and list item, in reading order."""
    found: list[tuple[Section, str, str, str]] = []
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Paragraph):
                kind = "keywords" if block.keywords else "p"
                found.append((section, block.id, kind, _fold(plain_text(block.inlines))))
            elif isinstance(block, ListBlock):
                found += [
                    (section, item.id, "item", _fold(plain_text(item.inlines)))
                    for item in block.items
                ]
    return found


def _fold(text: str) -> str:
    return " ".join(text.split())


def _other_ids(document: Document) -> set[str]:
    """The ids a paper's page has besides its sections and passages: notes, page markers."""
    notes = {note_anchor(note.number) for note in document.footnotes}
    return notes | {anchor for anchor, _ in page_anchors(document)}


def _section_ids(document: Document, record: Record) -> dict[str, str]:
    """Section id as read -> id to publish: the recorded id of the same section, found by
    its id, else by its passages' texts (a corrected heading)."""
    recorded = {s.id for s in record.sections}
    present = {s.id for s in document.sections}
    texts_of: dict[str, set[str]] = {}
    for passage in record.passages:
        texts_of.setdefault(passage.section, set()).add(passage.text)
    texts_in: dict[str, set[str]] = {}
    for section, _, _, text in passages_of(document):
        texts_in.setdefault(section.id, set()).add(text)
    mapping: dict[str, str] = {}
    for section in document.sections:
        mapping.setdefault(section.id, section.id)
        if section.id in recorded:
            continue
        texts = texts_in.get(section.id, set())
        candidates = [
            (len(texts & texts_of.get(other.id, set())), other.id)
            for other in record.sections
            if other.id not in present and other.id not in mapping.values()
        ]
        best = max(candidates, default=(0, ""))
        if best[0] > 0 and best[0] * 2 >= len(texts):
            mapping[section.id] = best[1]
    return mapping


def _used_numbers(record: Record) -> dict[str, int]:
    """The highest paragraph number each section has ever published."""
    used: dict[str, int] = {}
    for passage_id in [p.id for p in record.passages] + list(record.retired):
        match = _NUMBERED.match(passage_id)
        if match:
            prefix, number = match["section"], int(match["number"])
            used[prefix] = max(used.get(prefix, 0), number)
    return used


class _Places:
    """Where retired passages land: indexes made once for all of them."""

    def __init__(
        self, record: Record, published: list[_New], ids: dict[str, str], sections: dict[str, str]
    ) -> None:
        self.record = record
        self.published = published
        self.sections = sections
        self.shingles = ShingleIndex([p.text for p in published])
        self.order = [p.id for p in record.passages]
        self.place = {passage_id: n for n, passage_id in enumerate(self.order)}
        self.survivors = set(ids.values())

    def landing(self, passage: RecordedPassage) -> tuple[str, bool]:
        """Where a retired passage's id lands, and whether on a passage like it."""
        best, target = 0.0, ""
        for number in self.shingles.candidates(passage.text):
            text = self.published[number].text
            score = max(similarity(text, passage.text, RETIRE_NEAR), covered(passage.text, text))
            if score > best:
                best, target = score, self.published[number].id
        if best >= RETIRE_NEAR:
            return target, True
        place = self.place[passage.id]
        for step in range(1, len(self.order)):
            for other in (place + step, place - step):
                if 0 <= other < len(self.order) and self.order[other] in self.survivors:
                    return self.order[other], False
        return _section_landing(passage.section, self.record, self.sections), False


def _section_landing(section_id: str, record: Record, sections: dict[str, str]) -> str:
    published = set(sections.values())
    if section_id in published:
        return section_id
    order = [s.id for s in record.sections]
    place = order.index(section_id) if section_id in order else 0
    for other in order[place + 1 :] + order[:place][::-1]:
        if other in published:
            return other
    return ""


def _follow_chains(retired: dict[str, Retired]) -> None:
    """A retired id whose landing place was retired in turn lands where that one does."""
    for old_id, entry in list(retired.items()):
        target, seen = entry.to, {old_id}
        while target in retired and target not in seen:
            seen.add(target)
            target = retired[target].to
        retired[old_id] = replace(entry, to=target)


def _page_anchors(document: Document) -> dict[str, int]:
    """Each published page anchor, aliases too, with the PDF page it is on (0: not a PDF)."""
    anchors = dict(page_anchors(document))
    anchors.update((alias, anchors.get(anchor, 0)) for alias, anchor in document.page_aliases)
    return dict(sorted(anchors.items(), key=lambda item: (item[1], item[0])))


def _page_aliases(document: Document, record: Record) -> tuple[tuple[str, str], ...]:
    """Recorded page anchors the document no longer makes, each kept as an alias of the
    marker now on the same page of the PDF (a reader that learned the printed numbers)."""
    current = page_anchors(document)
    made = {anchor for anchor, _ in current}
    by_pdf: dict[int, str] = {}
    for anchor, number in current:
        by_pdf.setdefault(number, anchor)
    return tuple(
        (old, by_pdf[number])
        for old, number in sorted(record.pages.items())
        if old not in made and number and number in by_pdf
    )


def _rewrite(
    document: Document,
    sections: dict[str, str],
    ids: dict[str, str],
    landing: dict[str, list[str]],
    record: Record,
    live: set[str],
) -> Document:
    recorded_aliases = {s.id: s.aliases for s in record.sections}
    given: set[str] = set(live)  # an alias is never a live id, nor given twice

    def aliases_of(target: str, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
        found = []
        for alias in (*extra, *landing.get(target, ())):
            if alias != target and alias not in given:
                given.add(alias)
                found.append(alias)
        return tuple(found)

    rewritten = []
    for section in document.sections:
        section_id = sections.get(section.id, section.id)
        earlier = (*recorded_aliases.get(section_id, ()), *section.aliases, section.id)
        blocks: list[Block] = []
        for block in section.blocks:
            if isinstance(block, Paragraph):
                new_id = ids[block.id]  # a keywords line too: its form, in its section
                blocks.append(replace(block, id=new_id, aliases=aliases_of(new_id)))
            else:
                items = tuple(
                    replace(item, id=ids[item.id], aliases=aliases_of(ids[item.id]))
                    for item in block.items
                )
                blocks.append(replace(block, items=items))
        rewritten.append(
            replace(
                section,
                id=section_id,
                blocks=tuple(blocks),
                aliases=aliases_of(section_id, earlier),
            )
        )
    return replace(document, sections=tuple(rewritten))


def _reprefix(block_id: str, read: str, sections: dict[str, str]) -> str:
    published = sections.get(read, read)
    if read != published and block_id.startswith(f"{read}-"):
        return published + block_id[len(read) :]
    return block_id
