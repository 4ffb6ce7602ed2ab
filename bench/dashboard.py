"""Dashboard speed (`make bench`): first load and page switches in Debian's Chromium against
`salesbot serve` with the demo data `make run` seeds (demo conversations, the sample
knowledge base, the demo admin).

Targets (issue 7): first load ≤ 1.5 s, page switch ≤ 300 ms.

- First load: a new browser context (empty HTTP cache) that is already logged in opens
  /app/inbox/; the time runs from the navigation's start to the moment the conversation list
  shows its rows (data loaded and painted, not just the frame).
- Page switch: a click on a section in the navigation until that section shows its data
  (table rows, charts, forms). The first visit of a section in a session (its code and
  data fetched) is reported apart from later visits (served from the query cache while it
  revalidates).

Writes bench/results/dashboard.json.

    python bench/dashboard.py [--runs 10] [--conversations 300]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import bench_database, summary  # noqa: E402
from playwright.async_api import Page, async_playwright  # noqa: E402

from tests.e2e.conftest import ADMIN, CHROMIUM_ARGS, server_environment  # noqa: E402
from tests.web.conftest import bound_socket  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "dashboard.json"
SALESBOT = [sys.executable, "-m", "salesbot.cli"]
# What each section shows once its data is on screen.
READY = {
    "inbox": '[data-testid="inbox-row"]',
    "leads": '[data-testid="lead-row"]',
    "analytics": '[data-testid="chart-funnel"] svg',
    "knowledge": '[data-testid="kb-document-row"]',
    "pricing": '[data-testid="pricing-coef-input"]',
    "templates": '[data-testid="template-editor"]',
    "settings": '[data-testid="requisites-form"]',
}
CLICK_AND_WAIT = """
async ([link, ready]) => {
  const start = performance.now();
  document.querySelector(link).click();
  while (!document.querySelector(ready)) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  await new Promise((resolve) => requestAnimationFrame(resolve));
  return performance.now() - start;
}
"""


def prepare(env: dict[str, str], conversations: int) -> None:
    """What `make run` does before serving."""
    for args in (
        ["migrate"],
        ["seed", "--demo-conversations", str(conversations)],
        ["kb", "ingest", str(ROOT / "knowledge_base")],
    ):
        subprocess.run([*SALESBOT, *args], env=env, check=True, stdout=subprocess.DEVNULL)


@contextmanager
def serving(env: dict[str, str], port: int) -> Iterator[None]:
    """`salesbot serve` in its own process until the block ends."""
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [*SALESBOT, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield
        finally:
            server.terminate()
            server.wait(timeout=30)


async def first_load(page: Page) -> float:
    await page.goto("/app/inbox/")
    await page.wait_for_selector(READY["inbox"])
    elapsed: float = await page.evaluate(
        "new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())))"
    )
    return elapsed


async def main(runs: int, conversations: int) -> dict[str, Any]:
    _, settings = bench_database("bench_dashboard")
    sock, url = bound_socket()
    port = sock.getsockname()[1]
    sock.close()
    env = server_environment(settings, url)
    prepare(env, conversations)
    loads: list[float] = []
    first_visits: dict[str, list[float]] = {name: [] for name in READY if name != "inbox"}
    later_visits: dict[str, list[float]] = {name: [] for name in READY}
    with serving(env, port):
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            login = await browser.new_context(base_url=url)
            page = await login.new_page()
            for _ in range(600):
                try:
                    await page.goto("/app/login/")
                    break
                except Exception:  # the server is still warming up
                    await asyncio.sleep(0.2)
            await page.get_by_label("Эл. почта").fill(ADMIN[0])
            await page.get_by_label("Пароль").fill(ADMIN[1])
            await page.get_by_role("button", name="Войти").click()
            await page.wait_for_selector(READY["inbox"])
            state = await login.storage_state()
            await login.close()
            for run in range(runs + 1):  # the first run warms the server, not counted
                context = await browser.new_context(
                    base_url=url, storage_state=state, viewport={"width": 1366, "height": 850}
                )
                page = await context.new_page()
                elapsed = await first_load(page)
                if run:
                    loads.append(elapsed)
                for visit in range(2):
                    for name in [*first_visits, "inbox"]:
                        link = f'[data-testid="nav-{name}"]'
                        took = await page.evaluate(CLICK_AND_WAIT, [link, READY[name]])
                        if run and visit == 0 and name in first_visits:
                            first_visits[name].append(took)
                        elif run and visit == 1:
                            later_visits[name].append(took)
                await context.close()
            await browser.close()
    every_first = [value for values in first_visits.values() for value in values]
    every_later = [value for values in later_visits.values() for value in values]
    result = {
        "conversations": conversations,
        "first_load": {**summary(loads), "target_ms": 1500},
        "page_switch_first_visit": {**summary(every_first), "target_ms": 300},
        "page_switch_later_visit": {**summary(every_later), "target_ms": 300},
        "first_visit_by_page": {name: summary(values) for name, values in first_visits.items()},
        "later_visit_by_page": {name: summary(values) for name, values in later_visits.items()},
        "cores": os.cpu_count(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--conversations", type=int, default=300)
    arguments = parser.parse_args()
    print(json.dumps(asyncio.run(main(arguments.runs, arguments.conversations)), indent=2))
