"""Every file and folder corpus-site writes goes through here: atomically, or not at all.

A reader of the site (or a second build) never sees a half-written file: each is written to
a temporary name beside its target and renamed over it; a finished site is swapped in whole.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TextIO


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file beside it (OSError on failure, and
    then no temporary file is left)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def replace_file(path: Path, write: Callable[[TextIO], None]) -> None:
    """Rewrite the existing `path` as text streamed by `write`, keeping its permissions; if
    writing fails, the old file stays and the temporary one goes."""
    mode = path.stat().st_mode & 0o777
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            write(stream)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_tree(pages: Mapping[str, str], target: Path) -> None:
    """Write `pages` (`{relative path: text}`) under `target`, each file atomically, UTF-8
    with `\\n` endings."""
    for relative, text in pages.items():
        write_atomically(target / relative, text.encode("utf-8"))


def replace_dir(new: Path, target: Path) -> None:
    """Swap a finished folder into place so readers never see a half-written one."""
    # A staging folder is private (mkdtemp); the site gets the mode a plain mkdir would give
    # it, or a web server running as another user could not read it.
    umask = os.umask(0)
    os.umask(umask)
    new.chmod(0o777 & ~umask)
    if target.exists():
        old = target.with_name(f".{target.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
        new.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        new.rename(target)


def make_scratch_dir(parent: Path, prefix: str) -> Path:
    """A fresh private folder under `parent` (made if need be), else in the system's
    temporary folder when `parent` cannot be written."""
    try:
        parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    except OSError:
        return Path(tempfile.mkdtemp(prefix="corpus-site-" + prefix.lstrip(".")))
