"""Container health checks of the Salesbot image (Docker's HEALTHCHECK and compose).

    python healthcheck.py http://127.0.0.1:8000/health   the app answers
    python healthcheck.py worker                          a job worker reported recently

Python rather than curl: the slim image has no curl, and the worker has no HTTP port, so
its check reads the heartbeat the worker writes to PostgreSQL (the same one /ready reads).
Exit 0 means healthy; anything else is printed to stderr, which `docker inspect` shows.
"""

from __future__ import annotations

import os
import re
import sys
import urllib.request

# A heartbeat older than this means the worker is stuck or gone (WORKER_STALLED_AFTER_SECONDS
# presumes it dead at 60 s by default).
WORKER_SEEN_WITHIN_SECONDS = 60
TIMEOUT_SECONDS = 4


def check_http(url: str) -> None:
    with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (a fixed local URL)
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")


def check_worker() -> None:
    import psycopg

    url = os.environ.get("DATABASE_URL")
    if not url:
        raise RuntimeError("DATABASE_URL is not set")
    url = re.sub(r"^postgres(ql)?\+\w+://", "postgresql://", url)
    with psycopg.connect(url, connect_timeout=TIMEOUT_SECONDS) as conn:
        row = conn.execute(
            "SELECT extract(epoch FROM now() - max(last_heartbeat)) FROM procrastinate_workers"
        ).fetchone()
    age = row[0] if row else None
    if age is None:
        raise RuntimeError("no worker has reported yet")
    if age > WORKER_SEEN_WITHIN_SECONDS:
        raise RuntimeError(f"last worker heartbeat {int(age)} s ago")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        if argv[1] == "worker":
            check_worker()
        else:
            check_http(argv[1])
    except Exception as exc:
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
