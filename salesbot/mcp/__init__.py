"""The MCP server: the company's knowledge base and price calculator as tools for a
manager's own AI assistant (Claude Desktop, Cursor, an IDE agent …), over stdio or
streamable HTTP, authorised by the manager's dashboard token. See docs/mcp.md."""
