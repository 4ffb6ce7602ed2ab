"""Tool groups of the MCP server, one module each; each exposes
`register_tools(server, context)` and is listed in salesbot.mcp.server.TOOL_GROUPS."""
