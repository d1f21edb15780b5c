"""The id record of a paper: every id its pages have published, with the text it names.

One JSON file per paper (`corpus/.ids/<slug>.json`, committed with the corpus), written so a
diff reads as a list of passages: one passage per line, in reading order, with its section,
its id and its text (whitespace folded; the whole text, not a sketch: a record is smaller
than its source and the similarity of two passages is measured on their words). Retired ids
(a passage deleted or merged) stay in the record for ever, each with the id it now lands on.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from corpus_site.ids import KEYWORDS_SUFFIX
from corpus_site.runtime.files import write_atomically

FORMAT = 1
IDS_DIR = ".ids"


@dataclass(frozen=True)
class RecordedSection:
    """A section as published: the id its passages are numbered under, its heading, and the
    other ids that land on it (the slugs of corrected headings)."""

    id: str
    heading: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecordedPassage:
    """A paragraph (`kind` "p"), list item ("item") or the printed keywords ("keywords"),
    keyed by its published id."""

    id: str
    section: str
    kind: str
    text: str


@dataclass(frozen=True)
class Retired:
    """A retired id: where it lands now, and the text it named (so that text coming back
    takes its id back)."""

    to: str
    text: str = ""


@dataclass
class Record:
    """Everything a paper's page has published, and where each retired id lands."""

    paper: str
    source: str
    sections: list[RecordedSection] = field(default_factory=list)
    passages: list[RecordedPassage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # note ids, as the source numbers them
    # Page anchors published (`page-38`), each with the page of the PDF it is on (0: not a
    # PDF), so a reader that later prints other numbers can keep them as aliases.
    pages: dict[str, int] = field(default_factory=dict)
    retired: dict[str, Retired] = field(default_factory=dict)  # retired id -> landing, text
    removed: bool = False  # the paper left the corpus: its URL says so
    successor: str = ""  # the slug it was renamed to: its URL redirects there

    def all_ids(self) -> set[str]:
        """Every id this record has ever published."""
        ids = {s.id for s in self.sections} | {a for s in self.sections for a in s.aliases}
        ids |= {p.id for p in self.passages} | set(self.retired) | set(self.notes)
        return ids | set(self.pages)

    def to_json(self) -> str:
        """The record as diff-friendly JSON: one section, passage or retired id per line."""
        lines = ["{", f'  "format": {FORMAT},', f'  "paper": {_j(self.paper)},']
        lines.append(f'  "source": {_j(self.source)},')
        if self.removed:
            lines.append('  "removed": true,')
        if self.successor:
            lines.append(f'  "successor": {_j(self.successor)},')
        lines.append('  "sections": [')
        lines += _rows(
            [
                {
                    "id": s.id,
                    "heading": s.heading,
                    **({"aliases": list(s.aliases)} if s.aliases else {}),
                }
                for s in self.sections
            ]
        )
        lines.append("  ],")
        lines.append('  "passages": [')
        lines += _rows(
            [
                {"id": p.id, "section": p.section, "kind": p.kind, "text": p.text}
                for p in self.passages
            ]
        )
        lines.append("  ],")
        lines.append(f'  "notes": {_j(self.notes)},')
        lines.append(f'  "pages": {_j(self.pages)},')
        lines.append('  "retired": {')
        retired = [
            f"    {_j(old)}: {_j({'to': r.to, 'text': r.text})}"
            for old, r in sorted(self.retired.items())
        ]
        lines += [",\n".join(retired)] if retired else []
        lines += ["  }", "}"]
        return "\n".join(lines) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Record:
        """A record read back; ValueError when it is not one."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not an id record of this format")
        try:
            return cls(
                paper=str(data["paper"]),
                source=str(data["source"]),
                sections=[
                    RecordedSection(
                        str(s["id"]), str(s["heading"]), tuple(map(str, s.get("aliases", ())))
                    )
                    for s in data["sections"]
                ],
                passages=[
                    RecordedPassage(str(p["id"]), str(p["section"]), _kind(p), str(p["text"]))
                    for p in data["passages"]
                ],
                notes=[str(n) for n in data.get("notes", [])],
                pages={str(k): int(v) for k, v in data.get("pages", {}).items()},
                retired={
                    str(k): Retired(str(v["to"]), str(v.get("text", "")))
                    for k, v in data.get("retired", {}).items()
                },
                removed=bool(data.get("removed", False)),
                successor=str(data.get("successor", "")),
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"an entry is missing or of the wrong kind ({error})") from error


def _j(value: object) -> str:
    """JSON, keeping letters readable; a file name that is not UTF-8 (its bytes held as lone
    surrogates) is written escaped instead, so the record stays valid UTF-8."""
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value)
    return text


def _rows(rows: list[dict[str, object]]) -> list[str]:
    return [f"    {_j(row)}" + ("," if n < len(rows) - 1 else "") for n, row in enumerate(rows)]


def record_path(ids_dir: Path, slug: str) -> Path:
    """`<slug>.json`, or for a slug too long for that to be a file name (a cut one, 251
    characters) its first 200 characters and a hash of the whole."""
    name = f"{slug}.json"
    if len(name.encode()) > 255:
        name = f"{slug[:200]}-{hashlib.sha256(slug.encode()).hexdigest()[:12]}.json"
    return ids_dir / name


def read_record(path: Path) -> Record | None:
    """The record at `path`, or None when there is none; ValueError when it is damaged."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return Record.from_json(text)


def write_record(path: Path, record: Record) -> bool:
    """Write `record` unless the file already says the same (a warm build writes nothing,
    and `mkdocs serve` is not woken by its own write); whether it wrote. OSError when the
    folder cannot be written."""
    text = record.to_json()
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    write_atomically(path, text.encode("utf-8"))
    return True


def _kind(passage: dict[str, object]) -> str:
    """A recorded passage's kind; records written before the model knew the keywords line
    recorded it as a paragraph ("p") whose id ends in "-keywords"."""
    kind, passage_id = str(passage["kind"]), str(passage["id"])
    if kind == "p" and passage_id.endswith(f"-{KEYWORDS_SUFFIX}"):
        return "keywords"
    return kind
