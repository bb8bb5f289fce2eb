"""Email: the message Chaser sends, and the transports that carry it (SMTP, Microsoft Graph)."""
