"""The agent's face of OTP: the compiled context, the briefing, the MCP server (streamable HTTP
at /mcp/ and stdio via `otp mcp`) and the inbox over MCP. Thin over the other domains' services."""
