"""Brightline's SOPs: company-wide ones at the COO, delivery ones at the Head of Delivery (both
inherited by the agent seats below), a content-specific override of the client-copy rules by
the Content Operations Lead for the writers under it, and one SOP edited twice (three versions)."""
from __future__ import annotations

from otp.sops.edit import create_sop, update_sop

SOPS = [
    # seat key, sop key, title, trigger, steps, outputs, tools
    ("coo", "escalate-blockers", "Escalate a blocker", "Work is blocked for more than 4 working hours",
     ["Write down what is blocked, since when, and what you already tried",
      "Raise an issue with the blocker, owner seat and the outcome at risk",
      "Escalate to the seat above you if the outcome's due date is within 3 days",
      "Post the resolution on the issue once unblocked"],
     ["Issue on the issues list", "Escalation when urgent"], ["otp"]),
    ("coo", "weekly-numbers", "Report your weekly numbers", "Every Friday by 15:00 (company timezone)",
     ["Enter each measurable you own for the current week",
      "Add a one-line note to every number that is off target",
      "Raise an issue for any measurable off target two weeks running"],
     ["Scorecard entries"], ["otp"]),
    ("delivery", "client-facing-copy", "Anything a client reads", "Before sending or publishing client-facing text",
     ["Follow the client's brand voice sheet", "No claims about results without a source",
      "Send to the Quality Reviewer seat before it leaves the building"],
     ["Approved copy"], ["Brand voice sheets", "Grammarly"]),
    ("delivery", "ship-checklist", "Pre-delivery checklist", "A deliverable is ready for the client",
     ["Check the deliverable against the brief", "Run the QA checklist"],
     ["Delivered work", "Checklist record"], ["otp", "Google Drive"]),
    ("content_lead", "client-facing-copy", "Client-facing content", "Before any draft goes to a client",
     ["Follow the client's brand voice sheet and content style guide",
      "Every statistic links to its primary source",
      "Run the SEO brief check: title, meta description, target keyword in the first 100 words",
      "Submit to the Content Operations Lead for review; publish only after approval"],
     ["Reviewed draft"], ["Brand voice sheets", "Surfer SEO"]),
    ("content_lead", "weekly-content-calendar", "Plan the weekly content calendar", "Every Monday by 10:00",
     ["Collect requests from Client Services and the SEO Analyst's keyword list",
      "Assign each piece to a writer seat with a due date", "Publish the calendar as to-dos in otp"],
     ["Content calendar", "To-dos per piece"], ["otp", "Google Sheets"]),
    ("writer", "draft-blog-post", "Draft a blog post", "A blog post is assigned on the content calendar",
     ["Read the brief and the SEO keyword notes", "Outline with H2s before writing",
      "Write 1,200–1,800 words", "Self-edit once for clarity and once for brand voice",
      "Attach the draft to the to-do and mark it ready for review"],
     ["Draft in Google Docs"], ["Google Docs", "Surfer SEO"]),
]

# The checklist grew twice after incidents: versions 2 and 3.
EDITS = [
    ("ship-checklist", {"steps": ["Check the deliverable against the brief", "Run the QA checklist",
                                  "Get the Quality Reviewer's sign-off"]}),
    ("ship-checklist", {"steps": ["Check the deliverable against the brief", "Run the QA checklist",
                                  "Get the Quality Reviewer's sign-off",
                                  "Log the delivery on the client's outcome with a link as evidence"],
                        "notes": "Added after the March mix-up: evidence on the outcome, not just in email."}),
]


def extend(session, actor, org, person_ids, agent_ids, seat_ids) -> None:
    created = {}
    for seat_key, key, title, trigger, steps, outputs, tools in SOPS:
        sop = create_sop(session, actor, seat_ids[seat_key], key=key, title=title, trigger=trigger, steps=steps,
                         outputs=outputs, tools=tools)
        created.setdefault(key, sop.id)
    for key, changes in EDITS:
        update_sop(session, actor, created[key], changes)
