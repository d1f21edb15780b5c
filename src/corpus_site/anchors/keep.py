"""Give a freshly read Document the ids its paper has published, so links never break.

Readers number passages by position (`introduction-p2`); this pass, run on the finished
Document after any reader, matches its passages to the paper's id record and keeps their
ids:

1. same text (whitespace folded) first, in reading order;
2. then the most similar text, best pair first: the share of words two passages have in
   order (difflib's ratio over their words), or, when one starts with the other's first
   words (a passage split in two, or one merged into it), the share of the shorter one found
   in the longer. A pair at or above SIMILAR (0.6) keeps the id;
3. a passage with no match gets an id of today's form with a number never used in its
   section (`introduction-p7`, never a retired one).

A recorded paragraph with no match is retired: its id lands on the new passage that holds
most of its words in order (merged into it) or is most like it (at RETIRE_NEAR, 0.3, or more),
else on the passage that now follows its place, else on its section. A list item's id is its
printed label (`policy-recommendations-iii` is "the item labelled iii"), so items keep their
reader's ids. A section whose heading was corrected keeps
its recorded id, which its passages are numbered under; the new heading's slug is an alias.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace

from corpus_site.anchors.record import Record, RecordedPassage, RecordedSection
from corpus_site.ids import is_keywords_id, keywords_id
from corpus_site.model import (
    Block,
    Document,
    ListBlock,
    Paragraph,
    Section,
    page_anchors,
    plain_text,
)

SIMILAR = 0.6
RETIRE_NEAR = 0.3
_START_WORDS = 8
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
    all_retired: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        return (
            f"{len(self.kept)} kept, {len(self.moved)} moved, {len(self.retired)} retired, "
            f"{len(self.new)} new"
        )


def record_of(
    document: Document, paper: str, source: str, retired: dict[str, str] | None = None
) -> Record:
    """The record of `document` as published, with the `retired` ids of its paper."""
    passages = [
        RecordedPassage(block_id, section.id, kind, text)
        for section, block_id, kind, text in passages_of(document)
    ]
    return Record(
        paper=paper,
        source=source,
        sections=[RecordedSection(s.id, s.heading, s.aliases) for s in document.sections],
        passages=passages,
        notes=[f"fn:{note.number}" for note in document.footnotes],
        pages=_page_anchors(document),
        retired=dict(retired or {}),
    )


def keep_ids(document: Document, record: Record | None) -> tuple[Document, Changes]:
    """`document` with the ids `record` published (and aliases for retired ones)."""
    changes = Changes()
    if record is None:
        changes.new = [block_id for _, block_id, _, _ in passages_of(document)]
        return document, changes
    sections = _section_ids(document, record)
    old = [p for p in record.passages if p.kind == "p" and not is_keywords_id(p.id)]
    new = [
        (section, block_id, text)
        for section, block_id, kind, text in passages_of(document)
        if kind == "p" and not is_keywords_id(block_id)
    ]
    taken: dict[int, int] = {}  # new index -> old index
    by_text: dict[str, list[int]] = {}
    for index, passage in enumerate(old):
        by_text.setdefault(passage.text, []).append(index)
    for index, (_, _, text) in enumerate(new):
        if by_text.get(text):
            taken[index] = by_text[text].pop(0)
    used_old = set(taken.values())
    scored = [
        (score, -j, -i, i, j)
        for i, (_, _, text) in enumerate(new)
        if i not in taken
        for j, passage in enumerate(old)
        if j not in used_old and (score := similarity(text, passage.text)) >= SIMILAR
    ]
    similar: set[int] = set()
    for _, _, _, i, j in sorted(scored, reverse=True):
        if i not in taken and j not in used_old:
            taken[i], similar = j, similar | {i}
            used_old.add(j)
    # Ids for every new passage: recorded, or fresh numbers never used in their section.
    used_numbers = _used_numbers(record)
    ids: dict[tuple[str, str], str] = {}  # (section id as read, id as read) -> published id
    for index, (section, block_id, _) in enumerate(new):
        if index in taken:
            kept = old[taken[index]].id
            ids[(section.id, block_id)] = kept
            (changes.moved if index in similar else changes.kept).append(kept)
        else:
            prefix = sections.get(section.id, section.id)
            number = used_numbers.get(prefix, 0) + 1
            used_numbers[prefix] = number
            fresh = f"{prefix}-p{number}"
            ids[(section.id, block_id)] = fresh
            changes.new.append(fresh)
    # Retired paragraphs land on the most similar new passage, else the one now in their place.
    published = {new_id for new_id in ids.values()}
    retired = dict(record.retired)
    landing: dict[str, list[str]] = {}
    old_to_new = {j: i for i, j in taken.items()}
    for j, passage in enumerate(old):
        if j in used_old:
            continue
        target, near = _landing(j, passage, old, new, ids, old_to_new, sections, record)
        retired[passage.id] = target
        changes.retired[passage.id] = target
        if not near:
            changes.unlanded.append(passage.id)
    # Earlier retired ids follow their landing place if it was retired in turn.
    for old_id, target in list(retired.items()):
        seen = {old_id}
        while target in retired and target not in seen:
            seen.add(target)
            target = retired[target]
        retired[old_id] = target
    changes.all_retired = retired
    live = published | set(sections.values()) | {s.id for s in document.sections}
    for old_id, target in sorted(retired.items()):
        if old_id not in live:
            landing.setdefault(target, []).append(old_id)
    rewritten = _rewrite(document, sections, ids, landing, record)
    return replace(rewritten, page_aliases=_page_aliases(document, record)), changes


def similarity(a: str, b: str) -> float:
    """How alike two passages are (0 to 1), on their words: see the module docstring."""
    x, y = a.lower().split(), b.lower().split()
    if not x or not y:
        return 0.0
    matcher = difflib.SequenceMatcher(None, x, y, autojunk=False)
    score = matcher.ratio()
    start = min(_START_WORDS, len(x), len(y))
    if x[:start] == y[:start]:
        shorter = min(len(x), len(y))
        matched = sum(block.size for block in matcher.get_matching_blocks())
        score = max(score, matched / shorter)
    return score


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


def covered(part: str, whole: str) -> float:
    """The share of `part`'s words that `whole` holds in the same order."""
    x, y = part.lower().split(), whole.lower().split()
    if not x or not y:
        return 0.0
    matcher = difflib.SequenceMatcher(None, x, y, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(x)


def passages_of(document: Document) -> list[tuple[Section, str, str, str]]:
    """(section, id, kind, text) of every paragraph and list item, in reading order."""
    found: list[tuple[Section, str, str, str]] = []
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Paragraph):
                found.append((section, block.id, "p", _text(block)))
            elif isinstance(block, ListBlock):
                found += [
                    (section, item.id, "item", _fold(plain_text(item.inlines)))
                    for item in block.items
                ]
    return found


