"""``kohogate web``: the operator console alone (``kohogate up`` also runs it)."""

from __future__ import annotations

import gc

import click

from console.context import ready_settings


def register(root: click.Group) -> None:
    @root.command(help="運用コンソール（Web画面とREST API）を起動 / run the web console")
    @click.option("--host", default=None, help="既定 127.0.0.1 (KOHOGATE_WEB_HOST)")
    @click.option("--port", type=int, default=None, help="既定 8000 (KOHOGATE_WEB_PORT)")
    @click.option("--log-level", default="warning", show_default=True)
    def web(host: str | None, port: int | None, log_level: str) -> None:
        import uvicorn

        from console.web.app import create_app

        settings = ready_settings()
        host, port = host or settings.web_host, port or settings.web_port
        app = create_app(settings)
        # what was loaded to start is kept for good: the collector need not walk it again
        # on every page, which is what made a page's slowest answers several times its
        # usual ones
        gc.collect()
        gc.freeze()
        gc.set_threshold(20_000, 20, 50)
        click.echo(f"コンソール: http://{host}:{port}/  (API: /api/v1/docs)", err=True)
        uvicorn.run(app, host=host, port=port, log_level=log_level,
                    access_log=False, server_header=False)
