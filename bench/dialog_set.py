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
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import bench_database, load_sample_knowledge  # noqa: E402

from salesbot.channels.registry import build_registry, use_registry  # noqa: E402
from salesbot.dialog.engine import DialogEngine  # noqa: E402
from salesbot.dialog.offline import OfflineBrain  # noqa: E402
from salesbot.pricing.service import PricingService  # noqa: E402
from tests.dialog import dialog_set  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "dialog_set.json"


async def main(show: list[str], misread: bool) -> None:
    database, settings = bench_database("salesbot_bench_dialog_set")
    await load_sample_knowledge(database, settings)
    use_registry(build_registry(settings))
    engine = await dialog_set.offline_engine(settings)
    embedded = count_embedded(engine)
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
        results[split]["turns_embedded"] = dict(embedded)
        print(
            f"turns whose message the intent model embedded: {embedded['embedded']} of "
            f"{embedded['turns']}"
        )
        embedded.clear()
    await database.dispose()
    if not show:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))


def count_embedded(engine: DialogEngine) -> Counter[str]:
    """Counts the brain's turns and the messages its intent model embeds to score (each
    embedding costs ~1.6 ms of CPU when not cached)."""
    counts: Counter[str] = Counter()
    brain = engine.brain
    assert isinstance(brain, OfflineBrain)
    scores, take_turn = brain.intents.scores, brain.take_turn

    async def counted_scores(text: str) -> dict[str, float]:
        counts["embedded"] += 1
        return await scores(text)

    async def counted_turn(*args: Any) -> Any:
        counts["turns"] += 1
        return await take_turn(*args)

    brain.intents.scores = counted_scores  # type: ignore[method-assign]
    brain.take_turn = counted_turn  # type: ignore[method-assign]
    return counts


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", nargs="*", default=[], help="dialog ids to print")
    parser.add_argument("--misread", action="store_true", help="list the dev dialogs gone wrong")
    args = parser.parse_args()
    asyncio.run(main(args.show, args.misread))
