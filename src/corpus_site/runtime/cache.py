"""Remember what the readers made of each source, on disk, so a rebuild skips extraction.

An entry's key is the SHA-256 of the extractor version, the paper's metadata and the source's
bytes; its value is the pickled Document. Any change to a source, its metadata or the reader
code gives a new key, so a stale entry is never used; it is only left behind (delete the cache
folder to reclaim the space). A damaged entry counts as a miss and is rewritten.

The version joins a number bumped by hand when a reader's output changes on purpose with a
fingerprint of the code the readers import (`fingerprint.py`: found by walking the imports,
never from a list kept by hand) and of the libraries they lean on, so an edited or moved
reader cannot serve yesterday's documents even if nobody bumps the number.

Beside the Documents it keeps the fidelity measure of each paper's page (`fidelity/`), keyed
by the source, its metadata, the page's HTML and the measuring code, so a warm build does not
compare the same words again; the topic hits of each paper's passages (`topics/index.py`), keyed
by the passages' text, the matcher's fingerprint (topics.yml and the glossary) and the
matching code; and each paper page's Markdown but for its appendix (`site.py`), keyed by the
Document's key, the PDF's link, the matcher's fingerprint and the page-writing code.

Pickle runs code when loading, so the cache folder must be as trusted as the project itself;
it lives next to mkdocs.yml (or the corpus folder) by default.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import pickle
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from corpus_site.model import Document, PaperMeta
from corpus_site.runtime.files import write_atomically
from corpus_site.runtime.fingerprint import code_fingerprint

# Bump when a reader's output changes on purpose; the fingerprint below catches the rest.
EXTRACTOR_VERSION = "1"
DEFAULT_CACHE_DIR = Path(".cache") / "corpus-site"
# The modules whose imports decide each kind of entry (runtime/fingerprint.py walks them).
READER_ROOTS = ("corpus_site.extract",)
MEASURE_ROOTS = ("corpus_site.fidelity.measure",)
TOPIC_ROOTS = ("corpus_site.topics.index",)
PAGE_ROOTS = ("corpus_site.site",)
# Package data that feeds the pages (the stylesheet, scripts and default configuration).
PAGE_DATA = ("corpus_site.resources",)
MEASURES_DIR = "measures"
HITS_DIR = "topics"
PAGES_DIR = "pages"


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """The manual version plus the fingerprint of the readers' code and libraries."""
    return f"{EXTRACTOR_VERSION}-{code_fingerprint(READER_ROOTS)}"


def measure_version() -> str:
    """The fingerprint of the code that measures fidelity (the scanner is part of it)."""
    return code_fingerprint(MEASURE_ROOTS)


def topics_version() -> str:
    """The fingerprint of the code that finds topics in a passage."""
    return code_fingerprint(TOPIC_ROOTS)


def pages_version() -> str:
    """The fingerprint of the code and data that write a paper's page."""
    return code_fingerprint(PAGE_ROOTS, PAGE_DATA)


