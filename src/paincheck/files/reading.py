"""Read YAML or JSON documents safely: YAML 1.2 scalars, no duplicate keys, size limits."""

from __future__ import annotations

import gc
import json
import math
import os
import re
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from paincheck.errors import PaincheckError, Problem

MAX_BYTES = 1_000_000
MAX_ALIASES = 100
MAX_DEPTH = 50
# Values that aliases may add on top of those written out: shared anchors are fine, an alias
# bomb ("billion laughs") that would expand to millions of values is refused before it is built.
MAX_EXPANSION = 10_000
# Python refuses to turn longer digit strings into numbers; say so instead of crashing.
MAX_DIGITS = 4000

_CORE = "tag:yaml.org,2002:"


class _LimitError(Exception):
    pass


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int, first: tuple[str, int] | None = None) -> None:
        """`key` and `first` (the key it repeats, and its line) as the file wrote them."""
        from paincheck.text.display import quoted

        where = f"line {line}: " if line else ""
        if first is None or first[0] == key:
            what = f"{quoted(key)} appears twice"
        else:
            what = f"{quoted(key)} is the same key as {quoted(first[0])} on line {first[1]}"
        super().__init__(f"{where}{what}; one of the two would be lost")
        self.key = key


# The YAML 1.2 core schema: only true/false are booleans, so `yes`, `no`, `on`, `off` stay
# text; no dates, no sexagesimal numbers ("1:30" is text), no merge keys; "07" is seven.
# One pattern, tried in this order: the first alternative that matches all of it names the tag.
_PLAIN = re.compile(
    r"(?P<null>~|null|Null|NULL|)"
    r"|(?P<bool>true|True|TRUE|false|False|FALSE)"
    r"|(?P<int>[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)"
    r"|(?P<float>[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))"
)
_MAYBE_NOT_TEXT = frozenset("~nNtTfF-+.0123456789")
_STR, _SEQ, _MAP = _CORE + "str", _CORE + "seq", _CORE + "map"
_PLAIN_TAGS = {name: _CORE + name for name in ("null", "bool", "int", "float")}


