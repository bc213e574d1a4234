"""Privacy scan before publishing an OOS, and redaction.

Finds secrets, personal data, internal infrastructure, money figures and the names of people
supplied by the caller (the humans on the organization's chart). Checksummed kinds are
validated (cards and Canadian SINs with Luhn, IBANs with mod 97, Spanish DNI/NIE with their
mod-23 letter) so that ordinary numbers are not flagged. National ids are recognised in their
written formats only (US SSN 123-45-6789, UK NINO, DNI/NIE, SIN 123 456 789): a bare run of digits
is too often an order number.
Severity drives publishing: a critical finding blocks it (secrets, card numbers, national ids).
When matches overlap, the more severe (then the longer) one wins, so one span yields one finding.
"""
from __future__ import annotations

import ipaddress
from bisect import bisect_right
import re
from dataclasses import asdict, dataclass
from typing import Any, Callable, Iterable

SEVERITY_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1}


@dataclass(frozen=True)
class ScanFinding:
    line: int          # 1-based
    column: int        # 1-based
    kind: str
    severity: str
    text: str
    replacement: str
    start: int         # offsets into the scanned text, for redaction
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Rule:
    kind: str
    severity: str
    pattern: re.Pattern[str]
    replacement: str
    group: str | int = 0                        # the part of the match that is sensitive
    check: Callable[[str], bool] | None = None  # validation of the matched text


def luhn_ok(text: str) -> bool:
    digits = [int(d) for d in text if d.isdigit()]
    if not 13 <= len(digits) <= 19 or len(set(digits)) == 1:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_ok(text: str) -> bool:
    compact = re.sub(r"\s", "", text).upper()
    if not 15 <= len(compact) <= 34:
        return False
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


def _private_ip(text: str) -> bool:
    try:
        ip = ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return ip.is_private and not ip.is_unspecified


_IPV6_INTERNAL = (ipaddress.IPv6Network("fc00::/7"), ipaddress.IPv6Network("fe80::/10"))  # unique local, link local


def _private_ipv6(text: str) -> bool:
    try:
        ip = ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return any(ip in net for net in _IPV6_INTERNAL)


def _keyed_secret_ok(value: str) -> bool:
    # A value assigned to a *_secret / *_token / *_key name: letters and digits mixed, as
    # generated credentials are; "token: required" or "max_tokens: 4000" are not secrets.
    if value.startswith("<") and value.endswith(">"):
        return False
    return bool(re.search(r"[A-Za-z]", value)) and bool(re.search(r"\d", value))


def spanish_id_ok(text: str) -> bool:
    """DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter): the letter is a mod-23 check."""
    compact = re.sub(r"[\s-]", "", text).upper()
    digits = compact[:-1]
    if digits[0] in "XYZ":
        digits = str("XYZ".index(digits[0])) + digits[1:]
    return digits.isdigit() and "TRWAGMYFPDXBNJZSQVHLCKE"[int(digits) % 23] == compact[-1]


def sin_ok(text: str) -> bool:
    """Canadian social insurance number: 9 digits with a Luhn check (0 and 8 are not issued first)."""
    digits = [int(d) for d in text if d.isdigit()]
    if len(digits) != 9 or digits[0] in (0, 8):
        return False
    total = sum(d * 2 - 9 if i % 2 and d > 4 else d * 2 if i % 2 else d for i, d in enumerate(digits))
    return total % 10 == 0


def _phone_ok(text: str) -> bool:
    return 9 <= sum(ch.isdigit() for ch in text) <= 15


def _secret_value_ok(value: str) -> bool:
    # "password: required" is prose and "<SECRET>" is already redacted; a real value has a
    # digit or symbol, or is long.
    if value.startswith("<") and value.endswith(">"):
        return False
    return bool(re.search(r"[\d\W_]", value)) or len(value) >= 12


