"""The caller's address behind reverse proxies, for rate limits and caps."""

from __future__ import annotations

import ipaddress
from collections.abc import Collection


def resolve_client_ip(peer: str, forwarded_for: str, trusted: Collection[str]) -> str:
    """X-Forwarded-For is believed only from TRUSTED_PROXIES: the nearest untrusted hop wins."""
    if peer not in trusted:
        return peer
    hops = [p.strip() for p in forwarded_for.split(",") if p.strip()]
    for hop in reversed(hops):
        if hop not in trusted and _is_ip(hop):
            return hop
    return peer


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
