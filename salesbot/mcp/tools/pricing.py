"""compute_quote and list_products: the price list in force, as `salesbot quote` uses it."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.types import ToolAnnotations
from pydantic import Field

from salesbot.mcp.context import ToolContext
from salesbot.pricing.domain import (
    MAX_DEADLINE_DAYS,
    MAX_INTEGRATIONS,
    MAX_USERS,
    Brief,
    Hosting,
    Sla,
)


def register_tools(server: MCPServer, context: ToolContext) -> None:
    @server.tool(
        name="list_products",
        title="List the products",
        annotations=ToolAnnotations(read_only_hint=True, open_world_hint=False),
    )
    async def list_products(ctx: Context) -> dict[str, Any]:
        """The products the company sells, from the price list in force: each product's
        code (pass it to compute_quote), name and description."""
        async with context.call(ctx, "list_products") as call:
            price_list = await context.pricing.current(call.session)
        return {
            "price_list_version": price_list.version,
            "products": [
                {"code": p.code, "name": p.name, "description": p.description}
                for p in price_list.products
            ],
        }

    @server.tool(
        name="compute_quote",
        title="Compute a price quote",
        annotations=ToolAnnotations(
            read_only_hint=False, destructive_hint=False, open_world_hint=False
        ),
    )
    async def compute_quote(
        product: Annotated[
            str,
            Field(min_length=1, description="Product code from list_products, e.g. ai-manager."),
        ],
        users: Annotated[
            int, Field(ge=1, le=MAX_USERS, description="Number of people who will use it.")
        ],
        integrations: Annotated[
            int,
            Field(
                ge=0,
                le=MAX_INTEGRATIONS,
                description="Number of systems to integrate with (CRM, telephony, 1C …).",
            ),
        ],
        hosting: Annotated[
            Hosting, Field(description="cloud, hybrid or onprem (the customer's own servers).")
        ],
        sla: Annotated[
            Sla, Field(description="Availability the customer needs: standard, 99.5 or 99.9.")
        ],
        ctx: Context,
        deadline_days: Annotated[
            int | None,
            Field(
                ge=0,
                le=MAX_DEADLINE_DAYS,
                description="Days from today to the wanted launch; omit for the standard "
                "timeline (a launch within two weeks costs more).",
            ),
        ] = None,
    ) -> dict[str, Any]:
        """Price the three packages (Старт, Оптимум, Enterprise) for a customer's brief with
        the price list in force, exactly as the sales assistant does. Returns each
        package's base price, coefficients and total (whole roubles, as strings), whether
        it is available for this brief, the recommended package with the reason, and the
        date the quote is valid until. The quote is stored; its `id` identifies it."""
        brief = Brief(product, users, integrations, hosting, sla, deadline_days)
        async with context.call(ctx, "compute_quote") as call:
            record = await context.pricing.quote(call.session, brief)
        return {"id": str(record.id), **record.result}
