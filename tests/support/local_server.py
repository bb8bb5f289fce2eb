"""Serving a stand-in's aiohttp app on 127.0.0.1 at a free port."""

from __future__ import annotations

from aiohttp import web


async def serve_locally(app: web.Application) -> tuple[web.AppRunner, str]:
    """The running app's runner (to clean up) and its base URL, http://127.0.0.1:<port>."""
    # A hanging handler is dropped at shutdown rather than waited for (aiohttp waits 60 s by default).
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"
