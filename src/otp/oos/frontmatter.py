"""YAML frontmatter: loading with line numbers, dumping in the OOS house style, and patching.

Why a module of its own: the frontmatter has to survive edits with minimal churn. When `fix`
changes `claim_count`, only that key is rewritten; every other key keeps its original text,
quoting and comments, so a diff of the file shows exactly what changed.
"""
from __future__ import annotations

import copy
from typing import Any

import yaml


class OOSParseError(ValueError):
    """The document cannot be read at all (as opposed to validation findings)."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line
        self.reason = message


class _Loader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: `generated_at` stays the string written,
    so JSON export and round trips never turn it into a datetime."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Dumper(yaml.SafeDumper):
    """House style, matching the published spec example: double-quoted string values,
    plain keys, block collections, list items indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')


def _represent_dict(dumper: yaml.SafeDumper, value: dict) -> yaml.Node:
    pairs = []
    for k, v in value.items():
        key = str(k)
        # Keys stay plain unless plain would be ambiguous (e.g. "null", "1", "a: b").
        try:
            plain_ok = yaml.safe_load(key) == key if key and ":" not in key and "#" not in key else False
        except yaml.YAMLError:  # e.g. a control character: only the quoted (escaped) form is valid YAML
            plain_ok = False
        key_node = yaml.ScalarNode("tag:yaml.org,2002:str", key, style=None if plain_ok else '"')
        pairs.append((key_node, dumper.represent_data(v)))
    return yaml.MappingNode("tag:yaml.org,2002:map", pairs, flow_style=False)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(dict, _represent_dict)


def dump(data: dict[str, Any], newline: str = "\n") -> str:
    """Dump a mapping in house style ("" for an empty mapping), lines ending in `newline`."""
    if not data:
        return ""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100, line_break=newline)


def load(text: str, first_line: int) -> tuple[dict[str, Any], dict[str, int], list[tuple[str, int, int]]]:
    """Parse frontmatter text whose first line is file line `first_line`.

    Returns (data, key lines, chunks) where key lines map "key" and "key.sub" to file lines
    and chunks are (key, start, end) 0-based line spans of each top-level entry.
    """
    if not text.strip():
        return {}, {}, []
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        raise OOSParseError(f"frontmatter is not valid YAML: {getattr(exc, 'problem', exc)}", line) from exc
    if data is None:
        return {}, {}, []
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise OOSParseError("frontmatter must be a YAML mapping of key: value", first_line)
    lines: dict[str, int] = {}
    chunks: list[tuple[str, int, int]] = []
    for key_node, value_node in node.value:
        key = str(key_node.value)
        lines[key] = first_line + key_node.start_mark.line
        end = value_node.end_mark.line + (1 if value_node.end_mark.column else 0)
        chunks.append((key, key_node.start_mark.line, max(end, key_node.start_mark.line + 1)))
        if isinstance(value_node, yaml.MappingNode):
            for sub_key, _ in value_node.value:
                lines[f"{key}.{sub_key.value}"] = first_line + sub_key.start_mark.line
    return {str(k): v for k, v in data.items()}, lines, chunks


def snapshot(data: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(data)


def render(data: dict[str, Any], raw: str | None, parsed: dict[str, Any] | None,
           chunks: list[tuple[str, int, int]] | None, newline: str = "\n") -> str:
    """Frontmatter text (without the --- fences), reusing original text where unchanged; the
    lines written afresh end in `newline`, the document's line ending."""
    if raw is None or parsed is None:
        return dump(data, newline)
    if data == parsed:
        return raw
    raw_lines = raw.splitlines(keepends=True)
    if raw_lines and not raw_lines[-1].endswith(("\n", "\r")):
        raw_lines[-1] += newline
    out: list[str] = []
    cursor = 0
    for key, start, end in chunks or []:
        out.extend(raw_lines[cursor:start])  # comments/blank lines between entries
        cursor = end
        if key not in data:
            continue  # deleted key
        if key in parsed and data[key] == parsed[key]:
            out.extend(raw_lines[start:end])
        else:
            out.append(dump({key: data[key]}, newline))
    out.extend(raw_lines[cursor:])
    known = {c[0] for c in chunks or []}
    added = {k: v for k, v in data.items() if k not in known}
    if added:
        out.append(dump(added, newline))
    return "".join(out)
