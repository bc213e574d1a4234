"""The repository ships the Apache-2.0 licence text, and the package metadata says the same."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_license_file_is_apache_2_0_and_pyproject_agrees():
    assert "Apache License\n                           Version 2.0, January 2004" in (ROOT / "LICENSE").read_text()
    assert 'license = { text = "Apache-2.0" }' in (ROOT / "pyproject.toml").read_text()
