from .kit import OOS, draft_doc, export, import_fixture, publish

NEW_CLAIM = {"section": "failure_patterns", "rule": "Check the lock before a rerun.", "why": "Reruns double-post.",
             "failure_mode": "Numbers counted twice.", "confidence": "MEDIUM", "evidence": "OBSERVED_ONCE",
             "scope": "All agents"}


def test_edits_then_publish_give_version_2_whose_diff_names_each_change(org):
    import_fixture(org, publish=True)
    org.ok("PATCH", f"{OOS}/draft/claims/C003", {"confidence": "LOW"})
    added = org.ok("POST", f"{OOS}/draft/claims", NEW_CLAIM, status=201)["claim_id"]
    org.ok("DELETE", f"{OOS}/draft/claims/C001")
    assert publish(org)["number"] == 2
    diff = org.ok("GET", f"{OOS}/diff", params={"from": "1", "to": "2"})
    assert diff["added"] == [added] and diff["removed"] == ["C001"]
    assert {"id": "C003", "changes": [{"field": "confidence", "old": "HIGH", "new": "LOW"}]} in diff["modified"]


def test_publishing_starts_a_new_draft_from_the_published_text(org):
    import_fixture(org)
    published = publish(org)
    versions = org.ok("GET", f"{OOS}/versions")
    assert [(v["state"], v["number"], v["parent_version"]) for v in versions] == [("published", 1, None),
                                                                                    ("draft", None, 1)]
    assert export(org) == export(org, str(published["number"]))


def test_the_second_publish_names_its_version_and_parent_in_the_frontmatter(org):
    import_fixture(org, publish=True)
    org.ok("PATCH", f"{OOS}/draft/claims/C002", {"scope": "Every agent"})
    publish(org)
    fm = draft_doc(org).frontmatter
    assert (fm.version, fm.parent_version) == (2, 1)


def test_structured_edits_keep_the_declared_counts_consistent(org):
    import_fixture(org)
    org.ok("POST", f"{OOS}/draft/claims", NEW_CLAIM, status=201)
    report = org.ok("GET", f"{OOS}/validate")
    assert not [f for f in report["findings"] if f["code"].startswith("count.")]
    assert draft_doc(org).frontmatter.claim_count == 25


def test_an_edit_that_changes_nothing_writes_no_event(org):
    import_fixture(org)
    before = org.event_count()
    org.ok("PATCH", f"{OOS}/draft/claims/C003", {"confidence": "HIGH"})
    assert org.event_count() == before


def test_every_edit_writes_exactly_one_event(org):
    import_fixture(org)
    org.ok("PUT", f"{OOS}/draft", {"text": export(org).replace("One seat, one owner.", "One seat, one owner!", 1)})
    org.ok("PATCH", f"{OOS}/draft/claims/C003", {"confidence": "LOW"})
    actions = [e.action for e in org.events() if e.action.startswith("oos.")]
    assert actions == ["oos.imported", "oos.draft_replaced", "oos.claim_edited"]


def test_the_draft_can_be_replaced_with_the_json_form(org):
    import_fixture(org)
    document = org.ok("GET", f"{OOS}/draft", params={"format": "json"})["document"]
    document["body"] = [b for b in document["body"] if b.get("id") != "C024"]
    assert org.ok("PUT", f"{OOS}/draft", {"document": document})["claim_count"] == 23
