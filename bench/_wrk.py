"""Drive an HTTP server with wrk, a C load generator that is not the bottleneck, and measure
the server's own CPU per request.

- `find_wrk()`: wrk on PATH, else `apt-get install -y wrk` (Debian's package); None when that
  fails, and the caller prints a note and skips (benches never fail a run for a missing tool).
- `run(...)`: one wrk run; a Lua script sets the method, body and headers and, in `done()`,
  prints p50/p99 and the counts as one JSON line, so nothing depends on wrk's text layout.
- CPU per request: the server process's user + system time (/proc/<pid>/stat) before and after,
  divided by the requests served. Wall-clock latency on a shared machine mostly measures the
  run queue; CPU per request does not.
- `start_server(...)`: a bench's server script in its own Python process on a free port, returned
  once it answers, so wrk and the server never share a process.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

_LUA = r"""
wrk.method = %(method)s
wrk.body = %(body)s
%(headers)s
local statuses = {}
response = function(status, headers, body)
  if status >= 400 and not statuses.logged then
    statuses.logged = true
    io.stderr:write("first error response: " .. status .. " " .. string.sub(body, 1, 300) .. "\n")
  end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, ' ..
    '"errors": %%d, "non2xx": %%d}\n', summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def _lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


def find_wrk() -> str | None:
    found = shutil.which("wrk")
    if found:
        return found
    try:
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, capture_output=True, timeout=300)
    except (OSError, subprocess.SubprocessError) as e:
        print(f"note: wrk is not installed and `apt-get install -y wrk` failed ({e}); HTTP benches skipped")
        return None
    return shutil.which("wrk")


def cpu_seconds(pid: int) -> float:
    """User + system CPU a process has used so far (Linux /proc)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Result:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    non2xx: int
    cpu_ms_per_request: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def run(wrk: str, url: str, *, server_pid: int, connections: int, seconds: float, method: str = "GET",
        body: str = "", headers: dict[str, str] | None = None) -> Result:
    """One run of wrk against url: `connections` keep-alive connections (threads: up to 2, the
    machine's cores), for `seconds`."""
    header_lines = "\n".join(f"wrk.headers[ {_lua_string(k)} ] = {_lua_string(v)}" for k, v in (headers or {}).items())
    script = _LUA % {"method": _lua_string(method), "body": _lua_string(body), "headers": header_lines}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    threads = max(1, min(connections, 2))
    try:
        cpu0 = cpu_seconds(server_pid)
        out = subprocess.run([wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds:.0f}s", "--timeout", "30s",
                              "-s", f.name, url], capture_output=True, text=True, timeout=seconds + 120)
        cpu = cpu_seconds(server_pid) - cpu0
    finally:
        os.unlink(f.name)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary: {out.stdout[-500:]} {out.stderr[-500:]}")
    if out.stderr.strip():
        print(f"  wrk: {out.stderr.strip()[:300]}")
    data = json.loads(line[len("WRKJSON "):])
    n = max(1, data["requests"])
    return Result(requests=data["requests"], seconds=data["duration_us"] / 1e6, p50_ms=data["p50_us"] / 1000,
                  p99_ms=data["p99_us"] / 1000, errors=data["errors"], non2xx=data["non2xx"],
                  cpu_ms_per_request=cpu * 1000 / n)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(script: str, mode: str, url: str, *, ready_path: str) -> tuple[subprocess.Popen, str]:
    """Run `python -c script mode port` with BENCH_URL=url in its environment; return the process
    and its base URL once GET ready_path answers at all (any status: a 404 still means it serves).
    Gives up after 120 s: the app's first start imports and migrates, which is slow on a busy machine."""
    import httpx
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", script, mode, str(port)], env={**os.environ, "BENCH_URL": url})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(base + ready_path, timeout=1)
            return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{mode} server did not start")
