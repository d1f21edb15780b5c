"""Worker processes that read one source at a time and can be killed, one by one.

`concurrent.futures` cannot stop one task: a source that hangs (a pdfminer loop, a page of a
million operators) would hold its worker, and the build, forever. Here each worker has its
own pipe; the parent waits on all of them with a deadline, kills a worker whose source runs
past `seconds`, reports that source as one file's error (naming the page it was on) and
starts a fresh worker for the rest. A worker that dies (killed by the system for memory, a
crash in a library) costs its own source only.

The interface is small on purpose: `run(jobs, finish)`; another executor (a cluster) can
take its place.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from typing import Any

from corpus_site.errors import CorpusError, SourceError
from corpus_site.model import Document, PaperMeta, Reader
from corpus_site.runtime.limits import over_limit, set_page_hook

# The error's class, path, message and line, and the traceback of its cause (a reader's bug).
ErrorValues = tuple[type[CorpusError], str, str, int | None, str | None]
Result = Document | ErrorValues
Job = tuple[Path, PaperMeta]
# How long a stopping worker gets to exit before it is killed.
_GRACE_SECONDS = 2.0
# What a worker may add to the address space it started with: past it, allocations fail and
# the source is its file's error ("ran out of memory"), not the machine's problem. Real
# papers take a few hundred MB; hostile ones (millions of objects in a stream) would take all.
MEMORY_PER_WORKER = 4 * 1024**3


def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when the build that started it dies (kill -9),
    so no worker goes on reading, unwatched by any time limit."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
            if os.getppid() == 1:  # the parent died before the call
                os._exit(1)


def _cap_memory(extra: int) -> None:
    """Limit this process's address space to what it has now plus `extra` bytes."""
    with contextlib.suppress(OSError, ValueError, ImportError):
        import resource

        size = int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = size + extra
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        if soft == resource.RLIM_INFINITY or soft > cap:
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


class WorkerTraceback(Exception):
    """The traceback of an exception raised in a worker, as text (for `--debug` logs)."""


def error_values(error: CorpusError) -> ErrorValues:
    """A CorpusError as plain values: its class's constructor takes more than the message,
    so the exception itself does not survive pickling; nor does its cause, whose traceback
    goes as text."""
    cause = error.__cause__
    trace = "".join(traceback.format_exception(cause)) if cause is not None else None
    return (type(error), str(error.path), error.message, error.line, trace)


def rebuild(result: Result) -> Document | CorpusError:
    if isinstance(result, Document):
        return result
    kind, path, message, line, trace = result
    error = kind(Path(path), message, line)
    if trace is not None:
        error.__cause__ = WorkerTraceback(trace)
    return error


def _serve(
    connection: multiprocessing.connection.Connection,
    page: Synchronized[int],
    reader: Reader,
    scratch: str | None,
) -> None:
    """A worker's loop: read the sources it is sent, one at a time, until told to stop."""
    _die_with_parent()
    _cap_memory(MEMORY_PER_WORKER)
    if scratch:  # temporary files of the libraries go where the build can remove them
        os.environ["TMPDIR"] = scratch
    set_page_hook(lambda number: setattr(page, "value", number))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        path, meta = job
        page.value = 0
        result: Result
        try:
            result = reader(path, meta)
        except CorpusError as error:
            result = error_values(error)
        connection.send(result)


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: multiprocessing.connection.Connection
    page: Synchronized[int]
    job: int | None = None
    started: float = field(default=0.0)


class KillablePool:
    """Up to `workers` processes reading sources, none for longer than `seconds` each."""

    def __init__(
        self,
        reader: Reader,
        workers: int,
        seconds: float,
        context: multiprocessing.context.BaseContext,
        scratch: Path | None = None,
    ) -> None:
        self.reader = reader
        self.workers = max(1, workers)
        self.seconds = seconds
        self.context = context
        self.scratch = str(scratch) if scratch is not None else None
        self._idle: list[_Worker] = []

    def run(
        self, jobs: Sequence[Job], finish: Callable[[int, Document | CorpusError], None]
    ) -> None:
        """Read every job; `finish(index, document or error)` as each one ends, in any order."""
        queue = deque(range(len(jobs)))
        busy: list[_Worker] = []
        try:
            while queue or busy:
                while queue and len(busy) < self.workers:
                    worker = self._idle.pop() if self._idle else self._start()
                    index = queue.popleft()
                    worker.job, worker.started = index, time.monotonic()
                    worker.connection.send(jobs[index])
                    busy.append(worker)
                deadline = min(w.started for w in busy) + self.seconds
                timeout = max(0.0, deadline - time.monotonic())
                ready = multiprocessing.connection.wait([w.connection for w in busy], timeout)
                for worker in list(busy):
                    assert worker.job is not None
                    path = jobs[worker.job][0]
                    if worker.connection in ready:
                        try:
                            result = rebuild(worker.connection.recv())
                        except (EOFError, OSError):  # it died mid-source
                            result = self._died(worker, path)
                        else:
                            self._idle.append(worker)
                    elif time.monotonic() - worker.started >= self.seconds:
                        result = self._overdue(worker, path)
                    else:
                        continue
                    busy.remove(worker)
                    index, worker.job = worker.job, None
                    finish(index, result)
        finally:
            for worker in busy:
                self._kill(worker)
            self.close()

    def close(self) -> None:
        """Stop the idle workers: asked first, killed if they do not go."""
        for worker in self._idle:
            with contextlib.suppress(OSError, ValueError):
                worker.connection.send(None)
        for worker in self._idle:
            worker.process.join(_GRACE_SECONDS)
            self._kill(worker)
        self._idle = []

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe()
        page = self.context.Value("i", 0)
        starter: Any = self.context  # typeshed's BaseContext does not name Process
        process = starter.Process(
            target=_serve, args=(child, page, self.reader, self.scratch), daemon=True
        )
        process.start()
        child.close()
        return _Worker(process, parent, page)

    def _overdue(self, worker: _Worker, path: Path) -> CorpusError:
        page = worker.page.value
        self._kill(worker)
        where = f" reading page {page}" if page else ""
        return over_limit(path, f"gave up after {self.seconds:g} s{where}", "seconds_per_source")

    def _died(self, worker: _Worker, path: Path) -> CorpusError:
        self._kill(worker)
        code = worker.process.exitcode
        how = f"was killed by signal {-code}" if code is not None and code < 0 else "stopped"
        return SourceError(
            path,
            f"the process reading it {how} (out of memory?); check the file, or read it "
            "alone with `corpus-site extract` to see more",
        )

    def _kill(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(_GRACE_SECONDS)
        with contextlib.suppress(OSError):
            worker.connection.close()
