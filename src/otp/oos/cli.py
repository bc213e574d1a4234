"""File-based `otp oos` commands. Thin on purpose: parse arguments, call the library, print.

Exit codes: 0 ok; 1 validation errors / critical scan findings / unreadable document;
2 usage errors (missing file, bad option). The main CLI mounts `app`. validate, score, diff and
scan work on files without a database; given no file they read the organization's stored OOS
(cli_store, which opens the database only then). import, export, publish, generate and redact
are database commands (cli_store).
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Optional

import typer

from . import diff as diffs
from .document import OOSParseError
from .findings import listed, placing_document
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


VERSION_OPT = typer.Option("draft", "--version", help="Without FILE: the stored version (draft, latest or a number).")
DB_URL_OPT = typer.Option(None, "--database-url", envvar="OTP_DATABASE_URL",
                          help="Without FILE: SQLAlchemy URL; default: SQLite in the data folder.")
ORG_OPT = typer.Option(None, "--org", help="Without FILE: organization slug (default: the only one).")
VERSION_REF = re.compile(r"^(draft|latest|[0-9]{1,9})$")


def _check_version(*refs: str) -> None:
    for ref in refs:
        if not VERSION_REF.match(ref):
            raise _fail(f"version must be draft, latest or a version number, got {ref!r}", 2)


def _print_findings(label: str, findings: list[dict], changes: list[str], as_json: bool, about: dict) -> None:
    errors = sum(f["severity"] == "error" for f in findings)
    if as_json:
        _print_json({**about, "valid": not errors, "errors": errors, "warnings": len(findings) - errors,
                     "fixed": changes, "findings": findings})
        return
    for change in changes:
        typer.echo(f"fixed: {change}")
    for f in findings:
        typer.echo(f"{label}:{f['line'] or 1}: {f['severity']}: {f['message']} [{f['code']}]")
    typer.echo(f"{'invalid' if errors else 'valid'}: {errors} error(s), {len(findings) - errors} warning(s)")


@app.command("validate")
def validate_cmd(file: Optional[Path] = typer.Argument(None, help="An OOS file; without it, the stored OOS."),
                 fix_: bool = typer.Option(False, "--fix", help="Recompute the counts and rewrite FILE (or the draft)."),
                 version: str = VERSION_OPT, database_url: Optional[str] = DB_URL_OPT, org: Optional[str] = ORG_OPT,
                 as_json: bool = JSON_OPT) -> None:
    """Check frontmatter, claims and counts; report findings with line numbers."""
    if file is None:
        _check_version(version)
        from .cli_store import stored_validation
        about, findings, changes = stored_validation(database_url, org, version, fix_)
        _print_findings(about["label"], findings, changes, as_json, about)
        raise typer.Exit(1 if any(f["severity"] == "error" for f in findings) else 0)
    text = _read_text(file)
    try:
        doc = loads(text, is_json(file, text))
    except (OOSParseError, ValueError) as exc:
        found = [Finding("error", "document.unreadable", str(getattr(exc, "reason", exc)), getattr(exc, "line", None))]
        changes: list[str] = []
    else:
        changes = fix(doc) if fix_ else []
        if changes:
            write_document(doc, file, "json" if is_json(file, text) else "md")
            doc = read_document(file)  # report line numbers of the file as now written
        found = validate(doc)
    _print_findings(str(file), [f.to_dict() for f in found], changes, as_json, {"file": str(file)})
    raise typer.Exit(1 if has_errors(found) else 0)


def _print_score(tier: dict, level: dict) -> None:
    typer.echo(f"tier: {tier['tier']} ({tier['score']:.2f} / 4)")
    typer.echo(f"  claim count       {tier['claim_count']}/4  ({tier['claims']} claims)")
    typer.echo(f"  evidence strength {tier['evidence_strength']}/4  "
               f"({tier['strong_evidence_share']:.0%} measured or repeated)")
    typer.echo(f"  failure knowledge {tier['failure_knowledge']}/4  ({tier['failure_claims']} failure patterns)")
    typer.echo(f"  confidence mix    {tier['confidence_mix']}/4  ({tier['confidence_levels']} levels)")
    typer.echo(f"maturity: L{level['level']} {level['name']}")
    for result in level["levels"]:
        mark = "pass" if result["passed"] else "FAIL"
        detail = "; ".join(result["evidence"]) if result["passed"] else f"needs {result['needs']}"
        if result.get("status") and result["status"] != "observed" and result["evidence"]:
            detail = f"({result['status']}) " + ("; ".join(result["evidence"]) if not result["passed"] else detail)
        typer.echo(f"  L{result['level']} {result['name']:<24} {mark}  {detail}")
    if level["bottleneck"]:
        typer.echo(f"bottleneck: L{level['bottleneck']['level']} {level['bottleneck']['name']}")
    for note in level.get("notes") or []:
        typer.echo(f"note: {note}")


@app.command("score")
def score_cmd(file: Optional[Path] = typer.Argument(None, help="An OOS file; without it, the stored OOS."),
              version: str = VERSION_OPT, database_url: Optional[str] = DB_URL_OPT, org: Optional[str] = ORG_OPT,
              as_json: bool = JSON_OPT) -> None:
    """Quality tier with sub-scores, and agentic maturity level with its evidence (for the stored
    OOS, merged with what the platform observes)."""
    if file is None:
        _check_version(version)
        from .cli_store import stored_score
        about, tier, level = stored_score(database_url, org, version)
    else:
        doc = _load(file)
        about, tier, level = {"file": str(file)}, quality(doc).to_dict(), assess_document(doc).to_dict()
    if as_json:
        _print_json({**about, "quality": tier, "maturity": level})
    else:
        _print_score(tier, level)


def _print_diff(result: dict, versions: bool) -> None:
    if versions:
        for claim_id in result["added"]:
            typer.echo(f"+ {claim_id} added")
        for claim_id in result["removed"]:
            typer.echo(f"- {claim_id} removed")
        for change in result["modified"]:
            typer.echo(f"~ {change['id']} modified: {', '.join(c['field'] for c in change['changes'])}")
        for change in result["frontmatter"]:
            typer.echo(f"~ frontmatter {change['field']}: {change['old']!r} -> {change['new']!r}")
    else:
        for match in result["matches"]:
            typer.echo(f"{match['kind']:<9} {match['a_id']} ~ {match['b_id']} ({match['similarity']:.2f})")
        for claim_id in result["unique_to_a"]:
            typer.echo(f"UNIQUE_TO_A {claim_id}")
        for claim_id in result["unique_to_b"]:
            typer.echo(f"UNIQUE_TO_B {claim_id}")
    typer.echo("summary: " + ", ".join(f"{k} {v}" for k, v in result["summary"].items()))


@app.command("diff")
def diff_cmd(a: Optional[Path] = typer.Argument(None, help="First OOS file (organization A, or the old version)."),
             b: Optional[Path] = typer.Argument(None, help="Second OOS file (organization B, or the new version)."),
             versions: bool = typer.Option(False, "--versions", help="Compare two versions by claim id."),
             from_: str = typer.Option("latest", "--from", help="Without files: the stored version to diff from."),
             to: str = typer.Option("draft", "--to", help="Without files: the stored version to diff to."),
             database_url: Optional[str] = DB_URL_OPT, org: Optional[str] = ORG_OPT,
             as_json: bool = JSON_OPT) -> None:
    """Organization vs organization by similarity, or version vs version (--versions). Without
    files: two stored versions of the organization's OOS (--from, --to)."""
    if (a is None) != (b is None):
        raise _fail("give two files, or none to diff stored versions (--from, --to)", 2)
    if a is None:
        _check_version(from_, to)
        from .cli_store import stored_diff
        result, versions = stored_diff(database_url, org, from_, to), True
    else:
        doc_a, doc_b = _load(a), _load(b)
        result = (diffs.diff_versions(doc_a, doc_b) if versions else diffs.diff_orgs(doc_a, doc_b)).to_dict()
    if as_json:
        _print_json(result)
    else:
        _print_diff(result, versions)


