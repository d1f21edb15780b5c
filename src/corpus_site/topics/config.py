"""Curated topics (`corpus/topics.yml`): read and validate them, and index a corpus by them.

Every problem names the file and line. A corpus without a topics.yml has an index without
topics, which still holds the acronyms its papers define (the glossary).
"""

from __future__ import annotations

import logging
import re
import warnings
from pathlib import Path
from typing import Any

import regex
import yaml

from corpus_site.errors import MetadataError
from corpus_site.model import Corpus
from corpus_site.topics.glossary import find_acronyms
from corpus_site.topics.held import held_topics
from corpus_site.topics.index import HitsCache, TopicIndex, build_index
from corpus_site.topics.matcher import PatternTimeout, Topic
from corpus_site.topics.published import keep_topic_ids

log = logging.getLogger("mkdocs.plugins.corpus_site.topics")

TOPICS_FILE = "topics.yml"
MAX_TOPICS_BYTES = 16 * 1024 * 1024
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_KEYS = {
    "id": "a lower-case slug such as 'cpec'",
    "label": "a string",
    "description": "a one-line string",
    "terms": "a list of words or phrases",
    "regex": "a list of Python regular expressions",
}
_RESERVED_IDS = frozenset({"index"})
# Braces holding an error kind (e, i, d, s) that are not escaped: literal text to `re`, fuzzy
# matching ("up to one error") to `regex`, which runs the patterns.
_FUZZY = re.compile(r"(?:^|[^\\])(?:\\\\)*(?<!\\N)\{[^{}]*(?<![A-Za-z])[eids](?![A-Za-z])[^{}]*\}")


def load_topics(root: Path) -> tuple[Topic, ...]:
    """The topics of the corpus at `root`, or none when it has no topics.yml."""
    path = root / TOPICS_FILE
    if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
        raise MetadataError(
            path, "is a symbolic link to a file outside the corpus folder; copy the file in"
        )
    if not path.is_file():
        return ()
    if path.stat().st_size > MAX_TOPICS_BYTES:
        raise MetadataError(path, f"is over {MAX_TOPICS_BYTES:,} bytes; split or shorten it")
    try:
        return read_topics(path)
    except RecursionError:
        raise MetadataError(path, "values are nested too deeply; flatten the lists") from None


