"""Posting to a URL someone typed in (a webhook, a chat channel), without letting it reach
inside the network.

A webhook URL is chosen by a user, so a careless or hostile one could point at internal
services (a metadata endpoint, an admin port on localhost). Before each request the host is
resolved, *every* address is checked, and the connection goes to the checked address itself
(with the original Host header and TLS server name), so a DNS answer that changes between the
check and the connection (DNS rebinding) cannot slip a private address through. Redirects are
not followed, and proxies from the environment are not used.

`WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=true` lifts the check (and allows plain http) for development
and tests with a receiver on the same machine.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.utils.translation import gettext as _

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(Exception):
    """The URL is not one Upward will send to; the message says why, in plain words."""


@dataclass(frozen=True)
class PostResult:
    status_code: int
    text: str


def private_allowed() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False))


def _is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    # is_global excludes private, loopback, link-local (169.254/16, fe80::/10), shared
    # (100.64/10), reserved and unspecified ranges; multicast is not a web server either.
    return address.is_global and not address.is_multicast


def check_url(url: str) -> tuple[str, int]:
    """The host and port of an acceptable URL, or AddressRefused saying what is wrong."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        problem = _("That is not a valid URL (%(problem)s).") % {"problem": exc}
        raise AddressRefused(problem) from exc
    scheme = parts.scheme.lower()
    allowed = {"https", "http"} if private_allowed() else {"https"}
    if scheme not in allowed:
        raise AddressRefused(_("Use an https:// URL: deliveries carry people's names."))
    if not parts.hostname:
        raise AddressRefused(_("The URL needs a host name."))
    if parts.username or parts.password:
        raise AddressRefused(_("Leave user names and passwords out of the URL; use the secret."))
    return parts.hostname, port or (443 if scheme == "https" else 80)


def resolve_checked(host: str, port: int) -> list[IPAddress]:
    """Every address `host` resolves to, refused if any of them is not public."""
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses: list[IPAddress] = [literal]
    else:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise AddressRefused(_("The host %(host)s cannot be found.") % {"host": host}) from exc
        addresses = []
        for info in infos:
            address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
            if address not in addresses:
                addresses.append(address)
        if not addresses:
            raise AddressRefused(_("The host %(host)s cannot be found.") % {"host": host})
    if not private_allowed():
        blocked = [a for a in addresses if not _is_public(a)]
        if blocked:
            # One private answer among public ones is refused too: the client could pick it.
            raise AddressRefused(
                _(
                    "%(host)s resolves to a private, loopback or link-local address "
                    "(%(address)s); webhooks only go to public addresses."
                )
                % {"host": host, "address": blocked[0]}
            )
    return addresses


def post(url: str, *, body: bytes, headers: dict[str, str], timeout: float) -> PostResult:
    """POST `body` to `url`, connecting only to an address that passed the check.

    Raises AddressRefused (never retried into a success: the address is wrong) or
    httpx.HTTPError (network trouble: the caller retries later).
    """
    host, port = check_url(url)
    address = resolve_checked(host, port)[0]
    target = httpx.URL(url)
    pinned = target.copy_with(host=str(address))
    request_headers = {**headers, "Host": target.netloc.decode("ascii")}
    extensions = {"sni_hostname": host} if target.scheme == "https" else {}
    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
        response = client.post(pinned, content=body, headers=request_headers, extensions=extensions)
    return PostResult(status_code=response.status_code, text=response.text[:500])
