"""Remember what the readers made of each source, on disk, so a rebuild skips extraction.

An entry's key is the SHA-256 of the extractor version, the paper's metadata and the source's
bytes; its value is the Document as JSON (`codec.py`). Any change to a source, its metadata or
the reader code gives a new key, so a stale entry is never used; it is only left behind
(delete the cache folder to reclaim the space).

The version joins a number bumped by hand when a reader's output changes on purpose with a
fingerprint of the code the readers and the codec import (`fingerprint.py`: found by walking
the imports, never from a list kept by hand) and of the libraries they lean on, so an edited
or moved reader cannot serve yesterday's documents even if nobody bumps the number.

Beside the Documents it keeps the fidelity measure of each paper's page (`fidelity/`), keyed
by the source, its metadata, the page's HTML and the measuring code, so a warm build does not
compare the same words again; the topic hits of each paper's passages (`topics/index.py`), keyed
by the passages' text, the matcher's fingerprint (topics.yml and the glossary) and the
matching code; and each paper page's Markdown but for its appendix (`site.py`), keyed by the
Document's key, the PDF's link, the matcher's fingerprint and the page-writing code.

Every entry is one file: a first line with the SHA-256 (hex) of the rest, then that payload,
JSON (or, for a measure, two numbers). Nothing in the cache runs code when it is read. An
entry that fails its digest or its shape (truncated, a byte flipped, foreign bytes, a planted
pickle) is a miss: logged at debug level, deleted and made again. A cache that cannot be
written (a full disk, a read-only or foreign folder) is dropped for the rest of the build with
one warning: it only ever costs speed. What it holds still decides what the pages say, so the
folder wants the project's own permissions; it lives next to mkdocs.yml (or the corpus folder)
by default.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import stat
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from corpus_site.model import Document, PaperMeta
from corpus_site.runtime.codec import document_from_data, document_to_data
from corpus_site.runtime.files import write_atomically
from corpus_site.runtime.fingerprint import code_fingerprint

log = logging.getLogger("mkdocs.plugins.corpus_site.runtime.cache")
T = TypeVar("T")

# Bump when a reader's output changes on purpose; the fingerprint below catches the rest.
EXTRACTOR_VERSION = "1"
DEFAULT_CACHE_DIR = Path(".cache") / "corpus-site"
# The modules whose imports decide each kind of entry (runtime/fingerprint.py walks them); the
# codec decides what a stored Document reads back as.
READER_ROOTS = ("corpus_site.extract", "corpus_site.runtime.codec")
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
    """Documents under `directory`, one JSON file per key (`ab/abcdef….json`); beside them,
    fidelity measures (`measures/`), topic hits (`topics/`) and page parts (`pages/`). Each
    file starts with a line holding the SHA-256 of the rest."""

    def __init__(self, directory: Path, version: str | None = None) -> None:
        self.directory = directory
        self.version = version if version is not None else extractor_version()
        self.hits = 0
        self.misses = 0
        # False once an entry could not be written: no cache for the rest of this build.
        self.usable = True

    def key(self, source: bytes, meta: PaperMeta, suffix: str) -> str:
        """The entry name for a source's bytes read as `suffix` with `meta`."""
        return _digest(self.version, suffix.lower(), repr(meta), source)

    def measure_key(self, source: bytes, meta: PaperMeta, page: str) -> str:
        """The entry name for the fidelity measure of `source` (with `meta`) against `page`."""
        return _digest(measure_version(), repr(meta), source, page)

    def get_measure(self, key: str) -> tuple[int, int] | None:
        """The cached (expected, kept) counts (words of a text, letters of a PDF), or None."""
        return self._load(self._measure_path(key), _parse_measure)

    def put_measure(self, key: str, counts: tuple[int, int]) -> None:
        """Store (expected, kept) counts."""
        self._store(self._measure_path(key), f"{counts[0]} {counts[1]}\n".encode())

    def hits_key(self, matcher: str, texts: list[str]) -> str:
        """The entry name for the topic hits of a paper's passages (`texts`) found by the
        matcher whose fingerprint is `matcher`."""
        return _digest(topics_version(), matcher, *texts)

    def get_hits(self, key: str) -> list[list[list[Any]]] | None:
        """A paper's cached topic hits: per passage, `[start, end, [topic ids]]` each."""
        return self._load(self._hits_path(key), _parse_hits)

    def put_hits(self, key: str, hits: list[list[list[Any]]]) -> None:
        """Store a paper's topic hits."""
        self._store(self._hits_path(key), _json_bytes(hits))

    def page_key(self, document: str, *inputs: str) -> str:
        """The entry name for the page parts made of the Document named `document` (a
        `Paper.key`) with `inputs` (the PDF's link, the topic matcher's fingerprint)."""
        return _digest(pages_version(), document, *inputs)

    def get_page(self, key: str) -> tuple[list[str], list[str]] | None:
        """A paper's cached page parts (head and tail lines of a `PageParts`), or None."""
        return self._load(self._page_path(key), _parse_page)

    def put_page(self, key: str, head: Sequence[str], tail: Sequence[str]) -> None:
        """Store a paper's page parts."""
        self._store(self._page_path(key), _json_bytes({"head": list(head), "tail": list(tail)}))

    def get(self, key: str) -> Document | None:
        """The cached Document, or None when absent, unreadable or damaged."""
        document = self._load(self._path(key), _parse_document)
        if document is None:
            self.misses += 1
        else:
            self.hits += 1
        return document

    def put(self, key: str, document: Document) -> None:
        """Store a Document."""
        self._store(self._path(key), _json_bytes(document_to_data(document)))

    def _page_path(self, key: str) -> Path:
        return self.directory / PAGES_DIR / key[:2] / f"{key}.json"

    def _hits_path(self, key: str) -> Path:
        return self.directory / HITS_DIR / key[:2] / f"{key}.json"

    def _measure_path(self, key: str) -> Path:
        return self.directory / MEASURES_DIR / key[:2] / f"{key}.txt"

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def _load(self, path: Path, parse: Callable[[bytes], T]) -> T | None:
        """The entry at `path` as `parse` reads its payload; None when it is absent or
        unreadable, or damaged (then it is deleted, to be made again)."""
        if not self.usable:
            return None
        try:
            return parse(_payload(_read_entry(path)))
        except FileNotFoundError:
            return None
        except OSError as error:
            log.debug(f"{path}: cannot read the cache entry ({_reason(error)}); made again")
        except (ValueError, RecursionError) as error:
            log.debug(f"{path}: damaged cache entry ({error}); made again")
            with contextlib.suppress(OSError):
                path.unlink()
        return None

    def _store(self, path: Path, payload: bytes) -> None:
        """Write an entry atomically, its digest first. A cache that cannot be written only
        costs speed: it is dropped for the rest of the build, with one warning."""
        if not self.usable:
            return
        digest = hashlib.sha256(payload).hexdigest().encode("ascii")
        try:
            write_atomically(path, digest + b"\n" + payload)
        except OSError as error:
            self.usable = False
            log.warning(
                f"{self.directory}: cannot write the cache ({_reason(error)}); "
                "this build goes on without it"
            )


