"""Integrations sit below the domain: no import chain leads from them upwards, and the
settings do not lean on security (which leans on them)."""

from __future__ import annotations

from typing import Any

import pytest

grimp = pytest.importorskip("grimp")  # installed with import-linter

ABOVE = (
    "api", "app", "cli", "channels", "dialog", "conversations", "knowledge", "leads", "pricing",
    "documents", "analytics", "health",
)  # fmt: skip


@pytest.fixture(scope="module")
def graph() -> Any:
    return grimp.build_graph("salesbot")


def test_integrations_import_nothing_above_them(graph: Any) -> None:
    found = []
    for module in sorted(graph.find_descendants("salesbot.integrations")):
        for name in ABOVE:
            target = f"salesbot.{name}"
            if target not in graph.modules:
                continue
            chains = graph.find_shortest_chains(module, target, as_packages=True)
            found.extend(chains)
    assert not found


def test_settings_do_not_import_security(graph: Any) -> None:
    chains = graph.find_shortest_chains("salesbot.settings", "salesbot.security", as_packages=True)
    assert not chains
