"""`mkdocs.yml` read as data without MkDocs: INHERIT resolved as MkDocs resolves it, and
tagged values (`!ENV`, `!!python/name:`) kept as written, so a derived copy can be written
back for another builder (Zensical) unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from corpus_site.errors import CorpusError


@dataclass(frozen=True)
class Tagged:
    """A YAML value under a tag such as `!ENV` or `!!python/name:`, kept as written."""

    tag: str
    value: Any


class Loader(yaml.SafeLoader):
    pass


class Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        assert isinstance(node, yaml.MappingNode)
        value = loader.construct_mapping(node, deep=True)
    return Tagged(node.tag, value)


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


Loader.add_multi_constructor("!", _construct_tagged)
Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
Dumper.add_representer(Tagged, _represent_tagged)


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """MkDocs' INHERIT rule: mappings merge key by key, anything else (lists too) replaces."""
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def read_config(path: Path) -> dict[str, Any]:
    """An `mkdocs.yml` as data, with INHERIT resolved as MkDocs resolves it."""
    try:
        with path.open(encoding="utf-8") as stream:
            data = yaml.load(stream, Loader=Loader)
    except (OSError, yaml.YAMLError) as error:
        raise CorpusError(path, f"cannot read the configuration: {error}") from error
    if not isinstance(data, dict):
        raise CorpusError(path, "the configuration is not a mapping")
    inherit = data.pop("INHERIT", None)
    if isinstance(inherit, str):
        data = _merge(read_config((path.parent / inherit).resolve()), data)
    result: dict[str, Any] = data
    return result


def plugin_entries(plugins: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """`plugins:` as (name, options), whether written as a list or a mapping."""
    items = plugins.items() if isinstance(plugins, dict) else (plugins or [])
    for item in items:
        if isinstance(item, str):
            yield item, {}
        elif isinstance(item, tuple):
            yield str(item[0]), dict(item[1] or {})
        elif isinstance(item, dict) and len(item) == 1:
            name, options = next(iter(item.items()))
            yield str(name), dict(options or {})


def extension_names(extensions: Any) -> list[str]:
    if isinstance(extensions, dict):
        return [str(name) for name in extensions]
    names = []
    for item in extensions or []:
        names.append(str(next(iter(item)) if isinstance(item, dict) else item))
    return names


def env_value(value: Any) -> Any:
    """A `!ENV` value as MkDocs reads it: the first variable set, else the default."""
    if not (isinstance(value, Tagged) and value.tag == "!ENV"):
        return value
    names = value.value if isinstance(value.value, list) else [value.value]
    default = names[-1] if len(names) > 1 else None
    for name in names[:-1] if len(names) > 1 else names:
        if name in os.environ:
            return yaml.safe_load(os.environ[name])
    return default
