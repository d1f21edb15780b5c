"""Find the papers in a corpus folder, read their metadata, and validate both.

A paper is a source (`name.txt` or `name.pdf`) plus an optional `name.yml` holding only what the
editor knows. A bad paper becomes a CorpusError in `Corpus.errors`; the others still load.

The corpus folder is a boundary: a symbolic link in it, and the `pdf` a `.yml` names, are used
only when they resolve inside the folder, so no file from elsewhere reaches the site.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from corpus_site.errors import CorpusError, MetadataError, SourceError
from corpus_site.extract import SOURCE_SUFFIXES, read_source
from corpus_site.ids import paper_slug
from corpus_site.metadata import (
    DEFAULT_MAX_BYTES,
    link_problem,
    load_meta,
    with_printed,
)
from corpus_site.model import Corpus, Document, Paper, PaperMeta, Reader
from corpus_site.runtime.limits import DEFAULT_LIMITS, Limits
from corpus_site.runtime.pool import Progress, read_documents

if TYPE_CHECKING:
    from corpus_site.runtime.cache import DocumentCache

RESERVED_YAML = frozenset({"topics.yml", "mkdocs.yml"})


@dataclass(frozen=True)
class Isolated:
    """A reader whose unexpected failure is one file's error, not the end of the build.

    A reader raises CorpusError for what the user can fix; anything else is a bug in
    corpus-site, reported for that file with the way to see the traceback (`__cause__`).
    """

    reader: Reader

    def __call__(self, path: Path, meta: PaperMeta) -> Document:
        try:
            return self.reader(path, meta)
        except CorpusError:
            raise
        except MemoryError as error:
            raise SourceError(
                path,
                "ran out of memory reading it (a reader may use 4 GiB); the file is broken or "
                "hostile: re-export it",
            ) from error
        except OSError as error:
            raise SourceError(path, f"cannot be read ({error.strerror}); check the file") from error
        except Exception as error:
            raise SourceError(
                path,
                f"the reader failed ({type(error).__name__}: {error}); this is a bug in "
                f"corpus-site: please report it with the output of "
                f"`corpus-site extract '{path}' --debug`",
            ) from error


def load_corpus(
    root: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    reader: Reader = read_source,
    cache: DocumentCache | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    limits: Limits = DEFAULT_LIMITS,
    scratch: Path | None = None,
) -> Corpus:
    """Load every paper under `root` (not recursive); errors are collected, not raised.

    Documents come from `cache` when it holds them; the rest are read in `workers` killable
    processes (default: one per core), see `runtime.pool.read_documents`, each source within
    `limits`; `scratch` is where the workers keep temporary files. A source that is a
    symbolic link out of `root` (or a broken one) is refused, unread.
    """
    max_metadata_chars = limits.metadata_chars
    if reader is read_source:
        reader = partial(read_source, limits=limits)
    corpus = Corpus(root=root)
    if not root.is_dir():
        corpus.errors.append(CorpusError(root, "corpus folder not found"))
        return corpus
    entries = sorted(root.iterdir(), key=lambda p: p.name)
    refused = {
        path: problem
        for path in entries
        if path.suffix.lower() in SOURCE_SUFFIXES and (problem := link_problem(path))
    }
    sources = [
        p for p in entries if p.suffix.lower() in SOURCE_SUFFIXES and (p in refused or p.is_file())
    ]
    stems = {p.stem for p in sources}
    for path in entries:
        is_meta = path.suffix in {".yml", ".yaml"} and path.name not in RESERVED_YAML
        if is_meta and path.suffix == ".yaml":
            corpus.errors.append(
                MetadataError(path, f"metadata files end in .yml; rename it to {path.stem}.yml")
            )
        elif is_meta and path.stem not in stems:
            corpus.errors.append(
                MetadataError(
                    path,
                    "metadata file without a paper (no .txt or .pdf of the same name); "
                    "rename it to match its paper, or remove it",
                )
            )
    claimed: dict[str, Path] = {}
    # In source order: a paper ready to read, or the error that stopped it before reading.
    outcomes: list[tuple[Path, PaperMeta] | CorpusError] = []
    for path in sources:
        if path in refused:
            outcomes.append(SourceError(path, refused[path]))
            continue
        slug = paper_slug(path.stem)
        if slug in claimed:
            outcomes.append(
                SourceError(
                    path,
                    f"gives the same URL papers/{slug}/ as {claimed[slug].name}; "
                    "rename one of them",
                )
            )
            continue
        claimed[slug] = path
        try:
            meta = load_meta(path, slug, max_metadata_chars, max_bytes)
            _check_size(path, max_bytes)
            outcomes.append((path, meta))
        except CorpusError as error:
            outcomes.append(error)
    jobs = [outcome for outcome in outcomes if not isinstance(outcome, CorpusError)]
    documents = iter(
        read_documents(
            jobs,
            Isolated(reader),
            cache,
            workers,
            progress,
            seconds_per_source=limits.seconds_per_source,
            scratch=scratch,
        )
    )
    for outcome in outcomes:
        if isinstance(outcome, CorpusError):
            corpus.errors.append(outcome)
            continue
        document, key, digest = next(documents)
        if isinstance(document, CorpusError):
            corpus.errors.append(document)
        else:
            meta = with_printed(outcome[1], document)
            corpus.papers.append(Paper(meta, document, outcome[0], key, source_key=digest))
    return corpus


def _check_size(path: Path, max_bytes: int) -> None:
    size = path.stat().st_size
    if size > max_bytes:
        raise SourceError(
            path,
            f"{size} bytes is over the {max_bytes}-byte limit; raise max_source_bytes "
            "(or --max-source-bytes) if the file is right",
        )
