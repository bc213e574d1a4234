"""Formula measurables: a small safe expression language, parsed by hand (never eval).

    expr   := term (("+" | "-") term)*
    term   := unary (("*" | "/") unary)*
    unary  := "-" unary | atom
    atom   := NUMBER | KEY | "{" KEY "}" | "(" expr ")"

KEY is another measurable's key (lower-case letters, digits, underscores). Evaluation is
null-safe: a null (missing) input makes the result null, and so does division by zero or a
result too large for a float, so a formula never raises at report time.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable, Union

from otp.core.errors import Invalid

MAX_LENGTH = 500
MAX_DEPTH = 40  # nesting limit: keeps the recursive parser far from Python's recursion limit
KEY_RE = re.compile(r"[a-z][a-z0-9_]{0,39}")
_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d*)?|\.\d+)|(?P<key>[a-z][a-z0-9_]*)|(?P<op>[-+*/(){}]))")


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Ref:
    key: str


@dataclass(frozen=True)
class Neg:
    operand: "Node"


@dataclass(frozen=True)
class BinOp:
    op: str
    left: "Node"
    right: "Node"


Node = Union[Num, Ref, Neg, BinOp]


def _bad(message: str) -> Invalid:
    return Invalid(f"formula: {message}", field="formula")


def _tokenize(text: str) -> list[tuple[str, str, int]]:
    tokens, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if m is None:
            raise _bad(f"unexpected character {text[pos:].lstrip()[0]!r} at position {pos + 1}")
        kind = m.lastgroup
        tokens.append((kind, m.group(kind), m.start(kind) + 1))
        pos = m.end()
    return tokens


class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokenize(text)
        self.i = 0
        self.depth = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        tok = self.peek()
        if tok is None:
            raise _bad("the expression ends too early")
        self.i += 1
        return tok

    def expect(self, symbol: str) -> None:
        kind, text, pos = self.take()
        if text != symbol:
            raise _bad(f"expected {symbol!r} at position {pos}, found {text!r}")

    def expr(self) -> Node:
        node = self.term()
        while (tok := self.peek()) and tok[1] in "+-" and tok[0] == "op":
            self.take()
            node = BinOp(tok[1], node, self.term())
        return node

    def term(self) -> Node:
        node = self.unary()
        while (tok := self.peek()) and tok[1] in "*/" and tok[0] == "op":
            self.take()
            node = BinOp(tok[1], node, self.unary())
        return node

    def unary(self) -> Node:
        tok = self.peek()
        if tok and tok[1] == "-":
            self.take()
            return Neg(self._nested(self.unary))
        return self.atom()

    def _nested(self, fn: Callable[[], Node]) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _bad(f"nested more than {MAX_DEPTH} levels deep")
        try:
            return fn()
        finally:
            self.depth -= 1

    def atom(self) -> Node:
        kind, text, pos = self.take()
        if kind == "num":
            return Num(float(text))
        if kind == "key":
            return Ref(_key(text, pos))
        if text == "{":
            kind, key, kpos = self.take()
            if kind != "key":
                raise _bad(f"expected a measurable key after '{{' at position {kpos}")
            self.expect("}")
            return Ref(_key(key, kpos))
        if text == "(":
            node = self._nested(self.expr)
            self.expect(")")
            return node
        raise _bad(f"unexpected {text!r} at position {pos}")


def _key(text: str, pos: int) -> str:
    if not KEY_RE.fullmatch(text):
        raise _bad(f"{text!r} at position {pos} is not a measurable key")
    return text


def parse(text: object) -> Node:
    """Parse a formula or raise Invalid(field="formula") saying what and where."""
    if not isinstance(text, str) or not text.strip():
        raise _bad("must be a non-empty expression")
    if len(text) > MAX_LENGTH:
        raise _bad(f"longer than {MAX_LENGTH} characters")
    parser = _Parser(text)
    node = parser.expr()
    extra = parser.peek()
    if extra is not None:
        raise _bad(f"unexpected {extra[1]!r} at position {extra[2]}")
    return node


def references(node: Node) -> set[str]:
    if isinstance(node, Ref):
        return {node.key}
    if isinstance(node, Neg):
        return references(node.operand)
    if isinstance(node, BinOp):
        return references(node.left) | references(node.right)
    return set()


def evaluate(node: Node, values: dict[str, float | None]) -> float | None:
    """Evaluate with `values` by key; a missing or null input, a division by zero or an
    overflow gives None."""
    result = _eval(node, values)
    return result if result is not None and math.isfinite(result) else None


def _eval(node: Node, values: dict[str, float | None]) -> float | None:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Ref):
        return values.get(node.key)
    if isinstance(node, Neg):
        v = _eval(node.operand, values)
        return None if v is None else -v
    left, right = _eval(node.left, values), _eval(node.right, values)
    if left is None or right is None:
        return None
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    return None if right == 0 else left / right
