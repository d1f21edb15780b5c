"""The ids automatic topics have published: their URLs stay as the corpus grows.

A record beside the papers' id records (`corpus/.ids/topics/automatic.json`, committed with
the corpus) lists each automatic topic's id with its label and terms. A topic found again
(sharing a term with a recorded one, compared as `normalise_phrase` spells it) takes its
recorded id back, whatever its label now; a new topic never takes an id a page had before;
a recorded topic not found any more is listed as dropped, and its URL redirects to the Topics
page (`pages.moved.moved_topic_pages`) until it is found again.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from pathlib import Path

from corpus_site.ids import unique_id
from corpus_site.runtime.files import write_atomically
from corpus_site.topics.glossary import normalise_phrase
from corpus_site.topics.matcher import Topic

FORMAT = 1
RECORD = Path("topics") / "automatic.json"
_RESERVED = frozenset({"index"})

log = logging.getLogger("mkdocs.plugins.corpus_site.topics")


def record_file(ids_dir: Path) -> Path:
    return ids_dir / RECORD


@dataclass(frozen=True)
class RecordedTopic:
    """An automatic topic as published: its id, label and terms."""

    id: str
    label: str
    terms: tuple[str, ...]


def read_topic_record(ids_dir: Path) -> tuple[list[RecordedTopic], dict[str, list[str]]]:
    """The recorded topics and the dropped ones (id -> the terms it had); none when there is
    no record or it cannot be read (then ids start anew, and the log says so)."""
    path = record_file(ids_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        topics = [
            RecordedTopic(str(t["id"]), str(t["label"]), tuple(str(x) for x in t["terms"]))
            for t in data["topics"]
        ]
        dropped = {str(k): [str(x) for x in v] for k, v in data.get("dropped", {}).items()}
        return topics, dropped
    except FileNotFoundError:
        return [], {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        log.warning(f"{path}: the topic id record cannot be read ({error}); topic ids start anew")
        return [], {}


def dropped_topics(ids_dir: Path) -> list[str]:
    """The ids of recorded topics no longer found: their URLs redirect to the Topics page."""
    return sorted(read_topic_record(ids_dir)[1])


def keep_topic_ids(found: tuple[Topic, ...], ids_dir: Path) -> tuple[Topic, ...]:
    """`found` with the ids the record gives them; the record updated."""
    recorded, dropped = read_topic_record(ids_dir)
    terms_of = {t.id: {normalise_phrase(x) for x in t.terms} for t in recorded}
    for old, terms in dropped.items():
        terms_of.setdefault(old, {normalise_phrase(x) for x in terms})
    taken: set[str] = set()
    kept = list(found)
    fresh: list[int] = []
    for number, topic in enumerate(found):
        ours = {normalise_phrase(term) for term in topic.terms}
        # The recorded topic sharing most terms; ties go to the first id in sorted order.
        best = max(
            (old for old in sorted(terms_of) if old not in taken and ours & terms_of[old]),
            key=lambda old: len(ours & terms_of[old]),
            default=None,
        )
        if best is None:
            fresh.append(number)
        else:
            taken.add(best)
            kept[number] = replace(topic, id=best)
    used = set(terms_of) | set(_RESERVED)  # a new topic never takes an id published before
    for number in fresh:
        kept[number] = replace(kept[number], id=unique_id(kept[number].id, used))
    now = {topic.id for topic in kept}
    recorded_terms = {t.id: list(t.terms) for t in recorded}
    gone = {old: dropped.get(old) or recorded_terms[old] for old in terms_of if old not in now}
    newly = sorted(old for old in gone if old not in dropped)
    if newly:
        log.warning(
            f"topics: no longer found, their pages redirect to the Topics page: {', '.join(newly)}"
        )
    _write(ids_dir, kept, gone)
    return tuple(kept)


def _write(ids_dir: Path, topics: list[Topic], dropped: dict[str, list[str]]) -> None:
    data = {
        "format": FORMAT,
        "topics": [{"id": t.id, "label": t.label, "terms": list(t.terms)} for t in topics],
        "dropped": {old: terms for old, terms in sorted(dropped.items())},
    }
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    path = record_file(ids_dir)
    if ids_dir.is_symlink():
        log.info(f"{ids_dir}: is a symbolic link; the topic id record is not written through it")
        return
    try:
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return
        write_atomically(path, text.encode("utf-8"))
    except OSError as error:
        log.info(f"{path}: the topic id record cannot be written ({error.strerror})")
