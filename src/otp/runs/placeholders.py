"""The placeholders a `command` adapter's arguments may use, and their check at configuration.

An argument list is never given to a shell: each placeholder is replaced inside one argument and
the result stays one argument, so a value with spaces or quotes cannot split or inject anything.
"""
from __future__ import annotations

import os
import shutil
import string

from otp.core.errors import Invalid

PLACEHOLDERS = {
    "run_id": "the run's id (also in OTP_RUN_ID)",
    "agent_id": "the agent's id",
    "briefing_file": "path of the JSON briefing written for this run (also in OTP_BRIEFING_FILE)",
    "workdir": "the agent's working folder (the process's current directory)",
    "otp_url": "OTP's base URL (also in OTP_URL)",
    "mcp_url": "OTP's MCP endpoint (also in OTP_MCP_URL)",
    "mcp_config": "path of an MCP client config naming OTP's server with this run's token "
                  "(for `claude --mcp-config`)",
}
MAX_ARGS = 64
MAX_ARG_LEN = 4000


def names_in(arg: str) -> list[str]:
    """The placeholder names used in one argument; Invalid for malformed braces."""
    try:
        parts = list(string.Formatter().parse(arg))
    except ValueError as exc:
        raise Invalid(f"command argument {arg!r}: {exc} (write a literal brace as {{{{ or }}}})",
                      field="command") from None
    out = []
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if spec or conversion or name not in PLACEHOLDERS:
            known = ", ".join("{" + n + "}" for n in PLACEHOLDERS)
            raise Invalid(f"command argument {arg!r} uses an unknown placeholder {{{name}}}; known: {known}",
                          field="command")
        out.append(name)
    return out


def check_command(command) -> list[str]:
    if not isinstance(command, list) or not command or len(command) > MAX_ARGS:
        raise Invalid(f"command must be a list of 1 to {MAX_ARGS} arguments (no shell)", field="command")
    for arg in command:
        if not isinstance(arg, str) or "\x00" in arg or len(arg) > MAX_ARG_LEN:
            raise Invalid(f"each command argument is a string of at most {MAX_ARG_LEN} characters without NUL",
                          field="command")
        names_in(arg)
    program = command[0]
    if "{" in program:
        raise Invalid("the program (first argument) cannot be a placeholder", field="command")
    if os.sep in program:
        if not os.path.isabs(program):
            raise Invalid(f"program {program!r} must be an absolute path or a name found on PATH", field="command")
        if not (os.path.isfile(program) and os.access(program, os.X_OK)):
            raise Invalid(f"program {program!r} does not exist or is not executable", field="command")
    elif shutil.which(program) is None:
        raise Invalid(f"program {program!r} is not found on the worker's PATH", field="command")
    return list(command)


def expand(command: list[str], values: dict[str, str]) -> list[str]:
    """Each argument with its placeholders filled (`{{` / `}}` become literal braces)."""
    return [arg.format_map(values) for arg in command]
