"""`salesbot quote`: price the three packages for a brief from the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from salesbot.pricing.domain import Brief, Hosting, Sla
from salesbot.pricing.serialization import format_multiplier, format_roubles
from salesbot.settings import Settings

console = Console()


def register_quote_command(
    app: typer.Typer, load_settings: Callable[[], Settings], with_session: Any
) -> None:
    @app.command()
    def quote(
        product: Annotated[str, typer.Option(help="ai-manager, ai-lawyer or ai-analyst.")],
        users: Annotated[int, typer.Option(help="Number of users (1–100 000).")],
        integrations: Annotated[int, typer.Option(help="Number of integrations (0–1000).")],
        hosting: Annotated[Hosting, typer.Option(help="cloud, hybrid or onprem.")],
        sla: Annotated[Sla, typer.Option(help="standard, 99.5 or 99.9.")],
        deadline_days: Annotated[
            int | None, typer.Option(help="Days from today to launch.")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the quote as JSON.")] = False,
    ) -> None:
        """Price the three packages for a brief with the price list in force (stored as a quote)."""
        from salesbot.pricing.service import PricingService

        settings = load_settings()
        brief = Brief(product, users, integrations, hosting, sla, deadline_days)
        record = with_session(settings, lambda s: PricingService(settings).quote(s, brief))
        result = {"id": str(record.id), **record.result}
        if as_json:
            print(json.dumps(result, ensure_ascii=False, indent=2))
            return
        table = Table(
            title=f"{result['product']['name']}: расчёт "
            f"(прайс-лист v{result['price_list_version']})"
        )
        table.add_column("")
        for package in result["packages"]:
            mark = " ★" if package["code"] == result["recommended"] else ""
            table.add_column(package["name"] + mark, justify="right")
        table.add_row(
            "Базовая цена", *[format_roubles(p["base_price"]) for p in result["packages"]]
        )
        for index, factor in enumerate(result["packages"][0]["factors"]):
            table.add_row(
                f"{factor['label']} ({factor['input']})",
                *[format_multiplier(p["factors"][index]["multiplier"]) for p in result["packages"]],
            )
        table.add_row(
            "[bold]Итого[/bold]",
            *[
                f"[bold]{format_roubles(p['total'])}[/bold]"
                if p["available"]
                else "[dim]недоступен[/dim]"
                for p in result["packages"]
            ],
        )
        console.print(table)
        console.print(result["recommendation_reason"])
        console.print(f"Действует до {result['valid_until']}.")
