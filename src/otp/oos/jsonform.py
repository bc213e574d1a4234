"""The JSON form of an OOS document.

The JSON carries the same information as the Markdown: the frontmatter mapping and the body as
an ordered list of blocks (verbatim text or structured claims), so Markdown -> JSON -> Markdown
loses nothing. It carries no original Markdown for claims: a consumer that edits `rule` in the
JSON must see that edit rendered, so claims from JSON are always written in canonical form.
Canonical lines end as the document's did: `line_endings` ("lf", "crlf" or "cr"; "lf" when
absent) and `byte_order_mark` carry what the claim values cannot, so a CRLF, CR-only or BOM file
comes back byte for byte (a file that mixes line endings gets its first one on regenerated parts).
"""
from __future__ import annotations

import json
from typing import Any

from .model import ATTR_TO_LABEL, Claim, Frontmatter, OOSDocument, TextBlock

FORMAT = "oos+json"
FORMAT_VERSION = 1
_CLAIM_ATTRS = tuple(ATTR_TO_LABEL)  # rule, why, failure_mode, confidence, evidence, scope, provenance
LINE_ENDINGS = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}
_LINE_ENDING_NAMES = {v: k for k, v in LINE_ENDINGS.items()}
BOM = "\ufeff"


def claim_to_dict(claim: Claim) -> dict[str, Any]:
    out: dict[str, Any] = {"id": claim.id, "section": claim.section}
    for attr in _CLAIM_ATTRS:
        out[attr] = getattr(claim, attr)
    out["extra"] = dict(claim.extra)
    out["line"] = claim.line
    return out


def claim_from_dict(data: dict[str, Any]) -> Claim:
    claim = Claim(id=str(data.get("id", "")), section=str(data.get("section", "")))
    for attr in _CLAIM_ATTRS:
        value = data.get(attr)
        if attr == "provenance":
            claim.provenance = None if value is None else str(value)
        else:
            setattr(claim, attr, "" if value is None else str(value))
    claim.extra = {str(k): str(v) for k, v in (data.get("extra") or {}).items()}
    claim.line = data.get("line")
    return claim


def to_dict(doc: OOSDocument) -> dict[str, Any]:
    body: list[dict[str, Any]] = []
    for block in doc.blocks:
        if isinstance(block, TextBlock):
            body.append({"type": "text", "text": block.text})
        else:
            body.append({"type": "claim", **claim_to_dict(block)})
    return {"format": FORMAT, "format_version": FORMAT_VERSION,
            "line_endings": _LINE_ENDING_NAMES.get(doc.newline, "lf"), "byte_order_mark": doc.bom == BOM,
            "frontmatter": doc.frontmatter.data, "body": body}


def from_dict(data: dict[str, Any]) -> OOSDocument:
    if data.get("format") not in (None, FORMAT):
        raise ValueError(f"not an OOS JSON document (format={data.get('format')!r})")
    line_endings = data.get("line_endings", "lf")
    if not isinstance(line_endings, str) or line_endings not in LINE_ENDINGS:
        raise ValueError(f"line_endings must be one of {', '.join(LINE_ENDINGS)} (got {line_endings!r})")
    byte_order_mark = data.get("byte_order_mark", False)
    if not isinstance(byte_order_mark, bool):
        raise ValueError(f"byte_order_mark must be true or false (got {byte_order_mark!r})")
    doc = OOSDocument(frontmatter=Frontmatter(dict(data.get("frontmatter") or {})),
                      newline=LINE_ENDINGS[line_endings], bom=BOM if byte_order_mark else "")
    for item in data.get("body") or []:
        if item.get("type") == "claim":
            doc.blocks.append(claim_from_dict(item))
        else:
            doc.blocks.append(TextBlock(str(item.get("text", ""))))
    return doc


def to_json(doc: OOSDocument, indent: int | None = 2) -> str:
    # default=str: YAML can hold values JSON cannot (dates written unquoted in custom keys).
    return json.dumps(to_dict(doc), indent=indent, ensure_ascii=False, default=str)


def from_json(text: str) -> OOSDocument:
    return from_dict(json.loads(text))
