"""Every file and folder corpus-site writes goes through here: atomically, or not at all.

A reader of the site (or a second build) never sees a half-written file: each is written to
a temporary name beside its target and renamed over it; a finished site is swapped in whole.
"""

from __future__ import annotations

import errno
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


# What to do about the errors a disk gives, by errno.
_ADVICE = {
    errno.ENOSPC: "the disk is full: free some space, or build to another --site-dir",
    errno.EDQUOT: "the disk quota is used up: free some space",
    errno.EROFS: "the folder is read-only: build to another --site-dir",
    errno.EACCES: "no permission: check the owner and mode of the file and its folder",
    errno.EPERM: "not permitted: check the owner and mode of the file and its folder",
    errno.ENOENT: "it does not exist: check the path",
    errno.EISDIR: "it is a folder, not a file: check the path",
    errno.ENAMETOOLONG: "the name is too long for the file system: shorten it",
}


def describe_os_error(error: OSError) -> str:
    """An OSError as one line, `file: what went wrong; what to do`."""
    where = error.filename if error.filename is not None else "a file"
    what = error.strerror or str(error)
    advice = _ADVICE.get(error.errno or 0, "check the file and its folder")
    return " ".join(f"{where}: {what}; {advice}".split())
