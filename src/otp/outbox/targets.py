"""Where webhooks may be sent: to public receivers, never into the networks OTP itself runs in.

A webhook URL is refused (422, field `url`) when its host is, or resolves to, an address that is
loopback, link-local, private, multicast, unspecified, reserved or otherwise not globally
routable — `http://127.0.0.1/`, `http://0/`, `http://169.254.169.254/` (cloud metadata),
`http://[::ffff:10.0.0.1]/`, or a name whose DNS answer is any of those. This is checked:

- when a subscription is registered or its URL changes (a name that does not resolve at all is
  accepted then: it may not be published yet, and delivery checks again);
- again before every delivery, since DNS can change. A refused delivery is a failed attempt
  (logged with the reason, retried with backoff, disabled after repeated failure). The delivery
  then connects to exactly the address that was checked — the URL's host name still goes in
  the Host header and as the TLS server name (so certificates verify as usual) — so a name that
  answers differently a moment later (DNS rebinding) cannot slip past the check.

Private receivers (on the same machine or network: the test suite, a single-tenant install
posting to an internal service) are allowed only by the operator, for the whole installation:
set OTP_WEBHOOK_ALLOW_PRIVATE=1 in the environment of the app and of the worker. It is
deliberately not an organization setting: in a shared deployment that would let any tenant's
admin reach the operator's internal network.
"""
from __future__ import annotations

import ipaddress
import os
import socket
from concurrent.futures import ThreadPoolExecutor, TimeoutError as ResolveTimeout
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from otp.core.errors import Invalid

ALLOW_ENV = "OTP_WEBHOOK_ALLOW_PRIVATE"
RESOLVE_TIMEOUT = 3.0  # seconds; getaddrinfo has no timeout of its own
_RESOLVER = ThreadPoolExecutor(max_workers=4, thread_name_prefix="otp-webhook-dns")
IP = ipaddress.IPv4Address | ipaddress.IPv6Address


def allow_private() -> bool:
    """Whether the operator allows private webhook targets (OTP_WEBHOOK_ALLOW_PRIVATE=1|true|yes)."""
    return os.environ.get(ALLOW_ENV, "").strip().lower() in ("1", "true", "yes", "on")


class Refused(Invalid):
    """The URL's host is, or resolves to, an address webhooks may not go to."""


def blocked(address: IP) -> str | None:
    """Why webhooks may not go to this address ("loopback", "private", ...), or None."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    for name in ("loopback", "link_local", "unspecified", "multicast", "private", "reserved", "site_local"):
        if getattr(address, f"is_{name}", False):
            return name.replace("_", "-")
    if not address.is_global:  # shared (100.64/10), documentation, benchmarking, NAT64, ... ranges
        return "non-public"
    return None


def _getaddrinfo(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))  # unique, in the resolver's order


def resolve(host: str, port: int) -> list[IP]:
    """The addresses `host` stands for (an IP literal in any form the C library reads — "0",
    "127.1", "2130706433" — included); [] when it does not resolve in time."""
    try:
        found = _RESOLVER.submit(_getaddrinfo, host, port).result(timeout=RESOLVE_TIMEOUT)
    except (OSError, UnicodeError, ResolveTimeout):
        return []
    out = []
    for text in found:
        try:
            out.append(ipaddress.ip_address(text.split("%", 1)[0]))  # drop an IPv6 zone id
        except ValueError:
            continue
    return out


@dataclass(frozen=True)
class Target:
    """How to reach a checked URL: one candidate request per checked address, in order."""
    url: str
    candidates: list[tuple[str, dict, dict]] = field(default_factory=list)  # (url, headers, extensions)


def _parts(url: str, field_name: str) -> tuple:
    parts = urlsplit(url)
    host = parts.hostname
    if parts.scheme not in ("http", "https") or not host:
        raise Invalid("url must be an http:// or https:// URL with a host", field=field_name)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise Invalid("url has an invalid port", field=field_name) from None
    return parts, host, port


def _refuse(host: str, address: IP, why: str, field_name: str) -> Refused:
    shown = host if host == str(address) else f"{host} resolves to {address}, which"
    article = "an" if why[0] in "aeiou" else "a"
    return Refused(f"url host {shown} is {article} {why} address: webhooks go to public receivers only "
                   f"(an operator can allow private ones with {ALLOW_ENV}=1)", field=field_name)


def check_registration(url: str, *, field_name: str = "url") -> None:
    """At registration: refuse a host that is, or already resolves to, a blocked address."""
    if allow_private():
        return
    _, host, port = _parts(url, field_name)
    for address in resolve(host, port):
        why = blocked(address)
        if why:
            raise _refuse(host, address, why, field_name)


def pin(url: str) -> Target:
    """At delivery: resolve the host, refuse it (Refused) if any address is blocked (unless the
    operator allows private targets) or none is found, and return requests aimed at the checked
    addresses with the original Host header and TLS server name."""
    parts, host, port = _parts(url, "url")
    addresses = resolve(host, port)
    if not addresses:
        raise Refused(f"url host {host} does not resolve", field="url")
    if not allow_private():
        for address in addresses:
            why = blocked(address)
            if why:
                raise _refuse(host, address, why, "url")
    candidates = []
    for address in addresses:
        literal = f"[{address}]" if address.version == 6 else str(address)
        netloc = literal if parts.port is None else f"{literal}:{parts.port}"
        headers, extensions = {}, {}
        if literal.strip("[]") != host.strip("[]"):
            headers["host"] = parts.netloc.rsplit("@", 1)[-1]
            if parts.scheme == "https":
                extensions["sni_hostname"] = host
        candidates.append((urlunsplit(parts._replace(netloc=netloc)), headers, extensions))
    return Target(url, candidates)