def _text(block: Paragraph) -> str:
    return _fold(plain_text(block.inlines))


def _fold(text: str) -> str:
    return " ".join(text.split())


def _section_ids(document: Document, record: Record) -> dict[str, str]:
    """Section id as read -> id to publish: the recorded id of the same section, found by
    its id, else by its passages' texts (a corrected heading)."""
    recorded = {s.id for s in record.sections}
    present = {s.id for s in document.sections}
    texts_of: dict[str, set[str]] = {}
    for passage in record.passages:
        texts_of.setdefault(passage.section, set()).add(passage.text)
    mapping: dict[str, str] = {}
    for section, _, _, _ in passages_of(document):
        mapping.setdefault(section.id, section.id)
    for section in document.sections:
        mapping.setdefault(section.id, section.id)
        if section.id in recorded:
            continue
        texts = {text for s, _, _, text in passages_of(document) if s.id == section.id}
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


def _landing(
    j: int,
    passage: RecordedPassage,
    old: list[RecordedPassage],
    new: list[tuple[Section, str, str]],
    ids: dict[tuple[str, str], str],
    old_to_new: dict[int, int],
    sections: dict[str, str],
    record: Record,
) -> tuple[str, bool]:
    """Where a retired paragraph's id lands, and whether on a similar passage: the one that
    holds most of its words in order (merged into it), or is most like it."""
    best, target = 0.0, ""
    for section, block_id, text in new:
        score = max(similarity(text, passage.text), covered(passage.text, text))
        if score > best:
            best, target = score, ids[(section.id, block_id)]
    if best >= RETIRE_NEAR:
        return target, True
    for later in list(range(j + 1, len(old))) + list(range(j - 1, -1, -1)):
        if later in old_to_new:
            section, block_id, _ = new[old_to_new[later]]
            return ids[(section.id, block_id)], False
    published_sections = set(sections.values())
    return (passage.section if passage.section in published_sections else ""), False


def _rewrite(
    document: Document,
    sections: dict[str, str],
    ids: dict[tuple[str, str], str],
    landing: dict[str, list[str]],
    record: Record,
) -> Document:
    recorded_aliases = {s.id: s.aliases for s in record.sections}
    rewritten = []
    for section in document.sections:
        section_id = sections.get(section.id, section.id)
        earlier = recorded_aliases.get(section_id, ())
        aliases = tuple(a for a in (*earlier, *section.aliases, section.id) if a != section_id)
        aliases += tuple(landing.get(section_id, ()))
        blocks: list[Block] = []
        for block in section.blocks:
            if isinstance(block, Paragraph):
                if is_keywords_id(block.id):
                    new_id = keywords_id(section_id)
                else:
                    new_id = ids.get((section.id, block.id), block.id)
                blocks.append(replace(block, id=new_id, aliases=tuple(landing.get(new_id, ()))))
            else:
                items = tuple(
                    replace(
                        item,
                        id=_reprefix(item.id, section.id, section_id),
                        aliases=tuple(landing.get(_reprefix(item.id, section.id, section_id), ())),
                    )
                    for item in block.items
                )
                blocks.append(replace(block, items=items))
        rewritten.append(
            replace(
                section, id=section_id, blocks=tuple(blocks), aliases=tuple(dict.fromkeys(aliases))
            )
        )
    return replace(document, sections=tuple(rewritten))


def _reprefix(item_id: str, read: str, published: str) -> str:
    if read != published and item_id.startswith(f"{read}-"):
        return published + item_id[len(read) :]
    return item_id
