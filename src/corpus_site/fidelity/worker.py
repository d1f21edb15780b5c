"""Measure the papers' pages beside the build, not in its way.

MkDocs renders pages on one core; measuring a page (`measure.measure_html`: about 20 ms for a
5,000-word paper) runs in one worker process on another core while MkDocs goes on, and the
results are read once every page is rendered. A handful of pages is measured here, in this
process: starting a worker would cost more than it saves. Cached measures skip both.
"""

from __future__ import annotations

import functools
import multiprocessing
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from corpus_site.fidelity.measure import Fidelity, measure_subject, subject_of
from corpus_site.ids import RELATED_ID
from corpus_site.model import Paper, PaperMeta, SourceText
from corpus_site.runtime.cache import DocumentCache
from corpus_site.runtime.pool import process_context, source_digest

# Fewer pages to measure than this and they are measured in this process.
MIN_PAGES_FOR_WORKER = 8

Outcome = Fidelity | Exception


class MeasureFailed(Exception):
    """A measure that raised in the worker, as its type name and message.

    The original exception does not always survive the trip back (a CorpusError's
    constructor takes more than its message, and unpickling it would break the pool)."""


def own_words(html: str) -> str:
    """A paper page's HTML without its "Related passages": the other papers' words, which
    are not this paper's to keep, and which change whenever one of those papers does (the
    measure's cache key would change with them, and every page be measured again)."""
    start = html.find(f'<h2 id="{RELATED_ID}"')
    if start < 0:
        return html
    end = html.find("<h2", start + 3)
    if end < 0:
        end = html.find('<div class="footnote"', start)
    return html[:start] + (html[end:] if end >= 0 else "")


def _measure_isolated(subject: bytes | SourceText, meta: PaperMeta, html: str) -> Fidelity | str:
    """Run in the worker: a failure comes back as text."""
    try:
        return measure_subject(subject, meta, html)
    except Exception as error:
        return f"{type(error).__name__}: {error}"


class PageMeasures:
    """Collects `(paper, page HTML)` as MkDocs renders them; `results` gives each paper's
    fidelity, or the exception that stopped its measure, in the order they came."""

    def __init__(
        self,
        cache: DocumentCache | None = None,
        *,
        background: bool = True,
        min_pages: int = MIN_PAGES_FOR_WORKER,
    ) -> None:
        self.cache = cache
        self.background = background
        self.min_pages = min_pages
        self._order: list[Paper] = []
        self._done: dict[int, Outcome] = {}  # position in _order -> outcome
        # position -> (what the page is measured against, key, html)
        self._waiting: dict[int, tuple[bytes | SourceText, str, str]] = {}
        self._futures: dict[int, tuple[str, Future[Fidelity | str]]] = {}  # position -> (key, …)
        # What the worker has not finished yet, kept in case it dies; a finished page's HTML
        # is let go at once, so a long build does not hold every page's HTML.
        self._in_worker: dict[int, tuple[bytes | SourceText, str]] = {}
        self._executor: ProcessPoolExecutor | None = None

    def add(self, paper: Paper, html: str) -> None:
        """Measure `paper` against its page's `html` (as MkDocs made it, before the theme)."""
        html = own_words(html)
        try:
            source = paper.source.read_bytes()
        except OSError as error:  # the measure must never stop a build
            self._order.append(paper)
            self._done[len(self._order) - 1] = error
            return
        if paper.source_key and source_digest(source) != paper.source_key:
            # Edited since this build read it (`mkdocs serve`): the page shows the old text,
            # so measuring it against the new would report words lost that are not; the
            # rebuild the edit starts measures the new page.
            return
        position = len(self._order)
        self._order.append(paper)
        try:
            # A PDF's page is measured against the text its reader recorded, which the
            # Document's key names (reader code included); a text source against its bytes.
            keyed = source + paper.key.encode() if paper.document.source_text else source
            key = self.cache.measure_key(keyed, paper.meta, html) if self.cache else ""
            counts = self.cache.get_measure(key) if self.cache else None
        except Exception as error:  # the measure must never stop a build
            self._done[position] = error
            return
        if counts is not None:
            self._done[position] = Fidelity(*counts)
            return
        self._waiting[position] = (subject_of(paper, source), key, html)
        if self.background and (self._executor is not None or len(self._waiting) >= self.min_pages):
            self._hand_over()

    def _hand_over(self) -> None:
        """Give the waiting pages to the worker, starting it on first use."""
        try:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=_fresh_context(),
                )
            for position, (source, key, html) in list(self._waiting.items()):
                meta = self._order[position].meta
                future = self._executor.submit(_measure_isolated, source, meta, html)
                self._in_worker[position] = (source, html)
                future.add_done_callback(functools.partial(self._finished, position))
                self._futures[position] = (key, future)
                del self._waiting[position]
        except (OSError, RuntimeError, BrokenProcessPool):
            # No worker: what it has not taken is measured here, at the end.
            self.background = False
            self.close()

    def _finished(self, position: int, future: Future[Fidelity | str]) -> None:
        """Runs in the pool's thread when a page is done: its HTML is no longer needed,
        unless the worker died on it."""
        if not future.cancelled() and future.exception() is None:
            self._in_worker.pop(position, None)

    def _remember(self, position: int, key: str, fidelity: Fidelity) -> None:
        self._done[position] = fidelity
        if self.cache:
            self.cache.put_measure(key, (fidelity.expected, fidelity.kept))

    def _measure_here(
        self, position: int, subject: bytes | SourceText, key: str, html: str
    ) -> None:
        try:
            meta = self._order[position].meta
            self._remember(position, key, measure_subject(subject, meta, html))
        except Exception as error:
            self._done[position] = error

    def results(self) -> Iterator[tuple[Paper, Outcome]]:
        """Every paper added, with its measure, in the order added; waits for the worker."""
        try:
            for position, (source, key, html) in self._waiting.items():
                self._measure_here(position, source, key, html)
            self._waiting.clear()
            for position, (key, future) in self._futures.items():
                try:
                    outcome = future.result()
                except Exception as error:
                    retained = self._in_worker.get(position)
                    if retained is None:  # cannot happen: a finished page has an outcome
                        self._done[position] = error
                    else:  # the worker died (killed, out of memory): measured here instead
                        self._measure_here(position, retained[0], key, retained[1])
                    continue
                if isinstance(outcome, str):
                    self._done[position] = MeasureFailed(outcome)
                else:
                    self._remember(position, key, outcome)
            for position, paper in enumerate(self._order):
                yield paper, self._done[position]
        finally:
            self.close()

    @property
    def worker_started(self) -> bool:
        return self._executor is not None

    def close(self) -> None:
        """Stop the worker: what it has not started is dropped, what it is measuring ends."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


def _fresh_context() -> multiprocessing.context.BaseContext:
    return process_context(["corpus_site.fidelity.measure"], fresh=True)
