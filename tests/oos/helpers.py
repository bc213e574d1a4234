"""Per-test helpers that keep each test to a few lines (no mocks: real parse/render)."""
from __future__ import annotations

from pathlib import Path

from otp.oos.document import parse, render
from otp.oos.model import Claim, OOSDocument
from otp.oos.validate import fix

FIXTURE = Path("/work/shared/fixtures/oos/sneeze-it.oos.md")
if not FIXTURE.exists():  # the repo may sit next to shared/ elsewhere
    FIXTURE = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "oos" / "sneeze-it.oos.md"


def fixture_text() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def fixture_doc() -> OOSDocument:
    return parse(fixture_text())


def claim(i: int = 1, section: str = "core_operating_rules", confidence: str = "HIGH",
          evidence: str = "OBSERVED_REPEATEDLY", rule: str | None = None, why: str = "Because it works.",
          scope: str = "All agents.") -> Claim:
    return Claim(id=f"C{i:03d}", section=section, rule=rule or f"Rule number {i} is followed.", why=why,
                 failure_mode="Things break.", confidence=confidence, evidence=evidence, scope=scope)


def valid_doc(claims: list[Claim] | None = None, words: int = 600) -> OOSDocument:
    """A document that passes validation: complete frontmatter, enough words, counts fixed."""
    doc = parse(
        "---\n"
        'oos_version: "1.0"\norg_pseudonym: "Test Org"\nindustry: "software"\norg_size: "small"\n'
        'template: "agent_army"\nagent_count: 2\nplatforms:\n  - "claude"\n'
        'generated_at: "2026-01-01T00:00:00Z"\nversion: 1\nparent_version: null\n'
        "word_count: 0\nclaim_count: 0\nconfidence_distribution: {}\nevidence_distribution: {}\n"
        "---\n\n## Purpose\n\n" + " ".join(["word"] * words) + "\n"
    )
    for c in claims if claims is not None else [claim(1), claim(2), claim(3)]:
        doc.add_claim(c)
    fix(doc)
    return parse(render(doc))


def reparse(doc: OOSDocument) -> OOSDocument:
    return parse(render(doc))
