"""Reading a CSV file into rows that know their line number, with columns found by any of their
names (a layout maps each name a tool uses onto one of our column keys)."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from otp.core.errors import Invalid

MAX_BYTES = 2_000_000
MAX_ROWS = 5_000


def norm(name: str) -> str:
    """Header names compare without case, spaces, punctuation: "Reports-To" == "reports to"."""
    return re.sub(r"[^a-z0-9]+", "", name.lower())


@dataclass
class Row:
    line: int
    cells: dict[str, str]  # column key -> stripped text ("" when empty or absent)
    periods: dict[date, tuple[str, str]] = field(default_factory=dict)  # period -> (header, text)

    def get(self, key: str) -> str:
        return self.cells.get(key, "")


@dataclass
class Table:
    rows: list[Row]
    headers: dict[str, str]  # column key -> the header as the file spells it
    ignored: list[str]

    def header(self, key: str) -> str:
        return self.headers.get(key, key)


def read(text: str, aliases: dict[str, tuple[str, ...]], *, periods: bool = False) -> Table:
    """`aliases`: column key -> the header names it may go by. With `periods`, headers that read
    as dates are period columns (a scorecard's history). Raises Invalid (field `csv`) when the
    file is not a CSV at all."""
    if not isinstance(text, str) or not text.strip():
        raise Invalid("the file is empty", field="csv")
    if len(text.encode("utf-8", "ignore")) > MAX_BYTES:
        raise Invalid(f"the file is larger than {MAX_BYTES // 1_000_000} MB", field="csv")
    if "\x00" in text:
        raise Invalid("the file contains NUL characters; export it as CSV text", field="csv")
    text = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise Invalid(f"cannot read the header line: {exc}", field="csv") from None
    lookup = {norm(name): key for key, names in aliases.items() for name in (key, *names)}
    index: dict[int, str] = {}
    period_index: dict[int, tuple[date, str]] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    for i, name in enumerate(header):
        name = name.strip()
        key = lookup.get(norm(name))
        if key and key not in headers:
            index[i], headers[key] = key, name
        elif periods and (day := period_start(name)) is not None:
            period_index[i] = (day, name)
        elif name:
            ignored.append(name)
    rows: list[Row] = []
    line = reader.line_num + 1
    try:
        for values in reader:
            if any(v.strip() for v in values):
                if len(rows) >= MAX_ROWS:
                    raise Invalid(f"the file has more than {MAX_ROWS} rows; split it", field="csv")
                row = Row(line=line, cells={key: values[i].strip() if i < len(values) else ""
                                            for i, key in index.items()})
                for i, (day, name) in period_index.items():
                    if i < len(values) and values[i].strip():
                        row.periods[day] = (name, values[i].strip())
                rows.append(row)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise Invalid(f"line {reader.line_num}: not valid CSV ({exc})", field="csv") from None
    return Table(rows=rows, headers=headers, ignored=ignored)


_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%b %d %Y")


def parse_day(text: str) -> date | None:
    """A date as exports write it: 2026-03-02, 3/2/2026 (US order, as Ninety and Bloom Growth
    show dates), Mar 2, 2026. A time after the date is ignored. None if it is not a date."""
    text = text.strip()
    if not text:
        return None
    head = text.split("T")[0] if re.match(r"^\d{4}-\d{2}-\d{2}T", text) else text
    head = head.split(" ")[0] if re.match(r"^\d{1,4}[-/]\d{1,2}[-/]\d{2,4} ", head) else head
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(head, fmt).date()
        except ValueError:
            continue
    return None


def period_start(header: str) -> date | None:
    """A history column's date: "2026-03-02", "Week of 3/2/2026", "03/02/2026 - 03/08/2026" (the
    first date of a range), "Mar 2, 2026". None for any other header."""
    text = re.sub(r"(?i)^(week|month)\s+(of|starting)\s+", "", header.strip())
    first = re.split(r"\s+(?:-|–|to)\s+", text)[0]
    return parse_day(first)


def split_list(text: str) -> list[str]:
    """Responsibilities in one cell: one per line, or separated by ';' or '|'; bullets dropped."""
    parts = re.split(r"[\n;|]+", text)
    return [re.sub(r"^\s*(?:[-*•·]|\d+[.)])\s*", "", p).strip() for p in parts if p.strip()]
