"""Microsoft Graph: app-only tokens (msal) and one REST client, used by mail, proactive install and lookups."""
