"""Reading finished spans: by name, with their attributes as a plain dict."""
from __future__ import annotations


def named(exporter, name: str) -> list:
    return [s for s in exporter.get_finished_spans() if s.name == name]


def one(exporter, name: str):
    found = named(exporter, name)
    assert len(found) == 1, (name, sorted(s.name for s in exporter.get_finished_spans()))
    return found[0]


def attrs(span) -> dict:
    return dict(span.attributes or {})


def is_child(child, parent) -> bool:
    return child.parent is not None and child.parent.span_id == parent.context.span_id \
        and child.context.trace_id == parent.context.trace_id
