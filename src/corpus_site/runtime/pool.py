"""Read many sources: answers from the cache first, then a process pool for the rest.

A CorpusError raised for one file travels back as plain values (the exception class itself does
not survive pickling: its constructor takes more than the message), so one bad file never
breaks the pool and is reported exactly as a serial read would report it. Any other exception
is a bug in a reader and stops the load, as it would serially.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from corpus_site.errors import CorpusError
from corpus_site.model import Document, PaperMeta
from corpus_site.runtime.cache import DocumentCache

Reader = Callable[[Path, PaperMeta], Document]
Progress = Callable[[int, int], None]  # (files read so far, files to read)
# Below this many files to extract, starting worker processes costs more than it saves: one
# 5,000-word text paper reads in about 10 ms, a worker takes a few hundred ms to be ready.
MIN_FILES_FOR_POOL = 24

_ErrorValues = tuple[type[CorpusError], str, str, int | None]


def _read_isolated(reader: Reader, path: Path, meta: PaperMeta) -> Document | _ErrorValues:
    """Run in a worker: a CorpusError comes back as values, not as an exception."""
    try:
        return reader(path, meta)
    except CorpusError as error:
        return (type(error), str(error.path), error.message, error.line)


def _rebuild(result: Document | _ErrorValues) -> Document | CorpusError:
    if isinstance(result, Document):
        return result
    kind, path, message, line = result
    return kind(Path(path), message, line)


def _picklable(reader: Reader) -> bool:
    try:
        pickle.dumps(reader)
    except Exception:  # lambdas, closures, bound methods of local objects
        return False
    return True


def _main_importable() -> bool:
    """Whether forkserver workers could import `__main__` (fork workers need not).

    A script piped to `python -` is named `<stdin>`, which no worker can read.
    """
    path = getattr(sys.modules.get("__main__"), "__file__", None)
    return path is None or Path(path).is_file()


def read_documents(
    jobs: Sequence[tuple[Path, PaperMeta]],
    reader: Reader,
    cache: DocumentCache | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> list[tuple[Document | CorpusError, str]]:
    """One Document (or the CorpusError that stopped it) per job, in the order given, each
    with its key in the `cache` ("" without one)."""
    results: list[Document | CorpusError | None] = [None] * len(jobs)
    keys: list[str | None] = [None] * len(jobs)
    missing: list[int] = []
    for index, (path, meta) in enumerate(jobs):
        if cache is not None:
            try:
                key = cache.key(path.read_bytes(), meta, path.suffix)
            except OSError:
                missing.append(index)  # the reader reports the unreadable file
                continue
            keys[index] = key
            cached = cache.get(key)
            if cached is not None:
                results[index] = cached
                continue
        missing.append(index)

    workers = workers if workers is not None else (os.cpu_count() or 1)
    done = 0

    def finish(index: int, result: Document | CorpusError) -> None:
        nonlocal done
        results[index] = result
        key = keys[index]
        if cache is not None and key is not None and isinstance(result, Document):
            cache.put(key, result)
        done += 1
        if progress is not None:
            progress(done, len(missing))

    use_pool = workers > 1 and len(missing) >= MIN_FILES_FOR_POOL
    if use_pool and _picklable(reader) and (threading.active_count() == 1 or _main_importable()):
        # Workers that die (killed, or failing to start) leave their files to be read here.
        with contextlib.suppress(BrokenProcessPool):
            _read_in_pool(jobs, missing, reader, min(workers, len(missing)), finish)
    for index in missing:
        if results[index] is None:
            path, meta = jobs[index]
            try:
                finish(index, reader(path, meta))
            except CorpusError as error:
                finish(index, error)
    ordered: list[tuple[Document | CorpusError, str]] = []
    for result, name in zip(results, keys, strict=True):
        assert result is not None, "every job was read"
        ordered.append((result, name or ""))
    return ordered


def process_context(
    preload: list[str], *, fresh: bool = False
) -> multiprocessing.context.BaseContext:
    """How to start worker processes from here.

    fork is cheapest and needs no importable __main__, but forking a threaded process (as
    `mkdocs serve` is) can copy a lock another thread holds: then forkserver, whose server
    imports the `preload` modules once for all workers. `fresh` asks for forkserver wherever
    it exists, for a worker that outlives much of the build: a fork taken mid-build would
    copy each page of the build's memory that the build touches afterwards.
    """
    methods = multiprocessing.get_all_start_methods()
    fork_safe = threading.active_count() == 1 and "fork" in methods
    if fork_safe and not (fresh and "forkserver" in methods):
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(preload)
    return context


def _read_in_pool(
    jobs: Sequence[tuple[Path, PaperMeta]],
    missing: list[int],
    reader: Reader,
    workers: int,
    finish: Callable[[int, Document | CorpusError], None],
) -> None:
    context = process_context(["corpus_site.corpus", "corpus_site.extract.normalise"])
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures: dict[Future[Document | _ErrorValues], int] = {
            pool.submit(_read_isolated, reader, *jobs[index]): index for index in missing
        }
        try:
            for future in as_completed(futures):
                finish(futures[future], _rebuild(future.result()))
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
