"""Reading and writing OOS documents as files; the format follows the content/suffix."""
from __future__ import annotations

from pathlib import Path

from .document import parse, render
from .jsonform import from_json, to_json
from .model import OOSDocument


def is_json(path: Path, text: str | None = None) -> bool:
    if path.suffix.lower() == ".json":
        return True
    return text is not None and text.lstrip().startswith("{")


def loads(text: str, as_json: bool = False) -> OOSDocument:
    return from_json(text) if as_json or text.lstrip().startswith("{") else parse(text)


def read_document(path: str | Path) -> OOSDocument:
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    return loads(text, is_json(path, text))


def dumps(doc: OOSDocument, fmt: str = "md") -> str:
    return to_json(doc) + "\n" if fmt == "json" else render(doc)


def write_document(doc: OOSDocument, path: str | Path, fmt: str | None = None) -> None:
    path = Path(path)
    fmt = fmt or ("json" if path.suffix.lower() == ".json" else "md")
    # newline="" keeps the document's own line endings byte-for-byte.
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(dumps(doc, fmt))
