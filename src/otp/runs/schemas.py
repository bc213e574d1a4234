"""REST shapes of the runs face (pydantic; the services check every rule again)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field
from typing_extensions import Annotated

from otp.org.schemas import Int, Str, Strict
from otp.runs.models import ADAPTERS

Arg = Str(4000)
EnvValue = Str(4000)


class RuntimeIn(Strict):
    adapter: Literal[ADAPTERS]  # type: ignore[valid-type]
    command: Annotated[list[Arg], Field(min_length=1, max_length=64,
                                        description="command adapter: the argument list (no shell); "
                                                    "placeholders {run_id} {agent_id} {briefing_file} {workdir} "
                                                    "{otp_url} {mcp_url} {mcp_config}")] | None = None
    workdir: Str(1000) | None = Field(None, description="command adapter: the agent's working folder (absolute)")
    env: Annotated[dict[Annotated[str, Field(pattern=r"^[A-Z_][A-Z0-9_]{0,63}$")], EnvValue],
                   Field(max_length=32)] | None = None
    url: Str(2000) | None = Field(None, description="http adapter: the agent's endpoint")
    time_limit_seconds: Int(1, 86400) = 900
    cost_limit_cents: Int(0, 10**9) | None = None
    max_concurrent: Int(1, 16) = 1
    every_minutes: Int(1, 10080) | None = None
    active_hours: Annotated[list[Int(0, 24)], Field(min_length=2, max_length=2)] | None = None
    active_days: Annotated[list[Int(0, 6)], Field(min_length=1, max_length=7)] | None = None


class WakeIn(Strict):
    note: Str(500) = ""


class CostIn(Strict):
    cents: Int(0, 10**9)
    tokens: Int(0, 10**12) = 0
    model: Str(120) = ""


class ProgressIn(Strict):
    note: Str(2000, required_text=True, min_length=1)


class FinishIn(Strict):
    status: Literal["succeeded", "failed"]
    detail: Str(500) = ""
