"""The console's pages, one module per part of the work."""

from __future__ import annotations

from fastapi import FastAPI


def register_pages(app: FastAPI) -> None:
    from console.web.pages import accounts, auth, posts, records, review, submissions

    for module in (auth, posts, review, submissions, accounts, records):
        app.include_router(module.router)
