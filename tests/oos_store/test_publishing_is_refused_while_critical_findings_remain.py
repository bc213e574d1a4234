from .kit import OOS, SECRET, export, import_fixture, import_text, publish


def _plant_secret(org):
    import_fixture(org)
    text = export(org).replace("## Merge Protocol\n", f"## Merge Protocol\n\nOur key: {SECRET}\n", 1)
    org.ok("PUT", f"{OOS}/draft", {"text": text})


def test_a_planted_secret_blocks_publishing_with_a_409_naming_line_and_kind(org):
    _plant_secret(org)
    before = org.event_count()
    error = publish(org, status=409)["error"]
    assert error["code"] == "privacy_findings" and error["field"] == "draft"
    assert "line 255" in error["message"] and "api_key" in error["message"]
    assert "sk-ant" not in error["message"]  # the refusal never repeats the secret
    assert org.event_count() == before and org.ok("GET", f"{OOS}/versions")[0]["state"] == "draft"


def test_redacting_the_draft_unblocks_publishing(org):
    _plant_secret(org)
    redacted = org.ok("POST", f"{OOS}/redact", {"min_severity": "critical"})
    assert redacted["redacted"] == 1 and "<API_KEY>" in export(org) and "sk-ant" not in export(org)
    assert publish(org)["number"] == 1


def test_importing_with_publish_is_refused_and_leaves_nothing_behind(org):
    response = org.post(f"{OOS}/import", json={"text": f"# Notes\n\n{SECRET}\n", "publish": True})
    assert response.status_code == 409
    assert org.get(f"{OOS}/draft").status_code == 404


def test_the_scan_names_people_on_the_chart(org):
    import_text(org, "# Notes\n\nOlive Owner approves every deploy.\n")
    findings = org.ok("GET", f"{OOS}/scan")["findings"]
    assert [(f["kind"], f["replacement"]) for f in findings] == [("person_name", "<PERSON_1>")]


def test_the_scan_lists_a_planted_secret_by_line_and_section_without_repeating_it(org):
    _plant_secret(org)
    response = org.get(f"{OOS}/scan")
    assert response.status_code == 200 and "sk-ant" not in response.text
    [finding] = [f for f in response.json()["findings"] if f["severity"] == "critical"]
    assert (finding["line"], finding["kind"], finding["replacement"]) == (255, "api_key", "<API_KEY>")
    assert finding["place"] == "section “Merge Protocol”" and finding["excerpt"] == "Our key: api_key = <API_KEY>"
