"""REST face of the work domain. The routers live one per concern; app discovery picks up every
module-level `router*` here."""
from otp.work.api_issues import router_issues
from otp.work.api_outcomes import router_outcomes
from otp.work.api_todos import router_headlines, router_todos

__all__ = ["router_headlines", "router_issues", "router_outcomes", "router_todos"]
