"""The demo organization: Brightline, a small digital agency run by 5 people and 8 agents.

One coherent story that later domains extend (scorecard, rocks, meetings, governance, OOS):
everything is created through the same services the faces use, so the demo's event log is real.
"""
from __future__ import annotations

from sqlalchemy import select

from otp.auth.tokens import person_actor
from otp.core.db import Database
from otp.org import agents, chart, orgs, people
from otp.org.models import Organization

DEMO_SLUG = "demo"
DEMO_OWNER_EMAIL = "owner@example.com"
DEMO_OWNER_PASSWORD = "demo"

PEOPLE = [
    # key, email, name, role
    ("maya", DEMO_OWNER_EMAIL, "Maya Chen", "owner"),
    ("daniel", "daniel@example.com", "Daniel Okafor", "admin"),
    ("priya", "priya@example.com", "Priya Raman", "member"),
    ("sam", "sam@example.com", "Sam Rivera", "member"),
    ("jordan", "jordan@example.com", "Jordan Blake", "member"),
]

AGENTS = [
    # key, name, runtime, model, level, monthly budget (cents), description
    ("relay", "Relay", "claude-code", "claude-opus", 8, 120_000,
     "Leads the content agents: plans the weekly content calendar and reviews their drafts."),
    ("quill", "Quill", "claude-code", "claude-sonnet", 5, 40_000, "Writes blog posts, newsletters and case studies."),
    ("scout", "Scout", "codex", "gpt-5", 3, 25_000, "Keyword research, rank tracking and technical SEO audits."),
    ("bidwell", "Bidwell", "http", "claude-sonnet", 6, 60_000, "Runs paid search and social campaigns within budget."),
    ("atlas", "Atlas", "claude-code", "claude-sonnet", 5, 30_000, "Client coordination: status notes, meeting recaps, follow-ups."),
    ("herald", "Herald", "custom", "claude-haiku", 4, 15_000, "Builds the weekly client performance reports."),
    ("tally", "Tally", "custom", "claude-haiku", 2, 10_000, "Bookkeeping: categorizes transactions, chases invoices."),
    ("sentry", "Sentry", "codex", "gpt-5-mini", 1, 8_000, "Quality and brand-compliance checks on everything we ship."),
]

# key, title, parent key, occupant key (None = vacant), purpose, responsibilities
SEATS = [
    ("ceo", "Visionary / CEO", None, "maya", "Sets direction and keeps Brightline's culture and big relationships strong.",
     ["Own the 3-year picture and annual goals", "Land and keep the top 10 client relationships",
      "Hire and develop the leadership team", "Guard the culture and core values"]),
    ("coo", "Integrator / COO", "ceo", "daniel", "Runs the business day to day and makes the operating system work.",
     ["Run the weekly leadership meeting", "Own the company scorecard and quarterly rocks",
      "Resolve cross-team issues", "Set boundaries and levels for the agent seats"]),
    ("sales", "Head of Growth", "ceo", None, "Fills the pipeline with the right clients.",
     ["Generate qualified leads", "Run proposals and close new business", "Own win rate and pipeline value"]),
    ("client", "Head of Client Services", "coo", "priya", "Keeps clients happy, informed and renewing.",
     ["Own client satisfaction and retention", "Run quarterly business reviews", "Escalate at-risk accounts early"]),
    ("delivery", "Head of Delivery", "coo", "sam", "Ships great work on time and on budget.",
     ["Own on-time delivery", "Staff every project with the right people and agents",
      "Set the quality bar", "Review agent output in the weekly meeting"]),
    ("finance", "Head of Finance & Ops", "coo", "jordan", "Keeps the money right and the back office quiet.",
     ["Own cash, invoicing and collections", "Run payroll and vendor payments", "Approve spend above agent limits"]),
    ("content_lead", "Content Operations Lead", "delivery", "relay",
     "Turns the content plan into published work every week.",
     ["Plan the weekly content calendar", "Assign and review drafts from the content agents",
      "Report content throughput and quality"]),
    ("writer", "Content Writer", "content_lead", "quill", "Writes on-brand content that ranks and converts.",
     ["Draft blog posts and newsletters", "Revise drafts after review", "Report words published each week"]),
    ("seo", "SEO Analyst", "content_lead", "scout", "Finds what clients' customers search for and tracks rankings.",
     ["Keyword research for each client", "Weekly rank tracking", "Monthly technical SEO audit"]),
    ("paid", "Paid Media Specialist", "delivery", "bidwell", "Spends clients' ad budgets where they return most.",
     ["Build and run campaigns", "Keep spend within budget", "Report cost per acquisition weekly"]),
    ("qa", "Quality Reviewer", "delivery", "sentry", "Nothing leaves the building with a mistake in it.",
     ["Check deliverables against the brief", "Check brand and legal compliance", "Log defects found"]),
    ("coordinator", "Account Coordinator", "client", "atlas", "Keeps every client informed between meetings.",
     ["Send weekly status notes", "Write meeting recaps within 24 hours", "Track client requests to done"]),
    ("reporting", "Client Reporting Analyst", "client", "herald", "Turns campaign data into reports clients read.",
     ["Build weekly performance reports", "Flag metrics off target", "Keep report templates current"]),
    ("bookkeeping", "Bookkeeper", "finance", "tally", "Keeps the books current to the day.",
     ["Categorize transactions daily", "Send invoice reminders", "Prepare the month-end close pack"]),
]


def ensure_demo(db: Database) -> bool:
    """Create the demo organization if absent. Returns True when it was created."""
    with db.write() as s:
        if s.execute(select(Organization.id).where(Organization.slug == DEMO_SLUG)).first():
            return False
        owner = people.create_person(s, email=DEMO_OWNER_EMAIL, name="Maya Chen", password=DEMO_OWNER_PASSWORD)
        org = orgs.create_organization(s, name="Brightline Digital", slug=DEMO_SLUG, owner_person_id=owner.id,
                                       timezone="America/New_York")
        actor = person_actor(s, owner.id, org.id)
        person_ids = {"maya": owner.id}
        for key, email, name, role in PEOPLE[1:]:
            person, _ = people.add_member(s, actor, email=email, name=name, role=role, password=DEMO_OWNER_PASSWORD)
            person_ids[key] = person.id
        agent_ids = {}
        for key, name, runtime, model, level, budget, description in AGENTS:
            agent_ids[key] = agents.create_agent(s, actor, name=name, runtime=runtime, model=model, level=level,
                                                 monthly_budget_cents=budget, description=description).id
        seat_ids: dict[str, str] = {}
        for position, (key, title, parent, holder, purpose, duties) in enumerate(SEATS):
            seat = chart.create_seat(s, actor, title=title, purpose=purpose, responsibilities=duties,
                                     parent_id=seat_ids.get(parent) if parent else None, position=position)
            seat_ids[key] = seat.id
            if holder in person_ids:
                chart.assign_occupant(s, actor, seat.id, kind="person", occupant_id=person_ids[holder])
            elif holder in agent_ids:
                chart.assign_occupant(s, actor, seat.id, kind="agent", occupant_id=agent_ids[holder])
        _extend(s, actor, org, person_ids, agent_ids, seat_ids)
        return True


def _extend(session, actor, org, person_ids, agent_ids, seat_ids) -> None:
    """Hook for later domains (scorecard, rocks, governance, meetings, OOS) to add their demo data."""
    from otp.domains import submodules
    for module in submodules("demo"):
        module.extend(session, actor, org, person_ids, agent_ids, seat_ids)