class _Resolver:
    """Gives each node its YAML 1.2 core schema tag (used by both parsers)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        # Called by the parser for every value: text that cannot be anything else returns first.
        if kind is ScalarNode:
            if implicit[0] and (not value or value[0] in _MAYBE_NOT_TEXT):
                found = _PLAIN.fullmatch(value)
                if found is not None:
                    return _PLAIN_TAGS[found.lastgroup or ""]
            return _STR
        return _SEQ if kind is SequenceNode else _MAP

    def descend_resolver(self, parent: Any, index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


def _to_int(node: ScalarNode) -> int:
    text = str(node.value).strip()
    if len(text) > MAX_DIGITS:
        raise _LimitError(f"line {node.start_mark.line + 1}: a number has too many digits")
    try:
        if re.fullmatch(r"[-+]?[0-9]+", text):
            return int(text, 10)
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
    except ValueError:
        pass
    raise ConstructorError(None, None, f"'{text}' is not a whole number", node.start_mark)


def _to_float(node: ScalarNode) -> float:
    text = str(node.value).strip().lower()
    if len(text) > MAX_DIGITS:
        raise _LimitError(f"line {node.start_mark.line + 1}: a number has too many digits")
    special = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}
    if text in special:
        return special[text]
    try:
        return float(text)
    except ValueError:
        raise ConstructorError(None, None, f"'{text}' is not a number", node.start_mark) from None


def _to_bool(node: ScalarNode) -> bool:
    text = str(node.value).strip().lower()
    if text not in ("true", "false"):
        raise ConstructorError(None, None, f"'{text}' is not true or false", node.start_mark)
    return text == "true"


def _to_null(node: ScalarNode) -> None:
    return None


_SCALARS: dict[str, Any] = {
    _CORE + "null": _to_null,
    _CORE + "bool": _to_bool,
    _CORE + "int": _to_int,
    _CORE + "float": _to_float,
    _CORE + "str": lambda node: node.value,
}
_COLLECTIONS: dict[type[Node], str] = {SequenceNode: _CORE + "seq", MappingNode: _CORE + "map"}


def _refused_tag(node: Node) -> ConstructorError:
    tag = str(node.tag).replace(_CORE, "!!")
    return ConstructorError(
        None,
        None,
        f"the YAML tag '{tag}' is not allowed; only text, numbers, true/false, lists and "
        "mappings are",
        node.start_mark,
    )


def _build(root: Node) -> Any:
    """Plain values (text, numbers, true/false, null, lists, mappings) from checked nodes.

    Every other tag, from `!!python/object` to `!!timestamp` or `!!set`, is refused. A node
    shared through an alias becomes one shared value, as in PyYAML; `_check_nodes` has made
    sure there are no cycles.
    """
    built: dict[int, Any] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if key in built:
            continue
        kind = type(node)
        if kind is ScalarNode:
            convert = _SCALARS.get(node.tag)
            if convert is None:
                raise _refused_tag(node)
            built[key] = convert(node)
            continue
        if _COLLECTIONS.get(kind) != node.tag:
            raise _refused_tag(node)
        if not done:
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node))
            continue
        if kind is SequenceNode:
            built[key] = [built[id(child)] for child in node.value]
            continue
        mapping: dict[Any, Any] = {}
        written: dict[tuple[type, Any], Node] = {}  # by kind and value, as YAML tells keys apart
        for key_node, value_node in node.value:
            item = built[id(key_node)]
            if isinstance(item, list | dict):
                raise _LimitError(f"line {key_node.start_mark.line + 1}: a key must be plain text")
            typed = (type(item), item)
            if typed in written:  # the same key, written twice (`1:` and `0x1:` too)
                first = written[typed]
                raise _DuplicateKey(
                    str(key_node.value),
                    key_node.start_mark.line + 1,
                    (str(first.value), first.start_mark.line + 1),
                )
            written[typed] = key_node
            if item in mapping:
                # `true:` beside `1:` (or `1.0:`): two keys in YAML, one in Python. Kept
                # apart, so each is reported as written, not as "the same key".
                from paincheck.text.display import DistinctKey

                item = DistinctKey(item)
            mapping[item] = built[id(value_node)]
        built[key] = mapping
    return built[id(root)]


class _Loader(Reader, Scanner, Parser, Composer, _Resolver):
    """The pure-Python parser (used where PyYAML was built without libyaml)."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        # Stop a hostile nesting early instead of recursing until Python gives up.
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _LimitError(f"nested more than {MAX_DEPTH} levels deep")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _fast_loader() -> type[Any] | None:
    """A loader that parses with libyaml (ten times faster), if PyYAML has it.

    libyaml 0.2.5 and later refuse nesting deeper than 1000 levels while parsing, which keeps
    its recursive composer safe; older versions are not used.
    """
    try:
        from yaml._yaml import CParser, get_version
    except ImportError:
        return None
    if tuple(get_version()) < (0, 2, 5):
        return None

    class _FastLoader(CParser, _Resolver):
        pass

    return _FastLoader


_FAST_LOADER = _fast_loader()


def _check_nodes(root: Node) -> None:
    """Refuse a node graph that is too deep, uses too many aliases or refers to itself.

    An alias makes two places share one list or mapping. Sizes and heights are computed once
    per node, so checking a hostile file costs what it spells out, not what it would expand
    to. (Aliases of single values cannot grow anything and are not counted.)
    """
    size: dict[int, int] = {}
    height: dict[int, int] = {}
    on_path: set[int] = set()
    nodes = 0
    aliases = 0
    # (node, None) on the way down; (node, its children) on the way back up.
    stack: list[tuple[Node, list[Node] | None]] = [(root, None)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done is not None:
            on_path.discard(key)
            total, tallest = 1, 0
            for child in done:
                if type(child) is ScalarNode:
                    total, tallest = total + 1, max(tallest, 1)
                else:
                    total, tallest = total + size[id(child)], max(tallest, height[id(child)])
            if tallest + 1 > MAX_DEPTH:
                raise _LimitError(f"nested more than {MAX_DEPTH} levels deep")
            size[key], height[key] = total, tallest + 1
            continue
        if key in size:
            aliases += 1
            continue
        nodes += 1
        on_path.add(key)
        children = _children(node)
        stack.append((node, children))
        for child in children:
            if type(child) is ScalarNode:
                nodes += 1
                continue
            if id(child) in on_path:
                raise _LimitError(
                    f"line {child.start_mark.line + 1}: an alias refers to the value that holds it"
                )
            stack.append((child, None))
        if aliases > MAX_ALIASES:
            break
    if aliases > MAX_ALIASES:
        raise _LimitError(f"more than {MAX_ALIASES} aliases (*name) of lists or mappings")
    if size.get(id(root), 0) - nodes > MAX_EXPANSION:
        raise _LimitError(f"aliases (*name) would add more than {MAX_EXPANSION} values")


def _children(node: Node) -> list[Node]:
    kind = type(node)
    if kind is SequenceNode:
        return node.value  # type: ignore[no-any-return]
    if kind is MappingNode:
        return [n for pair in node.value for n in pair]
    return []


def _load_yaml(text: str) -> Any:
    try:
        return _load_yaml_with(_FAST_LOADER or _Loader, text)
    except yaml.YAMLError as exc:
        # libyaml refuses a "\\ud800" escape without saying where it belongs; the Python
        # parser reads it, and the surrogate check then names the question.
        if _FAST_LOADER is None or "Unicode character escape" not in str(exc):
            raise
        return _load_yaml_with(_Loader, text)


def _load_yaml_with(parser: type[Any], text: str) -> Any:
    # A document's nodes are made by the thousand, all in use until its values are built:
    # collecting garbage while they are made finds none (about 2 ms of a questions folder's
    # first load).
    loader = parser(text)
    collecting = gc.isenabled()
    gc.disable()
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_nodes(node)
        return _build(node)
    finally:
        loader.dispose()
        if collecting:
            gc.enable()


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key, 0)
        result[key] = value
    return result


