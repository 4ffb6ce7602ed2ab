"""The conversation set (`make bench`): per-slot accuracy and price accuracy of the offline
brain on tests/data/dialogs/, the dev split and the holdout split reported apart. Writes
bench/results/dialog_set.json.

`python bench/dialog_set.py --show plain-001 edge-010` prints those transcripts instead;
`--misread` lists what went wrong in the dev split (the holdout is never looked at).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import bench_database, load_sample_knowledge  # noqa: E402

from salesbot.channels.registry import build_registry, use_registry  # noqa: E402
from salesbot.pricing.service import PricingService  # noqa: E402
from tests.dialog import dialog_set  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "dialog_set.json"


async def main(show: list[str], misread: bool) -> None:
    database, settings = bench_database("salesbot_bench_dialog_set")
    await load_sample_knowledge(database, settings)
    use_registry(build_registry(settings))
    engine = await dialog_set.offline_engine(settings)
    async with database.transaction() as session:
        price_list = await PricingService(settings).current(session)
    results = {}
    for split in ("dev", "holdout"):
        dialogs = [d for d in dialog_set.load(split) if not show or d.id in show]
        played = [
            dialog_set.score(await dialog_set.play(engine, database, d), price_list)
            for d in dialogs
        ]
        if show:
            for p in played:
                print(f"=== {p.dialog.id} ({p.dialog.note})")
                for turn, replies in zip([*p.dialog.turns, "Всё верно"], p.replies, strict=False):
                    print(f"> {turn}")
                    for text in replies:
                        print("  " + text.replace("\n", "\n  "))
                print(dialog_set.misread([p]) or "all right")
            continue
        report = dialog_set.report(played)
        print(f"\n{split}: {report.dialogs} customers\n{dialog_set.table(report)}")
        if misread and split == "dev":
            print(dialog_set.misread(played))
        results[split] = asdict(report)
    await database.dispose()
    if not show:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", nargs="*", default=[], help="dialog ids to print")
    parser.add_argument("--misread", action="store_true", help="list the dev dialogs gone wrong")
    args = parser.parse_args()
    asyncio.run(main(args.show, args.misread))
