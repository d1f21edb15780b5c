"""Build the bundled corpus once and serve it on 127.0.0.1 for end-to-end and browser tests.

Import the fixtures into a test module with `from tests.sitefixtures import ...`.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus_site.cli import main
from tests.conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def build_bundled_site(target: Path, *extra: str) -> Path:
    """Build the repository's corpus with its mkdocs.yml, strictly, into `target`."""
    cwd = Path.cwd()
    os.chdir(REPO)
    try:
        assert main(["build", "--strict", "--site-dir", str(target), *extra]) == 0
    finally:
        os.chdir(cwd)
    return target


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` on an ephemeral loopback port; yields the base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_bundled_site(tmp_path_factory.mktemp("bundled") / "site")


@pytest.fixture(scope="session")
def site_url(bundled_site: Path) -> Iterator[str]:
    with serve(bundled_site) as url:
        yield url


# One Playwright for the whole run: every module that imports `browser` gets its own
# session fixture, and the sync API refuses to start a second instance while one runs.
_LAUNCHED: list[object] = []


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not _LAUNCHED:
        playwright = playwright_api.sync_playwright().start()
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        _LAUNCHED.append(launched)
        atexit.register(playwright.stop)
        atexit.register(launched.close)
    yield _LAUNCHED[0]
