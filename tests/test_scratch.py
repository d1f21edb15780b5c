"""A build writes only its site folder, the scratch beside it and the cache; no scratch
outlives a build, and a killed build's is removed by the next (never a live build's)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus_site.cli import main
from corpus_site.runtime.scratch import MARKER, make_scratch, remove_leftovers
from tests.conftest import CORPUS

SEED = "russia-strategic-calculus-south-asia"


def _corpus(folder: Path, copies: int = 1) -> Path:
    folder.mkdir()
    for n in range(copies):
        shutil.copy(CORPUS / f"{SEED}.txt", folder / f"paper-{n}.txt")
    return folder


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if "-build-" in p.name)


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _mark(folder: Path, **owner: object) -> None:
    (folder / MARKER).write_text(json.dumps(owner), encoding="utf-8")


def test_a_killed_builds_scratch_is_removed_by_the_next_build(tmp_path: Path) -> None:
    site = tmp_path / "site"
    dead = make_scratch(site)
    marker = json.loads((dead / MARKER).read_text())
    _mark(dead, **{**marker, "pid": _dead_pid()})
    (dead / "pages").mkdir()
    (dead / "pages" / "left.md").write_text("left by a killed build")
    corpus = _corpus(tmp_path / "corpus")
    assert main(["build", "--corpus", str(corpus), "--site-dir", str(site)]) == 0
    assert _leftovers(tmp_path) == []
    assert (site / "papers" / "paper-0" / "index.html").is_file()


def test_a_live_builds_scratch_is_left_alone(tmp_path: Path) -> None:
    site = tmp_path / "site"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = make_scratch(site)  # marked as this process's: alive
        other = make_scratch(site)
        marker = json.loads((other / MARKER).read_text())
        started = Path(f"/proc/{sleeper.pid}/stat").read_text().rpartition(")")[2].split()[19]
        _mark(other, **{**marker, "pid": sleeper.pid, "started": int(started)})
        foreign = make_scratch(site)
        _mark(foreign, **{**marker, "host": "another-machine", "pid": _dead_pid()})
        assert remove_leftovers(site) == []
        assert live.is_dir() and other.is_dir() and foreign.is_dir()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_reused_process_id_does_not_keep_a_dead_builds_scratch(tmp_path: Path) -> None:
    site = tmp_path / "site"
    folder = make_scratch(site)
    marker = json.loads((folder / MARKER).read_text())
    _mark(folder, **{**marker, "started": (marker["started"] or 0) + 1})  # same pid, not it
    assert remove_leftovers(site) == [folder]


def test_an_unmarked_folder_is_left_while_it_may_be_starting(tmp_path: Path) -> None:
    site = tmp_path / "site"
    young = tmp_path / ".site-build-young"
    old = tmp_path / ".site-build-old"
    young.mkdir()
    old.mkdir()
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    assert remove_leftovers(site) == [old]
    assert young.is_dir()


def test_nothing_is_written_to_the_system_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    corpus = _corpus(tmp_path / "corpus", copies=3)
    code = (
        "import sys\nfrom corpus_site.cli import main\n"
        "sys.exit(main(['build', '--corpus', sys.argv[1], '--site-dir', sys.argv[2]]))\n"
    )
    env = {**os.environ, "TMPDIR": str(temporary)}
    result = subprocess.run(
        [sys.executable, "-c", code, str(corpus), str(tmp_path / "site")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(temporary.iterdir()) == []
    assert _leftovers(tmp_path) == []


@pytest.mark.slow
def test_sigterm_mid_build_removes_the_scratch_and_keeps_the_old_site(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", copies=40)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the old site")
    command = [sys.executable, "-m", "corpus_site", "build", "--corpus", str(corpus)]
    build = subprocess.Popen([*command, "--site-dir", str(site)], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not _leftovers(tmp_path) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # well inside the build: reading or rendering
    build.send_signal(signal.SIGTERM)
    _, err = build.communicate(timeout=120)
    assert _leftovers(tmp_path) == []
    if build.returncode != 0:  # interrupted, as nearly always: the old site stands
        assert "interrupted" in err
        assert (site / "index.html").read_text() == "the old site"
    else:  # the build had finished before the signal came
        assert (site / "papers" / "paper-0" / "index.html").is_file()


@pytest.mark.parametrize(
    ("code", "advice"),
    [
        (28, "the disk is full: free some space, or build to another --site-dir"),
        (30, "the folder is read-only: build to another --site-dir"),
        (13, "no permission: check the owner and mode of the file and its folder"),
    ],
)
def test_a_disk_error_on_the_site_is_one_line_naming_the_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: int,
    advice: str,
) -> None:
    import corpus_site.cli as cli

    site = tmp_path / "site"

    def failing(new: Path, target: Path) -> None:
        raise OSError(code, os.strerror(code), str(target))

    monkeypatch.setattr(cli, "replace_dir", failing)
    corpus = _corpus(tmp_path / "corpus")
    assert main(["build", "--corpus", str(corpus), "--site-dir", str(site)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == f"error: {site}: {os.strerror(code)}; {advice}"
    assert "bug" not in err[-1] and "Traceback" not in "\n".join(err)
    assert _leftovers(tmp_path) == []
