"""OAuth 2.1 for MCP hosts (the MCP authorization spec): an authorization server inside OTP whose
tokens are ordinary OTP agent tokens (otp.auth.tokens), granted by a signed-in person on a
consent page for an agent they may manage."""
