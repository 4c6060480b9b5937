"""Read YAML or JSON documents safely: YAML 1.2 scalars, no duplicate keys, size limits."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from paincheck.errors import PaincheckError

MAX_BYTES = 1_000_000
MAX_ALIASES = 100
MAX_DEPTH = 50


class _Loader(yaml.SafeLoader):
    """SafeLoader that reads scalars the YAML 1.2 way and refuses hostile structure."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - filled below, for this class only

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _LimitError(f"more than {MAX_ALIASES} aliases (*name)")
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _LimitError(f"nested more than {MAX_DEPTH} levels deep")
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, list | dict):
                raise _LimitError(f"line {key_node.start_mark.line + 1}: a key must be plain text")
            if key in seen:
                raise _DuplicateKey(key, key_node.start_mark.line + 1)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _LimitError(Exception):
    pass


class _DuplicateKey(Exception):
    def __init__(self, key: Any, line: int) -> None:
        super().__init__(f"line {line}: '{key}' appears twice; one of the two would be lost")
        self.key = key


# YAML 1.2 core schema: only true/false are booleans, so `yes`, `no`, `on`, `off` stay text;
# no dates and no sexagesimal numbers ("1:30" is text, not 90).
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key, 0)
        result[key] = value
    return result


def read_bytes(path: Path | str, *, max_bytes: int = MAX_BYTES) -> bytes:
    """Read a file (or `-` for standard input) with a size limit and clear errors."""
    name = str(path)
    try:
        if name == "-":
            import sys

            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            p = Path(path)
            if p.is_dir():
                raise PaincheckError.single(name, "is a folder, not a file")
            with p.open("rb") as handle:
                data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise PaincheckError.single(name, "no such file") from None
    except PermissionError:
        raise PaincheckError.single(name, "permission denied: cannot read this file") from None
    except OSError as exc:
        raise PaincheckError.single(name, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise PaincheckError.single(
            name, f"is larger than {max_bytes // 1000} kB; is it the right file?"
        )
    return data


def parse_document(data: bytes, name: str) -> Any:
    """Parse YAML or JSON (chosen by content) into plain Python values."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PaincheckError.single(
            name, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8 and try again"
        ) from None
    if "\x00" in text:
        raise PaincheckError.single(name, "is a binary file, not YAML or JSON text")
    if not text.strip():
        raise PaincheckError.single(name, "is empty")
    try:
        if text.lstrip()[0] in "{[":
            return json.loads(text, object_pairs_hook=_reject_duplicates)
        return yaml.load(text, Loader=_Loader)
    except _DuplicateKey as exc:
        raise PaincheckError.single(
            name, str(exc).replace("line 0: ", ""), _text(exc.key)
        ) from None
    except _LimitError as exc:
        raise PaincheckError.single(name, f"refused: {exc}") from None
    except json.JSONDecodeError as exc:
        raise PaincheckError.single(
            name, f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except yaml.constructor.ConstructorError as exc:
        raise PaincheckError.single(
            name, f"unsafe or unknown YAML tag refused: {_mark(exc)}"
        ) from None
    except yaml.YAMLError as exc:
        raise PaincheckError.single(name, f"is not valid YAML: {_mark(exc)}") from None
    except RecursionError:
        raise PaincheckError.single(
            name, f"refused: nested more than {MAX_DEPTH} levels deep"
        ) from None


def reads_as_text(value: str) -> bool:
    """Whether `value`, written plain (unquoted), would load back as this same text."""
    tag = _Loader("").resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == "tag:yaml.org,2002:str")


def load_document(path: Path | str, *, max_bytes: int = MAX_BYTES) -> Any:
    """Read and parse one YAML or JSON file."""
    return parse_document(read_bytes(path, max_bytes=max_bytes), str(path))


def _text(key: Any) -> str | None:
    return key if isinstance(key, str) else None


def _mark(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
    return f"{problem}{where}"
