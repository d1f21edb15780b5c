"""A paper's metadata (`name.yml`): read, and validated before anything is built from it.

Every problem names the file, line and key. Only what the editor knows is written there; a
YAML tag outside the core types, a string over the length limit, a file that is not a
regular file of a sane size, or a `pdf` outside the corpus folder is that paper's error.
"""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import yaml

from corpus_site.errors import MetadataError
from corpus_site.model import Document, PaperMeta
from corpus_site.runtime.limits import DEFAULT_LIMITS

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_METADATA_CHARS = DEFAULT_LIMITS.metadata_chars
# A paper's .yml holds a few facts, far below this; a planted giant is refused unread.
MAX_METADATA_BYTES = 16 * 1024 * 1024
# The tags of YAML's core types, which the safe loader builds; any other tag (`!foo`,
# `!!python/object/apply:…`) is refused before anything is constructed.
_CORE_TAGS = frozenset(tag for tag in yaml.SafeLoader.yaml_constructors if tag is not None)
_YAML_PREFIX = "tag:yaml.org,2002:"

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


def read_meta(
    path: Path,
    slug: str,
    source: str,
    max_metadata_chars: int = DEFAULT_MAX_METADATA_CHARS,
    max_pdf_bytes: int = DEFAULT_MAX_BYTES,
) -> PaperMeta:
    """Parse and validate a paper's `.yml`; every problem names file, line and key (see
    `_read_meta`)."""
    try:
        return _read_meta(path, slug, source, max_metadata_chars, max_pdf_bytes)
    except RecursionError:  # PyYAML composes and constructs recursively
        raise MetadataError(path, "values are nested too deeply; flatten the lists") from None


def _read_meta(
    path: Path,
    slug: str,
    source: str,
    max_metadata_chars: int,
    max_pdf_bytes: int,
) -> PaperMeta:
    """Parse and validate a paper's `.yml`; every problem names file, line and key.

    No string may be longer than `max_metadata_chars` characters, no value may carry a YAML
    tag outside the core types, and `pdf` must name a .pdf file inside the `.yml`'s folder.
    """
    try:
        text = _read_small(path, MAX_METADATA_BYTES)
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
    _check_tags(path, node)  # before anything is built from the nodes
    if not isinstance(node, yaml.MappingNode):
        raise MetadataError(path, "metadata must be a mapping of keys to values", 1)
    values: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.tag)
        line = _line(key_node)
        if key in values:
            raise MetadataError(path, f"key '{key}' is given twice; keep one", line)
        if key not in _META_TYPES:
            allowed = ", ".join(sorted(_META_TYPES))
            raise MetadataError(path, f"unknown key '{_shorten(key)}' (allowed: {allowed})", line)
        _check_lengths(path, key, key_node, value_node, max_metadata_chars)
        types, description = _META_TYPES[key]
        try:
            value = yaml.safe_load(yaml.serialize(value_node))
        except (yaml.YAMLError, ValueError):  # e.g. `year: 2018-13-45`, a timestamp
            raise MetadataError(path, f"key '{key}' must be {description}", line) from None
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
        if key == "pdf":
            _check_pdf(path, value, line, max_pdf_bytes)
        values[key] = value
    return PaperMeta(slug=slug, source=source, **values)


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _shorten(text: str, limit: int = 60) -> str:
    """`text` for a message: cut to `limit` characters, so an error stays a line."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_tags(path: Path, root: yaml.Node) -> None:
    """Refuse the first node (in document order) whose tag is not a core YAML type.

    Each node is visited once: aliases may share nodes, or make the graph a cycle.
    """
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.tag not in _CORE_TAGS:
            tag = str(node.tag)
            shown = "!!" + tag.removeprefix(_YAML_PREFIX) if tag.startswith(_YAML_PREFIX) else tag
            raise MetadataError(
                path,
                f"YAML tag {_shorten(shown)} is not allowed in metadata; remove it "
                "(quote the value if it is text)",
                _line(node),
            )
        if isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(child for pair in reversed(node.value) for child in reversed(pair))


def _check_lengths(
    path: Path, key: str, key_node: yaml.Node, value_node: yaml.Node, limit: int
) -> None:
    """Refuse a value, or an item of a list, longer than `limit` characters."""
    if isinstance(value_node, yaml.SequenceNode):
        scalars = [(item, f"an item of '{key}'") for item in value_node.value]
    else:
        scalars = [(value_node, f"key '{key}'")]
    for node, name in scalars:
        if isinstance(node, yaml.ScalarNode) and len(node.value) > limit:
            raise MetadataError(
                path,
                f"{name} is {len(node.value):,} characters, over the {limit:,}-character "
                "limit; shorten it or raise max_metadata_chars (or --max-metadata-chars)",
                _line(key_node if node is value_node else node),
            )


def _check_pdf(path: Path, pdf: str, line: int, max_bytes: int) -> None:
    """`pdf` must name a .pdf file that resolves (after links) inside the `.yml`'s folder."""
    folder = path.parent.resolve()
    named = path.parent / pdf
    try:
        target = named.resolve()
    except ValueError:  # a NUL character ("\0" in a quoted string)
        raise MetadataError(
            path, f"pdf '{pdf}' is not a file name; name the PDF file", line
        ) from None
    except (OSError, RuntimeError):  # a loop of symbolic links
        raise MetadataError(
            path, f"pdf '{pdf}' is a loop of symbolic links; name the PDF file itself", line
        ) from None
    if not target.is_relative_to(folder):
        raise MetadataError(
            path,
            f"pdf '{pdf}' is outside the corpus folder; put the PDF in the corpus folder "
            "and give its name there",
            line,
        )
    if named.suffix.lower() != ".pdf":
        raise MetadataError(path, f"pdf '{pdf}' is not a .pdf file; name the original PDF", line)
    if not target.is_file():
        raise MetadataError(
            path, f"pdf '{pdf}' is not in the corpus folder; fix the name or remove the key", line
        )
    if target.stat().st_size > max_bytes:
        raise MetadataError(
            path,
            f"pdf '{pdf}' is {target.stat().st_size:,} bytes, over the {max_bytes:,}-byte limit; "
            "raise max_source_bytes (or --max-source-bytes) if the file is right",
            line,
        )


