"""File-based `otp oos` commands. Thin on purpose: parse arguments, call the library, print.

Exit codes: 0 ok; 1 validation errors / critical scan findings / unreadable document;
2 usage errors (missing file, bad option). The main CLI mounts `app`; database-backed
commands (import, export, publish) are added next to these by the platform side.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer

from . import diff as diffs
from .document import OOSParseError
from .files import is_json, loads, read_document, write_document, dumps
from .instructions import from_instructions
from .maturity import assess_document
from .model import OOSDocument
from .scan import has_critical, redact, scan
from .score import score as quality
from .validate import Finding, fix, has_errors, validate

app = typer.Typer(name="oos", help="Validate, score, diff, scan and convert OOS documents.", no_args_is_help=True)

JSON_OPT = typer.Option(False, "--json", help="Print machine-readable JSON.")


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _fail(f"file not found: {path}", 2)
    except (IsADirectoryError, UnicodeDecodeError) as exc:
        raise _fail(f"cannot read {path}: {exc}", 2)


def _load(path: Path) -> OOSDocument:
    text = _read_text(path)
    try:
        return loads(text, is_json(path, text))
    except (OOSParseError, ValueError) as exc:
        raise _fail(f"{path}: {exc}", 1)


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


@app.command("validate")
def validate_cmd(file: Path, fix_: bool = typer.Option(False, "--fix", help="Recompute counts and rewrite FILE."),
                 as_json: bool = JSON_OPT) -> None:
    """Check frontmatter, claims and counts; report findings with line numbers."""
    text = _read_text(file)
    try:
        doc = loads(text, is_json(file, text))
    except (OOSParseError, ValueError) as exc:
        findings = [Finding("error", "document.unreadable", str(getattr(exc, "reason", exc)), getattr(exc, "line", None))]
        changes: list[str] = []
    else:
        changes = fix(doc) if fix_ else []
        if changes:
            write_document(doc, file, "json" if is_json(file, text) else "md")
            doc = read_document(file)  # report line numbers of the file as now written
        findings = validate(doc)
    errors = sum(f.severity == "error" for f in findings)
    if as_json:
        _print_json({"file": str(file), "valid": not errors, "errors": errors,
                     "warnings": len(findings) - errors, "fixed": changes,
                     "findings": [f.to_dict() for f in findings]})
    else:
        for change in changes:
            typer.echo(f"fixed: {change}")
        for finding in findings:
            typer.echo(f"{file}:{finding.line or 1}: {finding.severity}: {finding.message} [{finding.code}]")
        typer.echo(f"{'invalid' if errors else 'valid'}: {errors} error(s), {len(findings) - errors} warning(s)")
    raise typer.Exit(1 if has_errors(findings) else 0)


@app.command("score")
def score_cmd(file: Path, as_json: bool = JSON_OPT) -> None:
    """Quality tier with sub-scores, and agentic maturity level with its evidence."""
    doc = _load(file)
    tier, level = quality(doc), assess_document(doc)
    if as_json:
        _print_json({"file": str(file), "quality": tier.to_dict(), "maturity": level.to_dict()})
        return
    typer.echo(f"tier: {tier.tier} ({tier.score:.2f} / 4)")
    typer.echo(f"  claim count       {tier.claim_count}/4  ({tier.claims} claims)")
    typer.echo(f"  evidence strength {tier.evidence_strength}/4  ({tier.strong_evidence_share:.0%} measured or repeated)")
    typer.echo(f"  failure knowledge {tier.failure_knowledge}/4  ({tier.failure_claims} failure patterns)")
    typer.echo(f"  confidence mix    {tier.confidence_mix}/4  ({tier.confidence_levels} levels)")
    typer.echo(f"maturity: L{level.level} {level.name}")
    for result in level.levels:
        mark = "pass" if result.passed else "FAIL"
        detail = "; ".join(result.evidence) if result.passed else f"needs {result.needs}"
        typer.echo(f"  L{result.level} {result.name:<24} {mark}  {detail}")
    if level.bottleneck:
        typer.echo(f"bottleneck: L{level.bottleneck.level} {level.bottleneck.name}")


@app.command("diff")
def diff_cmd(a: Path, b: Path, versions: bool = typer.Option(False, "--versions", help="Compare two versions by claim id."),
             as_json: bool = JSON_OPT) -> None:
    """Organization vs organization by similarity, or version vs version (--versions)."""
    doc_a, doc_b = _load(a), _load(b)
    if versions:
        result = diffs.diff_versions(doc_a, doc_b)
        if as_json:
            _print_json(result.to_dict())
            return
        for claim_id in result.added:
            typer.echo(f"+ {claim_id} added")
        for claim_id in result.removed:
            typer.echo(f"- {claim_id} removed")
        for change in result.modified:
            typer.echo(f"~ {change.id} modified: {', '.join(c.field for c in change.changes)}")
        for change in result.frontmatter:
            typer.echo(f"~ frontmatter {change.field}: {change.old!r} -> {change.new!r}")
    else:
        result = diffs.diff_orgs(doc_a, doc_b)
        if as_json:
            _print_json(result.to_dict())
            return
        for match in result.matches:
            typer.echo(f"{match.kind:<9} {match.a_id} ~ {match.b_id} ({match.similarity:.2f})")
        for claim_id in result.unique_to_a:
            typer.echo(f"UNIQUE_TO_A {claim_id}")
        for claim_id in result.unique_to_b:
            typer.echo(f"UNIQUE_TO_B {claim_id}")
    typer.echo("summary: " + ", ".join(f"{k} {v}" for k, v in result.summary.items()))


@app.command("scan")
def scan_cmd(file: Path,
             redact_to: Optional[Path] = typer.Option(None, "--redact", help="Write a redacted copy to this path."),
             names: list[str] = typer.Option([], "--names", help="Names of people to protect (repeatable, or comma-separated)."),
             as_json: bool = JSON_OPT) -> None:
    """Find secrets, personal data, internal infrastructure, money and names. Exit 1 on critical."""
    text = _read_text(file)
    people = [n for value in names for n in value.split(",")]
    findings = scan(text, people)
    if redact_to is not None:
        redact_to.write_text(redact(text, findings), encoding="utf-8")
    if as_json:
        _print_json({"file": str(file), "critical": has_critical(findings), "redacted_to": str(redact_to) if redact_to else None,
                     "findings": [f.to_dict() for f in findings]})
    else:
        for f in findings:
            typer.echo(f"{file}:{f.line}:{f.column}: {f.severity}: {f.kind} {f.text!r} -> {f.replacement}")
        typer.echo(f"{len(findings)} finding(s), {sum(f.severity == 'critical' for f in findings)} critical")
    raise typer.Exit(1 if has_critical(findings) else 0)


@app.command("convert")
def convert_cmd(file: Path, to: str = typer.Option(..., "--to", help="json or md"),
                output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of stdout.")) -> None:
    """Convert between the Markdown and the JSON form."""
    if to not in ("json", "md"):
        raise _fail("--to must be json or md", 2)
    text = dumps(_load(file), to)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        typer.echo(text, nl=False)


@app.command("from-instructions")
def from_instructions_cmd(file: Path, output: Optional[Path] = typer.Option(None, "-o", "--output"),
                          org: str = typer.Option("Unnamed organization", "--org", help="org_pseudonym for the draft")) -> None:
    """Draft an OOS from a CLAUDE.md or AGENTS.md for review."""
    doc = from_instructions(_read_text(file), source=file.name, org_pseudonym=org)
    if output:
        write_document(doc, output)
        typer.echo(f"wrote {output}: {len(doc.claims)} claims, {len(doc.frontmatter.get('entities') or [])} entities")
    else:
        typer.echo(dumps(doc, "md"), nl=False)


# Database-backed commands (import, export, publish, generate, redact) register on the same app;
# imported last because they decorate `app`. They open a database only when run.
from . import cli_store  # noqa: E402,F401
