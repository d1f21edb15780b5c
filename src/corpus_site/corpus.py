"""Find the papers in a corpus folder, read their metadata, and validate both.

A paper is a source (`name.txt` or `name.pdf`) plus an optional `name.yml` holding only what the
editor knows. A bad paper becomes a CorpusError in `Corpus.errors`; the others still load.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from corpus_site.errors import CorpusError, MetadataError, SourceError
from corpus_site.extract import SOURCE_SUFFIXES, read_source
from corpus_site.ids import paper_slug
from corpus_site.model import Corpus, Document, Paper, PaperMeta, Reader
from corpus_site.runtime.pool import Progress, read_documents

if TYPE_CHECKING:
    from corpus_site.runtime.cache import DocumentCache

RESERVED_YAML = frozenset({"topics.yml", "mkdocs.yml"})
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

# key -> (accepted Python types, description for messages)
_META_TYPES: dict[str, tuple[tuple[type, ...], str]] = {
    "title": ((str,), "a string"),
    "label": ((str,), "a string"),
    "authors": ((list,), "a list of strings"),
    "journal": ((str,), "a string"),
    "volume": ((str, int), "a string or number"),
    "issue": ((str, int), "a string or number"),
    "year": ((int,), "a whole number"),
    "pages": ((str,), "a string such as '33-49'"),
    "doi": ((str,), "a string"),
    "url": ((str,), "a string"),
    "pdf": ((str,), "a string"),
    "keywords": ((list,), "a list of strings"),
    "language": ((str,), "a string"),
    "complete": ((bool,), "true or false"),
    "note": ((str,), "a string"),
}
assert set(_META_TYPES) == {f.name for f in fields(PaperMeta)} - {"slug", "source"}


def read_meta(path: Path, slug: str, source: str) -> PaperMeta:
    """Parse and validate a paper's `.yml`; every problem names file, line and key."""
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except OSError as error:
        raise MetadataError(path, f"cannot be read ({error.strerror}); check the file") from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise MetadataError(path, "not UTF-8 text; re-save the file as UTF-8", line) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        raise MetadataError(
            path,
            f"YAML does not parse: {error.problem}; fix the syntax "
            "(quote text that holds ': ' or ' #')",
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as error:  # e.g. a control character, which has no line mark
        raise MetadataError(path, f"YAML does not parse: {error}".splitlines()[0]) from None
    if node is None:
        return PaperMeta(slug=slug, source=source)
    if not isinstance(node, yaml.MappingNode):
        raise MetadataError(path, "metadata must be a mapping of keys to values", 1)
    values: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.tag)
        line = key_node.start_mark.line + 1
        if key in values:
            raise MetadataError(path, f"key '{key}' is given twice; keep one", line)
        if key not in _META_TYPES:
            allowed = ", ".join(sorted(_META_TYPES))
            raise MetadataError(path, f"unknown key '{key}' (allowed: {allowed})", line)
        value = yaml.safe_load(yaml.serialize(value_node))
        types, description = _META_TYPES[key]
        if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
            raise MetadataError(path, f"key '{key}' must be {description}", line)
        if isinstance(value, list):
            if not all(isinstance(item, str) and item.strip() for item in value):
                raise MetadataError(path, f"key '{key}' must be {description}", line)
            value = tuple(value)
        elif isinstance(value, str) and not value.strip():
            raise MetadataError(path, f"key '{key}' is empty; remove it or fill it in", line)
        elif key in {"volume", "issue"}:
            value = str(value)
        values[key] = value
    return PaperMeta(slug=slug, source=source, **values)


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
) -> Corpus:
    """Load every paper under `root` (not recursive); errors are collected, not raised.

    Documents come from `cache` when it holds them; the rest are read in `workers` processes
    (default: one per core) when there are enough of them, see `runtime.pool.read_documents`.
    """
    corpus = Corpus(root=root)
    if not root.is_dir():
        corpus.errors.append(CorpusError(root, "corpus folder not found"))
        return corpus
    entries = sorted(root.iterdir(), key=lambda p: p.name)
    sources = [p for p in entries if p.suffix.lower() in SOURCE_SUFFIXES and p.is_file()]
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
            meta = load_meta(path, slug)
            _check_size(path, max_bytes)
            outcomes.append((path, meta))
        except CorpusError as error:
            outcomes.append(error)
    jobs = [outcome for outcome in outcomes if not isinstance(outcome, CorpusError)]
    documents = iter(read_documents(jobs, Isolated(reader), cache, workers, progress))
    for outcome in outcomes:
        if isinstance(outcome, CorpusError):
            corpus.errors.append(outcome)
            continue
        document, key = next(documents)
        if isinstance(document, CorpusError):
            corpus.errors.append(document)
        else:
            corpus.papers.append(Paper(outcome[1], document, outcome[0], key))
    return corpus


def load_meta(path: Path, slug: str) -> PaperMeta:
    """The metadata of the source at `path`: its `.yml` when there is one."""
    meta_path = path.with_suffix(".yml")
    if meta_path.exists():
        return read_meta(meta_path, slug, path.name)
    return PaperMeta(slug=slug, source=path.name)


def _check_size(path: Path, max_bytes: int) -> None:
    size = path.stat().st_size
    if size > max_bytes:
        raise SourceError(
            path,
            f"{size} bytes is over the {max_bytes}-byte limit; raise max_source_bytes "
            "(or --max-source-bytes) if the file is right",
        )