_I = re.I
RULES: tuple[Rule, ...] = (
    # --- secrets -----------------------------------------------------------------------
    Rule("private_key", "critical", re.compile(r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----"), "<PRIVATE_KEY>"),
    Rule("aws_access_key", "critical", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"), "<API_KEY>"),
    Rule("github_token", "critical", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b"), "<API_KEY>"),
    Rule("api_key", "critical", re.compile(r"\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}"), "<API_KEY>"),
    Rule("slack_token", "critical", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"), "<API_KEY>"),
    Rule("stripe_key", "critical", re.compile(r"\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}"), "<API_KEY>"),
    Rule("google_api_key", "critical", re.compile(r"\bAIza[0-9A-Za-z_-]{35}"), "<API_KEY>"),
    Rule("oauth_token", "critical", re.compile(r"\bya29\.[0-9A-Za-z_-]{20,}"), "<TOKEN>"),
    Rule("gitlab_token", "critical", re.compile(r"\bglpat-[A-Za-z0-9_-]{20,}"), "<API_KEY>"),
    Rule("npm_token", "critical", re.compile(r"\bnpm_[A-Za-z0-9]{36}\b"), "<API_KEY>"),
    Rule("webhook_url", "critical",
         re.compile(r"https://(?:hooks\.slack\.com/services|discord(?:app)?\.com/api/webhooks)/[A-Za-z0-9/_-]{16,}"),
         "<WEBHOOK_URL>"),
    Rule("jwt", "critical", re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}"), "<TOKEN>"),
    Rule("bearer_token", "critical", re.compile(r"\bBearer\s+([A-Za-z0-9._~+/-]{16,}=*)"), "<TOKEN>", group=1),
    Rule("connection_string", "critical",
         re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s:/@]*:[^\s/@]+@[^\s'\"<>]*[^\s'\"<>.,;)]", _I), "<CONNECTION_STRING>"),
    Rule("password", "critical",
         re.compile(r"(?<![A-Za-z])(?:password|passwd|pwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token|client[_-]?secret)"
                    r"\s*[:=]\s*[\"']?([^\s\"',;]{4,})", _I), "<SECRET>", group=1, check=_secret_value_ok),
    # AWS_SECRET_ACCESS_KEY=..., slack_bot_token: ..., stripe.secret_key = ...: any name that ends in
    # a credential word, assigned a generated-looking value.
    Rule("keyed_secret", "critical",
         re.compile(r"(?<![\w.-])[A-Za-z_][\w.-]*?(?:secret|token|api[_-]?key|access[_-]?key|private[_-]?key|"
                    r"credentials?)s?\s*[:=]\s*[\"']?([^\s\"',;]{8,})", _I), "<SECRET>", group=1,
         check=_keyed_secret_ok),
    # --- personal data -----------------------------------------------------------------
    Rule("us_ssn", "critical", re.compile(r"\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b"), "<NATIONAL_ID>"),
    Rule("uk_nino", "critical", re.compile(r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"),
         "<NATIONAL_ID>"),
    Rule("es_dni", "critical", re.compile(r"\b[XYZ]?\d{7,8}-?[A-Z]\b"), "<NATIONAL_ID>", check=spanish_id_ok),
    Rule("ca_sin", "critical", re.compile(r"\b\d{3}[ -]\d{3}[ -]\d{3}\b"), "<NATIONAL_ID>", check=sin_ok),
    Rule("card_number", "critical", re.compile(r"\b\d(?:[ -]?\d){12,18}\b"), "<CARD_NUMBER>", check=luhn_ok),
    Rule("iban", "high", re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b", _I), "<IBAN>",
         check=iban_ok),
    Rule("email", "high", re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"), "<EMAIL>"),
    Rule("phone", "medium",
         # Not part of a longer run of digit groups (order numbers, unchecked card lookalikes).
         re.compile(r"(?<![\w.+-])(?<![A-Z0-9] )(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?|\d{2,4}[ .-])"
                    r"\d{3,4}[ .-]\d{3,4}(?![\w-])(?![ .]\d)"),
         "<PHONE>", check=_phone_ok),
    Rule("phone", "medium", re.compile(r"(?<![\w+])\+\d{10,14}\b"), "<PHONE>"),  # E.164 written without spaces
    # --- internal infrastructure -------------------------------------------------------
    Rule("private_ip", "medium", re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b"), "<PRIVATE_IP>", check=_private_ip),
    Rule("private_ip", "medium", re.compile(r"(?<![\w:])(?:[0-9a-f]{1,4}:){1,7}(?::|[0-9a-f]{1,4})(?:[0-9a-f:]*)(?![\w:])", _I),
         "<PRIVATE_IP>", check=_private_ipv6),
    Rule("internal_host", "medium",
         re.compile(r"\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.(?:internal|local|corp|lan|intranet|home\.arpa)\b", _I),
         "<INTERNAL_HOST>"),
    Rule("file_path", "low",
         re.compile(r"(?<![\w.:/~])(?:~/|/)(?:[\w.-]+/)+[\w.-]*[\w-]"
                    r"|\b[A-Za-z]:\\(?:[^\\\s]+\\)*[^\\\s]*[^\\\s.,;:)]"), "<PATH>"),
    # --- money -------------------------------------------------------------------------
    Rule("money", "low",
         re.compile(r"[$€£¥]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:[KkMmBb]\b|million\b|billion\b|thousand\b))?"
                    r"|\b\d[\d,]*(?:\.\d+)?\s?(?:USD|EUR|GBP|dollars|euros|pounds)\b"), "<AMOUNT>"),
)


def _name_rules(names: Iterable[str]) -> list[Rule]:
    rules = []
    for number, name in enumerate(dict.fromkeys(n.strip() for n in names if n and n.strip()), start=1):
        words = r"\s+".join(re.escape(w) for w in name.split())
        rules.append(Rule("person_name", "high", re.compile(rf"(?<!\w){words}(?!\w)", _I), f"<PERSON_{number}>"))
    return rules


# Lines are counted as the OOS parser counts them (str.splitlines), so a finding's line is the line
# validation and claim headers report, in CR-only and CRLF files alike.
LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def scan(text: str, names: Iterable[str] = ()) -> list[ScanFinding]:
    """All findings in `text`, ordered by position. `names`: people to protect (full names)."""
    raw: list[tuple[int, int, Rule]] = []
    for rule in (*RULES, *_name_rules(names)):
        for match in rule.pattern.finditer(text):
            start, end = match.span(rule.group)
            if start == end or (rule.check and not rule.check(match.group(rule.group))):
                continue
            raw.append((start, end, rule))
    # Resolve overlaps: most severe first, then longest, then leftmost.
    raw.sort(key=lambda r: (-SEVERITY_RANK[r[2].severity], -(r[1] - r[0]), r[0]))
    taken: list[tuple[int, int]] = []
    chosen = []
    for start, end, rule in raw:
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        chosen.append((start, end, rule))
    chosen.sort(key=lambda r: r[0])
    line_starts = [0] + [m.end() for m in LINE_BREAK.finditer(text)]
    out = []
    for start, end, rule in chosen:
        line = bisect_right(line_starts, start)
        out.append(ScanFinding(line, start - line_starts[line - 1] + 1, rule.kind, rule.severity,
                               text[start:end], rule.replacement, start, end))
    return out


def has_critical(findings: Iterable[ScanFinding]) -> bool:
    return any(f.severity == "critical" for f in findings)


def redact(text: str, findings: Iterable[ScanFinding]) -> str:
    """Replace each finding's span with its suggested replacement (spans must come from
    scanning this same text; overlapping spans are skipped, the first wins)."""
    out, cursor = [], 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < cursor:
            continue
        out += [text[cursor:finding.start], finding.replacement]
        cursor = finding.end
    out.append(text[cursor:])
    return "".join(out)