def _check_json_depth(value: Any) -> None:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _LimitError(f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)


def _json_int(text: str) -> int:
    if len(text) > MAX_DIGITS:
        raise _LimitError("a number has too many digits")
    return int(text)


def _load_json(text: str) -> Any:
    value = json.loads(text, object_pairs_hook=_reject_duplicates, parse_int=_json_int)
    _check_json_depth(value)
    return value


def read_bytes(path: Path | str, *, max_bytes: int = MAX_BYTES) -> bytes:
    """Read a file (or `-` for standard input) with a size limit and clear errors."""
    name = str(path)
    try:
        if name == "-":
            import sys

            # Closed (`<&-`): cli.main puts an open /dev/null in its place.
            if sys.stdin is None or getattr(sys.stdin, "name", "") == os.devnull:
                raise PaincheckError.single(
                    "<stdin>", "standard input is closed; give a file name or pipe the answers in"
                )
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
    except IsADirectoryError:
        raise PaincheckError.single(name, "is a folder, not a file") from None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise PaincheckError.single(name, f"cannot read: {reason}") from None
    if len(data) > max_bytes:
        raise PaincheckError.single(
            name, f"is larger than {max_bytes // 1000} kB; is it the right file?"
        )
    return data


def parse_document(data: bytes, name: str) -> Any:
    """Parse YAML or JSON (chosen by content) into plain Python values.

    A document holding only comments gives None.
    """
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
        value = _load_json_or_flow_yaml(text) if text.lstrip()[0] in "{[" else _load_yaml(text)
    except _DuplicateKey as exc:
        raise PaincheckError.single(name, str(exc), _text(exc.key)) from None
    except _LimitError as exc:
        raise PaincheckError.single(name, f"refused: {exc}") from None
    except json.JSONDecodeError as exc:
        raise PaincheckError.single(
            name, f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except ConstructorError as exc:
        raise PaincheckError.single(name, f"refused: {_mark(exc)}") from None
    except yaml.YAMLError as exc:
        if "maximum nesting depth" in str(exc):  # libyaml's own limit, far above ours
            raise PaincheckError.single(
                name, f"refused: nested more than {MAX_DEPTH} levels deep"
            ) from None
        raise PaincheckError.single(name, f"is not valid YAML: {_mark(exc)}") from None
    except RecursionError:
        raise PaincheckError.single(
            name, f"refused: nested more than {MAX_DEPTH} levels deep"
        ) from None
    # UTF-8 decoding refuses a lone surrogate, so only a \u or \U escape can make one.
    if "\\u" in text or "\\U" in text:
        _refuse_surrogates(value, name)
    return value


# Half of a UTF-16 pair on its own ("\\ud800" in JSON or YAML) is not a character: it cannot
# be written as UTF-8, so it would pass here and crash whatever writes the answers later.
# Only text that cannot be written as UTF-8 holds one (`_has_surrogate`); the pattern that
# finds it is compiled by re at its first use, not at every start.
_SURROGATE = "[\ud800-\udfff]"
MAX_SURROGATE_PROBLEMS = 20


def _refuse_surrogates(value: Any, name: str) -> None:
    """Refuse text holding a lone surrogate anywhere, naming the question (or FHIR linkId)."""
    problems: list[Problem] = []
    found = 0
    # (value, the question it belongs to, whether that came from a FHIR linkId)
    stack: list[tuple[Any, str | None, bool]] = [(value, None, False)]
    while stack:
        item, where, linked = stack.pop()
        if isinstance(item, str):
            if _has_surrogate(item):
                found += 1
                problems.append(_surrogate_problem(name, item, where))
        elif isinstance(item, list):
            stack.extend((child, where, linked) for child in reversed(item))
        elif isinstance(item, dict):
            link_id = item.get("linkId")
            if isinstance(link_id, str) and not _has_surrogate(link_id):
                where, linked = link_id, True
            for key, child in reversed(item.items()):
                if isinstance(key, str) and _has_surrogate(key):
                    found += 1
                    problems.append(_surrogate_problem(name, key, where))
                    continue
                stack.append((child, where if linked else str(key), linked))
    if problems:
        shown = problems[:MAX_SURROGATE_PROBLEMS]
        if found > len(shown):
            shown.append(Problem(name, f"and {found - len(shown)} more texts like these"))
        raise PaincheckError(shown)


def lone_surrogate(text: str) -> str | None:
    """The first lone surrogate in `text`, written as an escape (`\\ud800`), if it has one."""
    found = re.search(_SURROGATE, text) if _has_surrogate(text) else None
    return f"\\u{ord(found.group()):04x}" if found else None


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a surrogate is the one thing UTF-8 cannot write
        return True
    return False


def _surrogate_problem(name: str, text: str, where: str | None) -> Problem:
    code = ord(re.findall(_SURROGATE, text)[0])
    shown = re.sub(_SURROGATE, lambda m: f"\\u{ord(m.group()):04x}", text)
    from paincheck.text.display import printable

    shown = printable(shown if len(shown) <= 40 else shown[:37] + "...", one_line=True)
    if where is not None:
        where = re.sub(_SURROGATE, "?", printable(where[:60], one_line=True))
    return Problem(
        name,
        f"'{shown}' is not valid text: \\u{code:04x} is half of a character pair, alone "
        "(a mistake of the program that wrote the file); retype this text",
        where,
    )


_JSON_START = r'\s*(?:\[|\{\s*(?:"|\}))'  # (compiled by re.match, for a file that does not read)


def _load_json_or_flow_yaml(text: str) -> Any:
    """JSON, or YAML written in flow style (`{answers: {pain_now: 3}}`), which also opens
    with a brace; when neither reads, the JSON error is the one to show."""
    try:
        return _load_json(text)
    except json.JSONDecodeError:
        # A quoted first key (`{"answers": ...`) says JSON was meant: show its error.
        if re.match(_JSON_START, text):
            raise
        try:
            return _load_yaml(text)
        except yaml.YAMLError:
            pass
        raise


def reads_as_text(value: str) -> bool:
    """Whether `value`, written plain (unquoted), would load back as this same text."""
    return _Resolver().resolve(ScalarNode, value, (True, False)) == _CORE + "str"


def dump_yaml(document: Any) -> str:
    """A document as YAML that loads back (with `parse_document`) to exactly the same values."""

    # libyaml's emitter writes the same text three times faster (a 10,000-day diary: 3 s).
    class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
        pass

    def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = "|" if "\n" in value and value == value.strip() else None
        if style is None and not reads_as_text(value):
            style = "'"
        if any(c in value for c in "\r\x85\u2028\u2029"):
            # YAML reads these as line breaks and folds them, except escaped in double quotes.
            style = '"'
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, _str)
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def load_document(path: Path | str, *, max_bytes: int = MAX_BYTES) -> Any:
    """Read and parse one YAML or JSON file."""
    return parse_document(read_bytes(path, max_bytes=max_bytes), str(path))


def dump_json(document: Any) -> str:
    """A document as indented JSON (UTF-8 text, every character as it is)."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _text(key: Any) -> str | None:
    return key if isinstance(key, str) else None


def _mark(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
    return f"{problem}{where}"
