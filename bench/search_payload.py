"""Bytes a browser fetches to answer one search query: Material's search against Pagefind.

    python bench/search_payload.py --material SITE --pagefind SITE [--query Gwadar Pakistan]

SITE folders are built sites of one corpus: one with the default search, one with the plugin
option `search_backend: pagefind`. For each query, a fresh Chromium (Playwright, Debian's
/usr/bin/chromium) opens the site, searches the way a reader does (Material: its search box on
the home page; Pagefind: the search page), waits for the results and adds up the search files
it fetched: Material's `search_index.json` and its search worker; Pagefind's scripts, styles,
WebAssembly, metadata, index chunks and result fragments, and corpus-site's small loader.
Sizes are those of the files served; "gzip" is what a server compressing text would send
(Pagefind's index files are compressed already and barely change).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import sys
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TIMEOUT_MS = 180_000  # Material indexes a large corpus in the browser before it answers


@dataclass
class Payload:
    backend: str
    query: str
    files: int
    bytes: int
    gzip_bytes: int
    index_bytes: int  # the index part: what grows with the corpus (no scripts, styles, wasm)
    largest: str
    answered: bool = True  # False: the bytes were fetched, but no result showed in time


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(root))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def is_search_file(path: str, backend: str) -> bool:
    if backend == "material":
        return path.endswith("/search/search_index.json") or "/workers/search." in path
    return path.startswith("/pagefind/") or path.endswith("/corpus-site-pagefind.js")


def is_code(path: str) -> bool:
    """Scripts, styles and WebAssembly: the same whatever the corpus."""
    return path.endswith((".js", ".css")) or "/wasm." in path


def measure(browser: Any, site: Path, backend: str, query: str) -> Payload:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    fetched: list[str] = []
    answered = True
    with serve(site) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.on("requestfinished", lambda request: fetched.append(request.url))
        if backend == "material":
            # The theme fetches the index as the page loads, before anyone types.
            with page.expect_response(
                lambda response: response.url.endswith("/search/search_index.json"),
                timeout=TIMEOUT_MS,
            ) as index:
                page.goto(url)
            index.value.finished()  # the whole index is in, whatever the query
            page.locator("input.md-search__input").click()
            page.keyboard.type(query)
            try:
                page.locator(".md-search-result__item").first.wait_for(timeout=TIMEOUT_MS)
            except PlaywrightTimeout:
                answered = False
        else:
            page.goto(url + "search/")
            box = page.locator("input.pagefind-ui__search-input")
            box.wait_for(timeout=TIMEOUT_MS)
            box.fill(query)
            page.locator(".pagefind-ui__result-nested a").first.wait_for(timeout=TIMEOUT_MS)
        page.wait_for_load_state("networkidle")
        context.close()
    sizes: dict[str, tuple[int, int]] = {}
    for address in fetched:
        path = unquote(urlsplit(address).path)
        if not is_search_file(path, backend) or path in sizes:
            continue
        data = (site / path.lstrip("/")).read_bytes()
        sizes[path] = (len(data), min(len(data), len(gzip.compress(data, 6))))
    largest = max(sizes, key=lambda p: sizes[p][0], default="")
    return Payload(
        backend=backend,
        query=query,
        files=len(sizes),
        bytes=sum(size for size, _ in sizes.values()),
        gzip_bytes=sum(packed for _, packed in sizes.values()),
        index_bytes=sum(size for path, (size, _) in sizes.items() if not is_code(path)),
        largest=largest,
        answered=answered,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--material", type=Path, required=True, help="site with Material search")
    parser.add_argument("--pagefind", type=Path, required=True, help="site built with Pagefind")
    parser.add_argument("--query", nargs="+", default=["Gwadar", "Pakistan"])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    results: list[Payload] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        for query in args.query:
            for backend, site in (("material", args.material), ("pagefind", args.pagefind)):
                result = measure(browser, site, backend, query)
                results.append(result)
                print(
                    f"{backend:9} {query!r:12} {result.files:3} files "
                    f"{result.bytes / 1024:10.1f} KiB  gzip {result.gzip_bytes / 1024:9.1f} KiB"
                    f"  index part {result.index_bytes / 1024:9.1f} KiB"
                    f"  largest {result.largest}",
                    flush=True,
                )
        browser.close()
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
