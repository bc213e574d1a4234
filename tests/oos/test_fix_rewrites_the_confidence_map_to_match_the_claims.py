"""`otp oos validate --fix` rewrites the Confidence Map table's counts (and percentages) so they say
what the claims say: the rows after the fix equal the counts computed afresh from the claims, and
validation no longer warns about the map."""
import re

from typer.testing import CliRunner

from otp.cli.main import app
from otp.oos.document import parse
from otp.oos.stats import confidence_counts, evidence_counts
from otp.oos.validate import validate

from .kit import export, import_fixture

ROW = re.compile(r"^\|\s*([A-Z_]+)\s*\|\s*(\d+)\s*\|", re.MULTILINE)


def test_the_map_rows_after_fix_equal_a_fresh_count_of_the_claims(org, database_url):
    import_fixture(org)
    result = CliRunner().invoke(app, ["oos", "validate", "--fix", "--database-url", database_url, "--org", org.slug])
    assert "Confidence Map HIGH" in result.output
    text = export(org)
    doc = parse(text)
    fresh = {k.upper(): v for k, v in {**confidence_counts(doc), **evidence_counts(doc)}.items()}
    table = text.split("## Confidence Map", 1)[1].split("\n## ", 1)[0]
    rows = {label: int(n) for label, n in ROW.findall(table)}
    assert rows == {label: fresh.get(label, 0) for label in rows} and rows["HIGH"] == 17
    assert "| HIGH | 17 | 71% |" in table
    assert not [f for f in validate(doc) if f.code == "map.count"]
