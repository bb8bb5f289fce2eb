"""The domain: actions, owners, deadlines, meetings, audit. No botbuilder, aiohttp or APScheduler here."""
