"""Running the bot as a service: start-up refusals, the SQLite single-server lock, probes and graceful shutdown."""
