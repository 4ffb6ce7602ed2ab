from __future__ import annotations

import json
from pathlib import Path

from tests.knowledge.conftest import FAQ, INTEGRATIONS
from tests.test_cli import _env, _salesbot


class TestKbCommands:
    def test_ingest_search_documents_and_eval(
        self, database_url: str, tmp_path: Path, clean_db: None
    ) -> None:
        env = _env(database_url, tmp_path)
        folder = tmp_path / "kb"
        (folder / "faq").mkdir(parents=True)
        (folder / "faq" / "oplata.md").write_bytes(FAQ)
        (folder / "services").mkdir()
        (folder / "services" / "integracii.md").write_bytes(INTEGRATIONS)
        (folder / "services" / "broken.pdf").write_bytes(b"%PDF-1.4 broken")

        first = _salesbot(["kb", "ingest", str(folder)], env)
        assert first.returncode == 1  # one bad file: reported, the rest ingested
        assert "skipped services/broken.pdf" in first.stderr
        assert "2 added" in first.stdout and "1 failed" in first.stdout

        (folder / "services" / "broken.pdf").unlink()
        second = _salesbot(["kb", "ingest", str(folder)], env)
        assert second.returncode == 0, second.stderr
        assert "2 unchanged" in second.stdout

        found = _salesbot(["kb", "search", "интеграция с амо", "--json", "--k", "2"], env)
        hits = json.loads(found.stdout)
        assert hits[0]["document"] == "services/integracii.md"
        assert hits[0]["category"] == "services" and "amoCRM" in hits[0]["text"]

        listed = _salesbot(["kb", "documents"], env)
        assert "faq/oplata.md" in listed.stdout and "services/integracii.md" in listed.stdout

        passages = tmp_path / "p.jsonl"
        queries = tmp_path / "q.jsonl"
        passages.write_text(
            "\n".join(
                json.dumps(p, ensure_ascii=False)
                for p in [
                    {"id": "p1", "title": "Оплата", "text": "Оплатить можно картой или через СБП."},
                    {
                        "id": "p2",
                        "title": "Сроки",
                        "text": "Запуск пакета Старт занимает две недели.",
                    },
                ]
            ),
            encoding="utf-8",
        )
        queries.write_text(
            json.dumps(
                {"id": "q1", "query": "как заплатить картой", "relevant_ids": ["p1"]},
                ensure_ascii=False,
            )
            + "\n"
            + json.dumps(
                {"id": "q2", "query": "сколько длится запуск", "relevant_ids": ["p2"]},
                ensure_ascii=False,
            )
            + "\n",
            encoding="utf-8",
        )
        evaluated = _salesbot(
            ["kb", "eval", "--passages", str(passages), "--queries", str(queries), "--json"], env
        )
        assert evaluated.returncode == 0, evaluated.stderr
        metrics = json.loads(evaluated.stdout)
        assert set(metrics) >= {
            "recall_at_1",
            "recall_at_5",
            "recall_at_10",
            "mrr_at_10",
            "ndcg_at_10",
            "latency_p50_ms",
            "latency_p95_ms",
        }
        assert metrics["recall_at_1"] == 1.0 and metrics["queries"] == 2

    def test_eval_needs_one_source(self, database_url: str, tmp_path: Path) -> None:
        result = _salesbot(["kb", "eval", "--queries", "q.jsonl"], _env(database_url, tmp_path))
        assert result.returncode == 2 and "exactly one" in result.stderr
