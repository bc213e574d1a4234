"""Each write keeps its entry current in its own transaction: a thing is findable as soon as it is
created, under its new words once edited, and gone once deleted — whichever face wrote it."""
from tests.search.kit import entries, find, titles


def test_a_created_issue_is_found_by_a_prefix_of_a_word_in_its_title_or_details(org):
    root = org.root()
    org.ok("POST", "/api/v1/issues", {"title": "Acquisition stalled", "details": "The lawyers are slow",
                                      "owner_seat_id": root["id"]}, status=201)
    assert find(org, "acq") == {"issue": ["Acquisition stalled"]}
    assert titles(org, "lawy") == ["Acquisition stalled"]


def test_an_edited_seat_is_found_by_its_new_title_and_not_its_old_one(org):
    seat = org.seat("Head of Sales")
    org.ok("PATCH", f"/api/v1/seats/{seat['id']}", {"title": "Head of Revenue"})
    assert titles(org, "revenue") == ["Head of Revenue"]
    assert titles(org, "sales") == []


def test_a_deleted_seat_leaves_no_entry_and_its_sops_follow_the_seat_that_takes_them(org):
    root = org.root()
    seat = org.seat("Recruiter", parent=root["id"])
    org.ok("POST", f"/api/v1/seats/{seat['id']}/sops", {"key": "hiring", "title": "Hiring loop", "steps": ["Screen"]},
           status=201)
    assert set(find(org, "hiring")) == {"sop"}
    org.ok("DELETE", f"/api/v1/seats/{seat['id']}?reassign_to={root['id']}")
    assert find(org, "recruiter") == {} and find(org, "hiring") == {"sop": ["Hiring loop"]}
    assert seat["id"] not in entries(org)


def test_a_person_is_found_by_name_and_a_renamed_person_by_the_new_name(org):
    pat = org.person("Pat Quartermaine")
    assert find(org, "quarter") == {"person": ["Pat Quartermaine"]}
    org.ok("PATCH", f"/api/v1/people/{pat['id']}", {"name": "Pat Zimmer"})
    assert find(org, "zimm") == {"person": ["Pat Zimmer"]} and find(org, "quarter") == {}


def test_an_agent_a_todo_a_measurable_and_a_headline_are_found_each_under_its_kind(org):
    root = org.root()
    org.agent("Zephyr bot")
    org.ok("POST", "/api/v1/todos", {"title": "Zephyr invoice follow-up", "owner_seat_id": root["id"]}, status=201)
    org.ok("POST", "/api/v1/measurables", {"title": "Zephyr signups", "key": "zs", "owner_seat_id": root["id"],
                                            "target": 5}, status=201)
    org.ok("POST", "/api/v1/headlines", {"text": "Zephyr renewed for two years", "kind": "customer"}, status=201)
    assert find(org, "zephyr") == {"agent": ["Zephyr bot"], "todo": ["Zephyr invoice follow-up"],
                                   "measurable": ["Zephyr signups"], "headline": ["Zephyr renewed for two years"]}


def test_a_rock_and_a_standing_outcome_are_grouped_apart(org):
    root = org.root()
    for kind in ("rock", "standing"):
        org.ok("POST", "/api/v1/outcomes", {"title": f"Quokka {kind}", "definition_of_done": "Done",
                                             "owner_seat_id": root["id"], "kind": kind}, status=201)
    assert find(org, "quokka") == {"rock": ["Quokka rock"], "outcome": ["Quokka standing"]}


def test_a_write_that_rolls_back_leaves_no_entry(org):
    from otp.search.models import SearchEntry
    from otp.work.models import Issue
    root = org.root()
    issue = org.ok("POST", "/api/v1/issues", {"title": "Platypus", "owner_seat_id": root["id"]}, status=201)
    try:
        with org.db.write() as s:
            s.get(Issue, issue["id"]).title = "Wombat"
            s.flush()
            assert s.get(SearchEntry, _entry_id(s, issue["id"])).title == "Wombat"  # the same transaction sees it
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    assert titles(org, "wombat") == [] and titles(org, "platypus") == ["Platypus"]


def _entry_id(s, ref_id):
    from sqlalchemy import select

    from otp.search.models import SearchEntry
    return s.execute(select(SearchEntry.id).where(SearchEntry.ref_id == ref_id)).scalar_one()
