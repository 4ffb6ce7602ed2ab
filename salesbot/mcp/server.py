"""The Salesbot MCP server: built once per process from the tool groups, served over
stdio (one manager's desktop client) or streamable HTTP (any client with a token)."""

from __future__ import annotations

from mcp.server.mcpserver import MCPServer
from starlette.types import ASGIApp

from salesbot.mcp.auth import BearerAuth
from salesbot.mcp.context import ToolContext, ToolGroup
from salesbot.mcp.tools import crm, knowledge, pricing

# The extension point: every group of tools registers itself here, in this order. A new
# group (the amoCRM tools: contacts, deals, a card, a task) is a module of salesbot/mcp/tools
# with `register_tools(server, context)`, added to this tuple.
TOOL_GROUPS: tuple[ToolGroup, ...] = (
    knowledge.register_tools,
    pricing.register_tools,
    crm.register_tools,
)

INSTRUCTIONS = (
    "Tools of Salesbot, the company's AI sales assistant, for its sales managers: search the "
    "company's knowledge base before answering a question about its products, and compute "
    "price quotes with the price list in force instead of estimating prices. Answers to "
    "customers are in Russian unless they write in another language."
)

MCP_PATH = "/mcp"


def build_server(context: ToolContext) -> MCPServer:
    server: MCPServer = MCPServer(
        "salesbot", title="Salesbot", instructions=INSTRUCTIONS, log_level="WARNING"
    )
    for register in TOOL_GROUPS:
        register(server, context)
    return server


def http_app(context: ToolContext, *, host: str = "127.0.0.1") -> ASGIApp:
    """The streamable HTTP app (endpoint `/mcp`) behind the bearer-token check. Build a new
    one for each run: the SDK's session manager starts only once."""
    server = build_server(context)
    app = server.streamable_http_app(streamable_http_path=MCP_PATH, host=host)
    return BearerAuth(app, settings=context.settings, database=context.database)


async def run_stdio(context: ToolContext) -> None:
    """Serve one client over this process's stdin and stdout until it closes them."""
    await build_server(context).run_stdio_async()
