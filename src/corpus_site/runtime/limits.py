"""The limits no single source can escape, and the one error a source gets for passing one.

The counted limits (pages, decoded content streams, glyphs on a page) are checked by the
reader as it goes, so a hostile PDF stops early wherever it is read. The time limit is kept
by the worker pool (`pool.py`), which kills a worker whose source takes too long; the reader
tells it which page it is on (`note_page`) so the message can say where it gave up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from corpus_site.errors import SourceError

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How far one source may go. Defaults sit far above real papers: a dense journal page
    has about 5,000 glyphs, a long book about 1,000 pages."""

    seconds_per_source: float = 300.0
    pages: int = 3000
    stream_bytes: int = 256 * MIB
    glyphs_per_page: int = 100_000
    metadata_chars: int = 2000


DEFAULT_LIMITS = Limits()
# What each limit is called on the command line (`--max-…`) and in the plugin options.
FLAGS = {
    "seconds_per_source": "max-seconds-per-source",
    "pages": "max-pages",
    "stream_bytes": "max-stream-bytes",
    "glyphs_per_page": "max-glyphs-per-page",
    "metadata_chars": "max-metadata-chars",
}


class LimitExceeded(SourceError):
    """A source went past one of its Limits; the message names the limit and its flag."""


def over_limit(path: object, what: str, limit: str) -> LimitExceeded:
    """The error for `path` passing `limit` (a field of Limits), saying how to raise it."""
    return LimitExceeded(
        str(path), f"{what}; raise --{FLAGS[limit]} if the file is right (see README)"
    )


# Set in a pool worker: tells the parent which page of its source the reader is on.
_page_hook: Callable[[int], None] | None = None


def note_page(number: int) -> None:
    """The reader is now on page `number` of its source (used for the time limit's message)."""
    if _page_hook is not None:
        _page_hook(number)


def set_page_hook(hook: Callable[[int], None] | None) -> None:
    global _page_hook
    _page_hook = hook
