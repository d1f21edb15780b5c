"""Read many sources: answers from the cache first, then killable worker processes for the rest.

Every source read for a build goes to a worker (`workers.KillablePool`), so the time limit
holds for one paper as for a thousand; `workers=1` reads in this process instead (what
`--debug` asks for, so a reader's traceback survives; the counted limits still hold there,
the time limit does not). A CorpusError raised for one file travels back as plain values and
is reported exactly as a serial read would report it.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from corpus_site.errors import CorpusError
from corpus_site.model import Document, PaperMeta, Reader
from corpus_site.runtime.cache import DocumentCache
from corpus_site.runtime.limits import DEFAULT_LIMITS
from corpus_site.runtime.workers import KillablePool

Progress = Callable[[int, int], None]  # (files read so far, files to read)
# One worker per this many files to read, up to one per core: a 5,000-word text paper reads
# in about 10 ms and a forked worker starts in a few, a forkserver one in a few hundred.
FILES_PER_WORKER = 12


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
    seconds_per_source: float = DEFAULT_LIMITS.seconds_per_source,
    scratch: Path | None = None,
) -> list[tuple[Document | CorpusError, str, str]]:
    """One Document (or the CorpusError that stopped it) per job, in the order given, each
    with its key in the `cache` ("" without one) and the SHA-256 of the bytes it was read
    from ("" when unknown: the file changed while it was read). `scratch` is where workers
    keep their temporary files (their TMPDIR)."""
    results: list[Document | CorpusError | None] = [None] * len(jobs)
    keys: list[str | None] = [None] * len(jobs)
    digests: list[str] = [""] * len(jobs)
    missing: list[int] = []
    for index, (path, meta) in enumerate(jobs):
        try:
            data = path.read_bytes()
        except OSError:
            missing.append(index)  # the reader reports the unreadable file
            continue
        digests[index] = source_digest(data)
        if cache is not None:
            key = cache.key(data, meta, path.suffix)
            keys[index] = key
            cached = cache.get(key)
            if cached is not None:
                results[index] = cached
                continue
        missing.append(index)

    done = 0

    def finish(position: int, result: Document | CorpusError) -> None:
        nonlocal done
        index = missing[position]
        results[index] = result
        key = keys[index]
        if isinstance(result, Document) and not _still(jobs[index][0], digests[index]):
            # Edited while it was read (`mkdocs serve`): which bytes it holds is not known.
            keys[index], digests[index] = None, ""
        elif cache is not None and key is not None and isinstance(result, Document):
            cache.put(key, result)
        done += 1
        if progress is not None:
            progress(done, len(missing))

    cores = workers if workers is not None else (os.cpu_count() or 1)
    count = min(cores, -(-len(missing) // FILES_PER_WORKER))
    if missing and cores > 1 and _can_start_workers(reader):
        pool = KillablePool(
            reader,
            count,
            seconds_per_source,
            process_context(["corpus_site.corpus", "corpus_site.extract.builder"]),
            scratch,
        )
        pool.run([jobs[index] for index in missing], finish)
    for position, index in enumerate(missing):
        if results[index] is None:
            path, meta = jobs[index]
            try:
                finish(position, reader(path, meta))
            except CorpusError as error:
                finish(position, error)
    ordered: list[tuple[Document | CorpusError, str, str]] = []
    for result, name, digest in zip(results, keys, digests, strict=True):
        assert result is not None, "every job was read"
        ordered.append((result, name or "", digest))
    return ordered


def source_digest(data: bytes) -> str:
    """Names a source's bytes (`Paper.source_key`)."""
    return hashlib.sha256(data).hexdigest()


def _still(path: Path, digest: str) -> bool:
    """Whether the source still has the bytes it had before it was read."""
    try:
        return bool(digest) and source_digest(path.read_bytes()) == digest
    except OSError:
        return False


def _can_start_workers(reader: Reader) -> bool:
    if multiprocessing.current_process().daemon:  # a daemonic process may not have children
        return False
    if fork_safe():
        return True
    return _picklable(reader) and _main_importable()


def fork_safe() -> bool:
    """Whether this process may fork: fork exists and no other thread could hold a lock the
    child would inherit (as in `mkdocs serve` once its server runs)."""
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


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
    if fork_safe() and not (fresh and "forkserver" in methods):
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(preload)
    return context
