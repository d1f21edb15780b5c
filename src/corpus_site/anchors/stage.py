"""The id stage of a build: every paper's Document gets the ids its record published.

Runs after the corpus is read and before any page is written, for both engines. It reads
each paper's record from the ids folder (default `corpus/.ids/`), keeps its ids
(`keep.py`), and writes the record back only when it changed. A paper whose file was
renamed inherits the record of the paper it was (most of its recorded passages are found
in it word for word), and its old URL becomes a redirect; a paper that left the corpus keeps
its record, and its URL a short notice.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

from corpus_site.anchors.keep import Changes, keep_ids, passages_of, record_of
from corpus_site.anchors.record import IDS_DIR, Record, read_record, record_path, write_record
from corpus_site.errors import CorpusError
from corpus_site.extract import SOURCE_SUFFIXES
from corpus_site.ids import paper_slug
from corpus_site.model import Corpus, Paper

# A file is taken for a renamed paper when at least this share of the passages recorded for
# a paper that is gone is found in it, word for word.
RENAMED = 0.5

log = logging.getLogger("mkdocs.plugins.corpus_site.anchors")


@dataclass
class KeptIds:
    """What the id stage did: the corpus with kept ids, and per paper what changed."""

    corpus: Corpus
    changes: dict[str, Changes] = field(default_factory=dict)  # slug -> changes
    renamed: dict[str, str] = field(default_factory=dict)  # renamed in this build: old -> new
    redirects: dict[str, str] = field(default_factory=dict)  # every old slug -> its paper now
    removed: list[str] = field(default_factory=list)  # slugs of papers that left
    written: list[Path] = field(default_factory=list)
    # The records as this build leaves them, written by `save_records` once the build may go on.
    records: dict[str, Record] = field(default_factory=dict)
    failing: set[str] = field(default_factory=set)  # slugs of sources that did not load

    def unlanded(self) -> list[str]:
        """`slug#id` of each recorded id left without a passage like the one it named."""
        found = [f"{slug}#{i}" for slug, c in self.changes.items() for i in c.unlanded]
        return found + [f"{slug} (removed, no successor)" for slug in self.removed]


def default_ids_dir(corpus_root: Path) -> Path:
    return corpus_root / IDS_DIR


def keep_corpus_ids(corpus: Corpus, ids_dir: Path) -> KeptIds:
    """The corpus with every paper's published ids kept, and the records that says; nothing
    is written (`save_records` does, once the build may go on: an `ids: frozen` failure
    leaves the records as they were, so the next build fails the same way)."""
    records: dict[str, Record] = {}
    for path in sorted(ids_dir.glob("*.json")) if ids_dir.is_dir() else []:
        try:
            record = read_record(path)
        except (OSError, ValueError) as error:
            corpus.errors.append(
                CorpusError(
                    path, f"id record cannot be read ({error}); restore it from version control"
                )
            )
            continue
        if record is not None:
            records[record.paper] = record
    # A source that failed this time (a typo in its .yml, a limit) is still the paper its
    # record names: it is neither removed nor anyone's predecessor.
    failing = {paper_slug(error.path.stem) for error in corpus.errors if _is_source(error.path)}
    present = {paper.meta.slug for paper in corpus.papers} | failing
    orphans = {
        slug: r
        for slug, r in records.items()
        if slug not in present and not r.removed and not r.successor
    }
    result = KeptIds(corpus)
    papers: list[Paper] = []
    for paper in corpus.papers:
        slug = paper.meta.slug
        record = records.get(slug)
        if (record is None or record.removed or record.successor) and orphans:
            previous = _predecessor(paper, orphans)
            if previous is not None:
                record = orphans.pop(previous)
                result.renamed[previous] = slug
        if record is not None and (record.removed or record.successor):
            record = replace(record, removed=False, successor="")  # back in the corpus
        document, changes = keep_ids(paper.document, record)
        result.changes[slug] = changes
        new_record = record_of(document, slug, paper.source.name, changes.all_retired)
        key = _key(paper.key, new_record.to_json()) if paper.key else ""
        papers.append(replace(paper, document=document, key=key))
        records[slug] = new_record
        result.records[slug] = new_record
    for old, new in result.renamed.items():
        records[old] = Record(paper=old, source=records[old].source, removed=True, successor=new)
        result.records[old] = records[old]
    for slug, record in sorted(orphans.items()):
        records[slug] = result.records[slug] = replace(record, removed=True)
    result.failing = failing
    for slug, record in sorted(records.items()):
        if slug in present:
            continue
        target, seen = record.successor, {slug}
        while target and target not in present and target not in seen:
            seen.add(target)
            target = records[target].successor if target in records else ""
        if target in present:
            result.redirects[slug] = target
        else:
            result.removed.append(slug)
    result.corpus = replace(corpus, papers=papers)
    return result


def save_records(kept: KeptIds, ids_dir: Path) -> None:
    """Write each record this build changed; a folder that cannot be written is one info
    line, not a warning, so a read-only corpus still builds, with --strict too."""
    if ids_dir.is_symlink():  # the corpus is a boundary: never write through a planted link
        log.info(f"{ids_dir}: is a symbolic link; the id records are not written through it")
        return
    for slug, record in sorted(kept.records.items()):
        path = record_path(ids_dir, slug)
        try:
            if write_record(path, record):
                kept.written.append(path)
        except OSError as error:
            log.info(
                f"{path}: the id record cannot be written ({error.strerror}); ids are kept "
                "for this build only"
            )
            return


def _is_source(path: Path) -> bool:
    """Whether an error's file is a paper's source or its metadata."""
    return path.suffix.lower() in (*SOURCE_SUFFIXES, ".yml")


def _predecessor(paper: Paper, orphans: dict[str, Record]) -> str | None:
    """The gone paper whose recorded passages this one holds, if any holds enough."""
    texts = set(_texts(paper))  # folded already, as the record's are
    best, slug = 0.0, None
    for other, record in orphans.items():
        recorded = [p.text for p in record.passages]
        if recorded:
            share = sum(text in texts for text in recorded) / len(recorded)
            if share > best:
                best, slug = share, other
    return slug if best >= RENAMED else None


def _texts(paper: Paper) -> list[str]:
    return [text for _, _, _, text in passages_of(paper.document)]


def _key(document_key: str, record: str) -> str:
    """The paper's key with its ids: a page made with other ids is another page."""
    return hashlib.sha256(f"{document_key}\n{record}".encode("utf-8", "surrogatepass")).hexdigest()