def read_topics(path: Path) -> tuple[Topic, ...]:
    """Parse and validate a topics file; every problem names file and line."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except UnicodeDecodeError:
        raise MetadataError(path, "not UTF-8 text") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark else None
        raise MetadataError(path, f"YAML does not parse: {error.problem}", line) from None
    if node is None:
        return ()
    if not isinstance(node, yaml.SequenceNode):
        raise MetadataError(path, "topics.yml must be a list of topics", _line(node))
    topics: list[Topic] = []
    seen: dict[str, int] = {}
    for item in node.value:
        topic = _read_topic(path, item)
        if topic.id in seen:
            raise MetadataError(
                path,
                f"duplicate topic id '{topic.id}' (first on line {seen[topic.id]})",
                topic.line,
            )
        seen[topic.id] = topic.line
        topics.append(topic)
    return tuple(topics)


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _read_topic(path: Path, node: yaml.Node) -> Topic:
    if not isinstance(node, yaml.MappingNode):
        raise MetadataError(path, "each topic must be a mapping (id, label, terms…)", _line(node))
    values: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key, line = key_node.value, _line(key_node)
        if key not in _KEYS:
            allowed = ", ".join(sorted(_KEYS))
            raise MetadataError(path, f"unknown key '{key}' (allowed: {allowed})", line)
        if key in values:
            raise MetadataError(path, f"key '{key}' is given twice", line)
        values[key] = _read_value(path, key, value_node)
    line = _line(node)
    for key in ("id", "label"):
        if key not in values:
            raise MetadataError(path, f"topic has no '{key}'", line)
    if not _ID.fullmatch(values["id"]) or values["id"] in _RESERVED_IDS:
        raise MetadataError(path, f"id '{values['id']}' must be {_KEYS['id']}", line)
    if not values.get("terms") and not values.get("regex"):
        raise MetadataError(path, f"topic '{values['id']}' has no terms and no regex", line)
    return Topic(
        id=values["id"],
        label=values["label"],
        description=values.get("description", ""),
        terms=tuple(term for term, _ in values.get("terms", ())),
        regex=tuple(pattern for pattern, _ in values.get("regex", ())),
        line=line,
        regex_lines=tuple(item_line for _, item_line in values.get("regex", ())),
    )


def _read_value(path: Path, key: str, node: yaml.Node) -> Any:
    line = _line(node)
    if key in {"terms", "regex"}:
        if not isinstance(node, yaml.SequenceNode):
            raise MetadataError(path, f"key '{key}' must be {_KEYS[key]}", line)
        items: list[tuple[str, int]] = []
        for item in node.value:
            item_line = _line(item)
            if not isinstance(item, yaml.ScalarNode) or item.tag != "tag:yaml.org,2002:str":
                raise MetadataError(path, f"key '{key}' must be {_KEYS[key]}", item_line)
            if not item.value.strip():
                raise MetadataError(path, f"empty entry in '{key}'", item_line)
            if key == "regex":
                _check_regex(path, item.value, item_line)
            items.append((item.value.strip() if key == "terms" else item.value, item_line))
        return items
    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
        raise MetadataError(path, f"key '{key}' must be {_KEYS[key]}", line)
    if not node.value.strip():
        raise MetadataError(path, f"key '{key}' is empty", line)
    if key == "description" and "\n" in node.value.strip():
        raise MetadataError(path, "key 'description' must be one line", line)
    return node.value.strip()


def _check_regex(path: Path, pattern: str, line: int) -> None:
    # Wrapped as it will be in the combined pattern, so misplaced global flags fail here. The
    # `regex` package runs it (matcher.py), so it must mean the same there as in Python's `re`:
    # `re` rejects what only `regex` knows ((?V1), \p{L}) and warns where `regex` reads a set
    # otherwise ("[[:alpha:]]"); fuzzy braces, which `re` takes literally, are checked apart.
    wrapped = f"(?:{pattern})"
    with warnings.catch_warnings():
        warnings.simplefilter("error", FutureWarning)
        try:
            re.compile(wrapped)
            compiled = regex.compile(wrapped)
        except (re.error, regex.error) as error:
            message = f"regex {pattern!r} does not compile: {error}"
            raise MetadataError(path, message, line) from None
        except FutureWarning as warning:
            message = f"regex {pattern!r} is ambiguous ({warning}): escape a literal [ as \\["
            raise MetadataError(path, message, line) from None
    if _FUZZY.search(pattern):
        message = f"regex {pattern!r}: write \\{{ for a literal brace (else fuzzy matching)"
        raise MetadataError(path, message, line)
    if compiled.groups:
        raise MetadataError(path, f"regex {pattern!r}: use (?:...) instead of groups", line)
    if compiled.match(""):
        raise MetadataError(path, f"regex {pattern!r} matches the empty string", line)


def index_corpus(
    corpus: Corpus, cache: HitsCache | None = None, ids_dir: Path | None = None
) -> TopicIndex:
    """The topic index of a corpus: its topics.yml's topics, or without one the topics found
    in the papers (`held.held_topics`), their ids kept in `ids_dir`'s record when given
    (`published.keep_topic_ids`); the glossary of the acronyms its papers define either way.
    The log says which topics were used."""
    topics = load_topics(corpus.root)
    glossary = find_acronyms(corpus.papers)
    if topics:
        log.info(f"topics: {len(topics)} curated in {TOPICS_FILE}")
        try:
            return build_index(corpus.papers, topics, cache, glossary)
        except PatternTimeout as error:
            raise error.on(path=corpus.root / TOPICS_FILE) from None
    held, index = held_topics(corpus.papers, glossary, cache)
    found = held.topics
    if ids_dir is not None:
        found = keep_topic_ids(found, ids_dir)
    if found:
        names = ", ".join(topic.id for topic in found)
        log.info(f"topics: no {TOPICS_FILE}, {len(found)} found in the papers: {names}")
    if found != held.topics:  # the id record renamed some: match again under their ids
        index = build_index(corpus.papers, found, cache, glossary)
    index.automatic = True
    return index
