"""Component names in the OpenAPI document that client generators can use as class names.

Two domains may each have a model called `CheckIn` (governance's dry run, the OOS document
check): FastAPI then keys them `otp__governance__schemas__CheckIn` and
`otp__oos__schemas__CheckIn`, yet both keep the title `CheckIn` — and generators name classes by
title, so one silently replaced the other (openapi-python-client dropped the operations using
it). Here each such component is renamed after its domain (`GovernanceCheckIn`, `OosCheckIn`),
every `$ref` follows, and every component's title is its key, so no two titles are the same.
"""
from __future__ import annotations

import re
from typing import Any

PREFIX = "#/components/schemas/"
_MODULE_KEY = re.compile(r"^otp__(?P<domain>[a-z_]+?)__(?:[a-z_]+__)*(?P<name>[A-Za-z0-9_]+)$")


def _readable(key: str) -> str:
    match = _MODULE_KEY.match(key)
    if match is None:
        return key
    domain = "".join(part.capitalize() for part in match["domain"].split("_"))
    return f"{domain}{match['name']}"


def _follow(node: Any, renamed: dict[str, str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(PREFIX) and ref[len(PREFIX):] in renamed:
            node["$ref"] = PREFIX + renamed[ref[len(PREFIX):]]
        for value in node.values():
            _follow(value, renamed)
    elif isinstance(node, list):
        for value in node:
            _follow(value, renamed)


def unique_component_names(doc: dict) -> dict:
    schemas = doc.get("components", {}).get("schemas", {})
    renamed = {key: _readable(key) for key in schemas if _readable(key) != key}
    taken = set(schemas) - set(renamed)
    for key, new in renamed.items():
        if new in taken:
            raise ValueError(f"two OpenAPI components would both be called {new}: rename one model")
        taken.add(new)
    doc["components"]["schemas"] = {renamed.get(key, key): value for key, value in schemas.items()}
    for key, value in doc["components"]["schemas"].items():
        value["title"] = key
    _follow(doc, renamed)
    return doc
