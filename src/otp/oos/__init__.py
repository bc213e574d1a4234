"""OOS, the Organizational Operating System format: database-free core.

Modules, one concern each: model (data classes), document (Markdown parse/render),
frontmatter (YAML with line numbers and minimal-churn rewriting), jsonform (JSON form),
stats (counts and the word-count rule), validate (findings and fix), score (quality tier),
maturity (agentic maturity L1-L8), similarity + diff (org and version diffs), scan (privacy
scan and redaction), findings (scan findings placed and masked for display), instructions (CLAUDE.md / AGENTS.md import), files, cli (`otp oos`).
"""
from .diff import diff_all_pairs, diff_orgs, diff_versions
from .document import OOSParseError, parse, render
from .jsonform import from_json, to_json
from .maturity import MaturitySignals, assess, assess_document, signals_from_document
from .model import Claim, Frontmatter, OOSDocument, STANDARD_SECTIONS
from .scan import redact, scan
from .score import score
from .validate import Finding, fix, validate

__all__ = [
    "Claim", "Finding", "Frontmatter", "MaturitySignals", "OOSDocument", "OOSParseError",
    "STANDARD_SECTIONS", "assess", "assess_document", "diff_all_pairs", "diff_orgs",
    "diff_versions", "fix", "from_json", "parse", "redact", "render", "scan", "score",
    "signals_from_document", "to_json", "validate",
]
