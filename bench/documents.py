"""Pricing and document benchmark (`make bench`): quote computation and offer PDF rendering.

Targets (issue 4): quote computation p95 ≤ 2 ms; offer PDF rendering p95 ≤ 1 s on 2 cores.
Writes bench/results/documents.json and prints a Markdown table.
"""

from __future__ import annotations

import io
import json
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import pypdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from salesbot.documents.context import DocumentRequest, DocumentTerms, build_context  # noqa: E402
from salesbot.documents.rendering import html_to_pdf  # noqa: E402
from salesbot.documents.service import REQUISITE_FIELDS  # noqa: E402
from salesbot.documents.templates import environment  # noqa: E402
from salesbot.pricing.defaults import DEFAULT_PRICE_LIST  # noqa: E402
from salesbot.pricing.domain import Brief, Hosting, Sla, compute  # noqa: E402
from salesbot.pricing.price_list import from_snapshot  # noqa: E402
from salesbot.pricing.serialization import quote_to_json  # noqa: E402
from salesbot.settings import Settings  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "documents.json"
TODAY = date(2026, 11, 21)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def random_brief(rng: random.Random) -> Brief:
    return Brief(
        rng.choice(["ai-manager", "ai-lawyer", "ai-analyst"]),
        rng.randint(1, 5000),
        rng.randint(0, 30),
        rng.choice(list(Hosting)),
        rng.choice(list(Sla)),
        rng.choice([None, rng.randint(0, 60)]),
    )


def main() -> None:
    rng = random.Random(3)
    price_list = from_snapshot(1, DEFAULT_PRICE_LIST)
    quote_times = []
    for _ in range(20_000):
        brief = random_brief(rng)
        started = time.perf_counter()
        quote_to_json(compute(price_list, brief, today=TODAY))
        quote_times.append(time.perf_counter() - started)

    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    seller = {key: str(getattr(settings, attr)) for key, attr in REQUISITE_FIELDS.items()}
    env = environment(settings.templates_dir, {})
    client = {"name": "ООО «Мебельный Дом»", "contact_name": "Анна Ковалёва"}
    render_times: dict[str, list[float]] = {"offer": [], "contract": [], "invoice": []}
    pages: dict[str, int] = {}
    for kind in render_times:
        for index in range(25):
            quote = quote_to_json(
                compute(
                    price_list, Brief("ai-manager", 30, 4, Hosting.cloud, Sla.p995), today=TODAY
                )
            )
            context = build_context(
                request=DocumentRequest(kind, client),
                quote=quote,
                quote_number="2026-BENCH",
                number=f"B-{index}",
                today=TODAY,
                seller=seller,
                terms=DocumentTerms("none", 22, 50, 5),
            )
            started = time.perf_counter()
            html = env.get_template(f"{kind}.html.j2").render(**context)
            pdf = html_to_pdf(html, base_url=settings.templates_dir, max_bytes=10 * 1_048_576)
            render_times[kind].append(time.perf_counter() - started)
            pages[kind] = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)

    results = {
        "quote_ms": {
            "p50": round(statistics.median(quote_times) * 1000, 4),
            "p95": round(percentile(quote_times, 0.95) * 1000, 4),
            "n": len(quote_times),
        },
        "pdf_s": {
            kind: {
                "p50": round(statistics.median(t), 3),
                "p95": round(percentile(t, 0.95), 3),
                "pages": pages[kind],
                "n": len(t),
            }
            for kind, t in render_times.items()
        },
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print("| measure | p50 | p95 | target |\n|---|---|---|---|")
    print(
        f"| quote computation, ms | {results['quote_ms']['p50']} | {results['quote_ms']['p95']} | p95 ≤ 2 ms |"
    )
    for kind, values in results["pdf_s"].items():
        target = "p95 ≤ 1 s" if kind == "offer" else ""
        print(
            f"| {kind} PDF ({values['pages']} pages), s | {values['p50']} | {values['p95']} | {target} |"
        )


if __name__ == "__main__":
    main()
