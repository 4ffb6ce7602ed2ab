"""search_knowledge: the company's knowledge base, as the sales assistant searches it."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.types import ToolAnnotations
from pydantic import Field

from salesbot.mcp.context import ToolContext

MAX_HITS = 20


def register_tools(server: MCPServer, context: ToolContext) -> None:
    @server.tool(
        name="search_knowledge",
        title="Search the company knowledge base",
        annotations=ToolAnnotations(read_only_hint=True, open_world_hint=False),
    )
    async def search_knowledge(
        query: Annotated[
            str,
            Field(
                min_length=1,
                max_length=1000,
                description="What to look for, in plain words (Russian or English), e.g. "
                "'оплата картой' or 'amoCRM integration'.",
            ),
        ],
        ctx: Context,
        limit: Annotated[
            int, Field(ge=1, le=MAX_HITS, description="How many passages to return.")
        ] = 5,
    ) -> dict[str, Any]:
        """Search the company's own knowledge base (products, prices, integrations,
        security, terms) the sales assistant answers customers from. Returns the best
        passages, each with its text, the source document's title, the section it comes
        from and a relevance score (higher is better). Quote the source when you use a
        passage."""
        async with context.call(ctx, "search_knowledge") as call:
            hits = await context.knowledge.search(
                call.session, context.settings.kb_collection, query, k=limit
            )
        return {
            "hits": [
                {
                    "text": hit.text,
                    "source_title": hit.document_title,
                    "citation": hit.citation,
                    "document": hit.document_key,
                    "category": hit.category,
                    "score": round(hit.score, 4),
                }
                for hit in hits
            ]
        }
