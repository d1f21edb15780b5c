"""A build's scratch folder: beside the site folder, marked with its owner, never left behind.

Everything a build writes before the finished site is swapped in (the staging site, the
generated pages, an empty docs folder, the workers' temporary files) lives in one folder
`.<site>-build-XXXXXXXX` next to the site folder: never in the cache folder, which may be
shared, nor in the system's temporary folder, which may be memory and is nobody's to clean.
It is removed when the build ends, however it ends, where Python still runs (`finally`, and
SIGTERM and SIGINT turned into an exception that unwinds to it). A build killed outright
(SIGKILL, a power cut) leaves it: the next build beside the same site folder removes it,
recognising it by its marker (host, process id and that process's start time), and never
touches the scratch of a build still running.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

MARKER = "corpus-site-build.json"
# A scratch folder without a marker (its build died in the instant after making it) is left
# this long, in case it is a build that is just starting.
UNMARKED_GRACE_SECONDS = 3600.0


def scratch_prefix(site_dir: Path) -> str:
    return f".{site_dir.name}-build-"


def make_scratch(site_dir: Path) -> Path:
    """A fresh scratch folder beside `site_dir`, marked as this process's, after removing
    what killed builds left there."""
    parent = site_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(site_dir)
    folder = Path(tempfile.mkdtemp(prefix=scratch_prefix(site_dir), dir=parent))
    owner = {"host": socket.gethostname(), "pid": os.getpid(), "started": _started(os.getpid())}
    (folder / MARKER).write_text(json.dumps(owner), encoding="utf-8")
    return folder


def remove_leftovers(site_dir: Path) -> list[Path]:
    """Remove the scratch folders beside `site_dir` whose builds are gone; the removed."""
    removed = []
    for folder in sorted(site_dir.parent.glob(f"{scratch_prefix(site_dir)}*")):
        if folder.is_dir() and not folder.is_symlink() and _abandoned(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _abandoned(folder: Path) -> bool:
    try:
        owner = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        host, pid, started = owner["host"], int(owner["pid"]), owner["started"]
    except FileNotFoundError:
        try:
            age = time.time() - folder.stat().st_mtime
        except OSError:
            return False
        return age > UNMARKED_GRACE_SECONDS
    except (OSError, ValueError, KeyError, TypeError):
        return False  # not ours to judge
    if host != socket.gethostname():
        return False  # a build on another machine sharing this folder: cannot tell
    return not _alive(pid) or (started is not None and _started(pid) != started)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _started(pid: int) -> int | None:
    """When process `pid` started (clock ticks since boot, Linux), so a reused process id
    is not taken for the build that made a folder; None where the system does not say."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        return int(fields[19])
    except (OSError, ValueError, IndexError):
        return None


class Terminated(BaseException):
    """SIGTERM arrived: unwind, as Ctrl-C does, so every `finally` runs."""


@contextlib.contextmanager
def scratch_for(site_dir: Path) -> Iterator[Path]:
    """`make_scratch(site_dir)`, removed when the block ends, however it ends; in the main
    thread SIGTERM unwinds the block as SIGINT does."""
    folder = make_scratch(site_dir)
    restore = _unwind_on_sigterm()
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        restore()


def _unwind_on_sigterm() -> Callable[[], None]:
    """Make SIGTERM raise Terminated; the function that puts the old handler back."""

    def terminate(number: int, frame: FrameType | None) -> None:
        raise Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # not the main thread: signals are not ours to handle
        return lambda: None
    return lambda: _restore(previous)


def _restore(previous: signal._HANDLER) -> None:
    signal.signal(signal.SIGTERM, previous)