def _read_small(path: Path, most: int) -> str:
    """The UTF-8 text of a regular file of at most `most` bytes: a FIFO would block the
    build and a sparse file of gigabytes would fill its memory."""
    if not path.is_file():
        raise MetadataError(path, "is not a regular file; replace it with the paper's metadata")
    size = path.stat().st_size
    if size > most:
        raise MetadataError(
            path, f"is {size:,} bytes, over the {most:,}-byte limit for metadata; shorten it"
        )
    return path.read_text(encoding="utf-8")


def load_meta(
    path: Path,
    slug: str,
    max_metadata_chars: int = DEFAULT_MAX_METADATA_CHARS,
    max_pdf_bytes: int = DEFAULT_MAX_BYTES,
) -> PaperMeta:
    """The metadata of the source at `path`: its `.yml` when there is one (a symbolic link
    only when it resolves inside the source's folder)."""
    meta_path = path.with_suffix(".yml")
    problem = link_problem(meta_path)
    if problem:
        raise MetadataError(meta_path, problem)
    if meta_path.exists():
        return read_meta(meta_path, slug, path.name, max_metadata_chars, max_pdf_bytes)
    return PaperMeta(slug=slug, source=path.name)


def link_problem(path: Path) -> str | None:
    """Why the symbolic link at `path` may not be followed; None when `path` is no link, or
    one whose target (after every link) lies inside the folder that holds it."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a loop of links
        return "is a loop of symbolic links; replace it with the file itself"
    if not target.is_relative_to(path.parent.resolve()):
        return (
            "is a symbolic link to a file outside the corpus folder; copy the file into "
            "the corpus folder instead of linking to it"
        )
    if not target.exists():
        return "is a symbolic link to a file that does not exist; fix the link or remove it"
    return None


# The fields a PDF may say about itself, and how each becomes a PaperMeta value.
_PRINTED_FIELDS = ("title", "authors", "journal", "volume", "issue", "year", "pages", "doi", "url")


def with_printed(meta: PaperMeta, document: Document) -> PaperMeta:
    """`meta` with what the source says about itself wherever the `.yml` is silent: the
    language it was read in, and a PDF's title, authors, journal, year, volume, issue,
    pages and DOI (`Document.printed_meta`)."""
    changes: dict[str, Any] = {}
    if meta.language is None and document.language:
        changes["language"] = document.language
    printed = dict(document.printed_meta)
    for name in _PRINTED_FIELDS:
        value = printed.get(name, "").strip()
        if not value or getattr(meta, name):
            continue
        if name == "authors":
            changes[name] = tuple(part.strip() for part in value.split(";") if part.strip())
        elif name == "year":
            if value.isdigit():
                changes[name] = int(value)
        else:
            changes[name] = value
    return replace(meta, **changes) if changes else meta