# No entry is larger: a Document of a 50 MB source is a fraction of it.
MAX_ENTRY_BYTES = 1024**3


def _read_entry(path: Path) -> bytes:
    """The bytes of the entry file at `path`: OSError when it cannot be read, ValueError when
    it is no regular file."""
    # Opened without blocking, so a FIFO planted at the path cannot stall the build; and only
    # a regular file is read, never a device such as /dev/zero.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags), "rb") as stream:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise ValueError("not a regular file")
        if status.st_size > MAX_ENTRY_BYTES:  # a planted giant is a miss, not a full memory
            raise ValueError(f"{status.st_size} bytes, more than any entry")
        return stream.read()


def _payload(entry: bytes) -> bytes:
    """What follows the first line of `entry`, which must be its SHA-256 (else ValueError)."""
    digest, newline, payload = entry.partition(b"\n")
    if not newline or hashlib.sha256(payload).hexdigest().encode("ascii") != digest:
        raise ValueError("its SHA-256 does not match")
    return payload


def _json_bytes(data: object) -> bytes:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8", "surrogatepass")  # a lone surrogate survives the round trip


def _json(payload: bytes) -> Any:
    return json.loads(payload.decode("utf-8", "surrogatepass"))


def _parse_document(payload: bytes) -> Document:
    return document_from_data(_json(payload))


def _parse_measure(payload: bytes) -> tuple[int, int]:
    expected, kept = payload.decode("ascii").split()
    return int(expected), int(kept)


def _parse_hits(payload: bytes) -> list[list[list[Any]]]:
    hits = _json(payload)
    if not isinstance(hits, list) or not all(_hit_list(found) for found in hits):
        raise ValueError("not a list of topic hits")
    return hits


def _parse_page(payload: bytes) -> tuple[list[str], list[str]]:
    parts = _json(payload)
    if not isinstance(parts, dict) or parts.keys() != {"head", "tail"}:
        raise ValueError("not a page's parts")
    head, tail = parts["head"], parts["tail"]
    if not _lines(head) or not _lines(tail):
        raise ValueError("not a page's lines")
    return head, tail


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


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