@app.command("scan")
def scan_cmd(file: Optional[Path] = typer.Argument(None, help="Any text file; without it, the stored OOS."),
             redact_to: Optional[Path] = typer.Option(None, "--redact", help="Write a redacted copy to this path."),
             names: list[str] = typer.Option([], "--names", help="Names of people to protect (repeatable, or "
                                                                 "comma-separated); the stored OOS adds the chart's."),
             version: str = VERSION_OPT, database_url: Optional[str] = DB_URL_OPT, org: Optional[str] = ORG_OPT,
             as_json: bool = JSON_OPT) -> None:
    """Find secrets, personal data, internal infrastructure, money and names. Exit 1 on critical."""
    people = [n for value in names for n in value.split(",")]
    if file is None:
        _check_version(version)
        from .cli_store import stored_text
        label, text, chart = stored_text(database_url, org, version)
        people += chart
    else:
        label, text = str(file), _read_text(file)
    findings = scan(text, people)
    if redact_to is not None:
        redact_to.write_text(redact(text, findings), encoding="utf-8")
    # Redacted and placed as the page shows them: the scan never prints the secret it found (a
    # terminal, a CI log or a pasted report would keep it), only the line with placeholders.
    shown = listed(text, findings, placing_document(text))
    if as_json:
        _print_json({"file" if file else "source": label, "critical": has_critical(findings),
                     "redacted_to": str(redact_to) if redact_to else None, "findings": shown})
    else:
        for f in shown:
            typer.echo(f"{label}:{f['line']}:{f['column']}: {f['severity']}: {f['kind']} -> {f['replacement']} "
                       f"({f['place']}): {f['excerpt']!r}")
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


# Database-backed commands (import, export, publish, generate, redact), declared in cli_store,
# join the same app. They open a database only when run.
from . import cli_store  # noqa: E402

for _name, _command in cli_store.COMMANDS.items():
    app.command(_name)(_command)
