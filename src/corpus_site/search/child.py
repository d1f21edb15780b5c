"""Make the paper and topic pages' search records beside the build, not after it.

The records depend only on the Documents and the topic index (`records.corpus_records`),
which are ready when `on_files` ends; MkDocs then renders pages on one core for most of the
build. A process forked at that point writes each record to a file as one line,
`<page URL> TAB <JSON>`, and `on_post_build` copies the lines of the pages MkDocs built into
the index. Where forking is unsafe (a process with threads, as `mkdocs serve` is once its
server runs: its rebuilds) or absent, or the child fails, the records are made in
`on_post_build` instead, with the same bytes.

Memory: the parent freezes its objects (`gc.freeze`) until the child is done, so its collector
does not write to, and so copy, every page the two share; the child copies what it reads.
"""

from __future__ import annotations

import gc
import json
import logging
import multiprocessing
import os
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TextIO

from corpus_site.model import Corpus
from corpus_site.search.records import corpus_records
from corpus_site.topics.index import TopicIndex

log = logging.getLogger("mkdocs.plugins.corpus_site.search.child")


def record_json(record: Mapping[str, object]) -> str:
    """A record as `records.write_index` writes it."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _write_records(
    path: Path, corpus: Corpus, page_urls: Mapping[str, str], topics: TopicIndex | None
) -> None:
    """Run in the forked child: the records, a line each, then exit."""
    gc.disable()  # short-lived: a collection would touch, and so copy, what it never reads
    try:
        with path.open("w", encoding="utf-8", newline="\n") as stream:
            for record in corpus_records(corpus, page_urls, topics):
                url = str(record["location"]).partition("#")[0]
                stream.write(f"{url}\t{record_json(record)}\n")
    except BaseException:
        os._exit(1)  # the parent makes the records itself, and reports what goes wrong
    os._exit(0)


class RecordsChild:
    """The own records of a build's pages, made ahead by a forked child when it can."""

    def __init__(
        self,
        corpus: Corpus,
        page_urls: Mapping[str, str],
        topics: TopicIndex | None,
        folder: Path,
    ) -> None:
        self.corpus = corpus
        self.page_urls = dict(page_urls)
        self.topics = topics
        self.path = folder / "search-records.txt"
        self.process: multiprocessing.process.BaseProcess | None = None

    def start(self) -> None:
        """Fork the child, if this process may fork (no other thread holds a lock)."""
        if threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
            return
        if multiprocessing.current_process().daemon:  # a pool's worker may not have children
            return
        context = multiprocessing.get_context("fork")
        args = (self.path, self.corpus, self.page_urls, self.topics)
        process = context.Process(target=_write_records, args=args, daemon=True)
        gc.freeze()
        try:
            process.start()
        except Exception:  # no child: the records are made here
            gc.unfreeze()
            return
        self.process = process

    def lines(self, built: set[str]) -> Iterator[str]:
        """The JSON of each record of a page whose URL is in `built`, in order."""
        stream = self._childs_file()
        if stream is not None:
            with stream:
                for line in stream:
                    url, _, made_json = line.partition("\t")
                    if url in built:
                        yield made_json.rstrip("\n")
            return
        urls = {page: url for page, url in self.page_urls.items() if url in built}
        for record in corpus_records(self.corpus, urls, self.topics):
            yield record_json(record)

    def _childs_file(self) -> TextIO | None:
        """The child's records once it has finished them, or None (no child, or it failed)."""
        if self.process is None:
            return None
        self._join()
        code, self.process = self.process.exitcode, None
        if code != 0:
            log.debug(f"search records: the child ended with {code}")
            return None
        try:
            return self.path.open(encoding="utf-8", newline="\n")
        except OSError:
            return None

    def close(self) -> None:
        """Stop the child if it still runs; its file goes with the pages folder."""
        if self.process is not None:
            self.process.terminate()
            self._join()
            self.process = None

    def _join(self) -> None:
        assert self.process is not None
        self.process.join()
        gc.unfreeze()
