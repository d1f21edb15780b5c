"""A Document as plain JSON data and back: the cache's format and `extract --format json`.

Each dataclass of the model becomes an object of its fields plus a "kind" naming its class;
a tuple becomes a list. Reading back follows the model's own type hints, field by field, so
the same frozen dataclasses come back, with tuples where the model has tuples. An unknown
kind, a missing or extra field, or a value of the wrong type is a ValueError; nothing in the
data can name a class the model does not, let alone code to run.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any

from corpus_site.model import Document

KIND = "kind"
_SCALARS: tuple[type, ...] = (str, int, bool, type(None))

Decode = Callable[[object], Any]


def document_to_data(document: Document) -> dict[str, Any]:
    """`document` as JSON-ready data: every field, each dataclass tagged with its "kind"."""
    data: dict[str, Any] = _to_data(document)
    return data


def document_from_data(data: object) -> Document:
    """The Document that `document_to_data` made `data` of (ValueError if it made none)."""
    document = _decoder(Document)(data)
    if not isinstance(document, Document):  # pragma: no cover - the decoder makes one
        raise ValueError("not a Document")
    return document


def _to_data(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {KIND: type(value).__name__, **fields}
    if isinstance(value, tuple | list):
        return [_to_data(item) for item in value]
    return value


@cache
def _decoder(hint: Any) -> Decode:
    """A function that reads data of the type `hint` back (made once per type)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is types.UnionType or origin is typing.Union:
        return _union(args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return _sequence(_decoder(args[0]))
        return _fixed(tuple(_decoder(arg) for arg in args))
    if _is_record(hint):
        return _record(hint)
    if hint in _SCALARS:
        return _scalar(hint)
    raise TypeError(f"the codec has no JSON form for {hint!r}")  # a model change: a bug here


def _is_record(hint: Any) -> bool:
    return isinstance(hint, type) and dataclasses.is_dataclass(hint)


def _record(cls: type[Any]) -> Decode:
    names = [f.name for f in dataclasses.fields(cls)]
    if KIND in names:
        raise TypeError(f"{cls.__name__} has a field named {KIND!r}")
    hints = typing.get_type_hints(cls)
    decoders = [(name, _decoder(hints[name])) for name in names]
    expected = {KIND, *names}
    kind = cls.__name__

    def decode(value: object) -> Any:
        if not isinstance(value, dict) or value.get(KIND) != kind:
            raise ValueError(f"expected a {kind}")
        if value.keys() != expected:
            raise ValueError(f"{kind}: wrong fields {sorted(map(str, value.keys() ^ expected))}")
        return cls(**{name: read(value[name]) for name, read in decoders})

    return decode


def _union(options: tuple[Any, ...]) -> Decode:
    kinds = {o.__name__: _decoder(o) for o in options if _is_record(o)}
    scalars = tuple(o for o in options if o in _SCALARS)
    if len(kinds) + len(scalars) != len(options):
        raise TypeError(f"the codec has no JSON form for a union of {options!r}")

    def decode(value: object) -> Any:
        if isinstance(value, dict) and kinds:
            kind = value.get(KIND)
            if not isinstance(kind, str) or kind not in kinds:
                raise ValueError(f"unknown kind {kind!r}")
            return kinds[kind](value)
        if type(value) not in scalars:
            raise ValueError(f"unexpected {type(value).__name__}")
        return value

    return decode


def _sequence(read: Decode) -> Decode:
    def decode(value: object) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise ValueError(f"expected a list, not {type(value).__name__}")
        return tuple(read(item) for item in value)

    return decode


def _fixed(reads: tuple[Decode, ...]) -> Decode:
    def decode(value: object) -> tuple[Any, ...]:
        if not isinstance(value, list) or len(value) != len(reads):
            raise ValueError(f"expected a list of {len(reads)}")
        return tuple(read(item) for read, item in zip(reads, value, strict=True))

    return decode


def _scalar(kind: type) -> Decode:
    def decode(value: object) -> Any:
        if type(value) is not kind:  # exactly: a bool is no int here, an int no bool
            raise ValueError(f"expected {kind.__name__}, not {type(value).__name__}")
        return value

    return decode