class DocumentCache:
    """Pickled Documents under `directory`, one file per key (`ab/abcdef….pickle`); beside
    them, fidelity measures (`measures/`), topic hits (`topics/`) and page parts (`pages/`)."""

    def __init__(self, directory: Path, version: str | None = None) -> None:
        self.directory = directory
        self.version = version if version is not None else extractor_version()
        self.hits = 0
        self.misses = 0

    def key(self, source: bytes, meta: PaperMeta, suffix: str) -> str:
        """The entry name for a source's bytes read as `suffix` with `meta`."""
        return _digest(self.version, suffix.lower(), repr(meta), source)

    def measure_key(self, source: bytes, meta: PaperMeta, page: str) -> str:
        """The entry name for the fidelity measure of `source` (with `meta`) against `page`."""
        return _digest(measure_version(), repr(meta), source, page)

    def get_measure(self, key: str) -> tuple[int, int] | None:
        """The cached (expected, kept) word counts, or None."""
        try:
            expected, kept = self._measure_path(key).read_text(encoding="ascii").split()
            return int(expected), int(kept)
        except (OSError, ValueError):  # absent, or damaged: measured again and rewritten
            return None

    def put_measure(self, key: str, counts: tuple[int, int]) -> None:
        """Store (expected, kept) word counts."""
        _store(self._measure_path(key), f"{counts[0]} {counts[1]}\n".encode())

    def hits_key(self, matcher: str, texts: list[str]) -> str:
        """The entry name for the topic hits of a paper's passages (`texts`) found by the
        matcher whose fingerprint is `matcher`."""
        return _digest(topics_version(), matcher, *texts)

    def get_hits(self, key: str) -> list[list[list[Any]]] | None:
        """A paper's cached topic hits: per passage, `[start, end, [topic ids]]` each."""
        try:
            hits = json.loads(self._hits_path(key).read_bytes())
        except (OSError, ValueError):  # absent, or damaged: found again and rewritten
            return None
        if not isinstance(hits, list) or not all(_hit_list(found) for found in hits):
            return None
        return hits

    def put_hits(self, key: str, hits: list[list[list[Any]]]) -> None:
        """Store a paper's topic hits (JSON: plain data, nothing runs when it is read)."""
        _store(self._hits_path(key), json.dumps(hits, separators=(",", ":")).encode())

    def page_key(self, document: str, *inputs: str) -> str:
        """The entry name for the page parts made of the Document named `document` (a
        `Paper.key`) with `inputs` (the PDF's link, the topic matcher's fingerprint)."""
        return _digest(pages_version(), document, *inputs)

    def get_page(self, key: str) -> tuple[list[str], list[str]] | None:
        """A paper's cached page parts (head and tail lines of a `PageParts`), or None."""
        try:
            parts = json.loads(self._page_path(key).read_bytes())
            head, tail = parts["head"], parts["tail"]
        except (OSError, ValueError, TypeError, KeyError, RecursionError):  # absent or damaged
            return None
        if not _lines(head) or not _lines(tail):
            return None
        return head, tail

    def put_page(self, key: str, head: Sequence[str], tail: Sequence[str]) -> None:
        """Store a paper's page parts (JSON: plain data, nothing runs when it is read)."""
        data = json.dumps({"head": head, "tail": tail}, ensure_ascii=False)
        _store(self._page_path(key), data.encode("utf-8", "surrogatepass"))

    def _page_path(self, key: str) -> Path:
        return self.directory / PAGES_DIR / key[:2] / f"{key}.json"

    def _hits_path(self, key: str) -> Path:
        return self.directory / HITS_DIR / key[:2] / f"{key}.json"

    def _measure_path(self, key: str) -> Path:
        return self.directory / MEASURES_DIR / key[:2] / f"{key}.txt"

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> Document | None:
        """The cached Document, or None when absent or unreadable (a damaged entry is dropped)."""
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        try:
            document = pickle.loads(data)
        except Exception:  # any damage: truncated file, foreign bytes, a class since renamed
            document = None
        if not isinstance(document, Document):
            path.unlink(missing_ok=True)
            self.misses += 1
            return None
        self.hits += 1
        return document

    def put(self, key: str, document: Document) -> None:
        """Store an entry atomically; a cache that cannot be written only costs speed."""
        _store(self._path(key), pickle.dumps(document, pickle.HIGHEST_PROTOCOL))


def _digest(*parts: str | bytes) -> str:
    """SHA-256 of the parts, each length-prefixed, so no bytes can move from one to the next."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _lines(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(line, str) for line in value)


def _hit_list(found: object) -> bool:
    return isinstance(found, list) and all(
        isinstance(hit, list)
        and len(hit) == 3
        and isinstance(hit[0], int)
        and isinstance(hit[1], int)
        and isinstance(hit[2], list)
        and all(isinstance(topic, str) for topic in hit[2])
        for hit in found
    )


def _store(path: Path, data: bytes) -> None:
    """Write an entry; a cache that cannot be written only costs speed."""
    with contextlib.suppress(OSError):
        write_atomically(path, data)
