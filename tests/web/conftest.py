"""Fixtures of the console tests: the app over a real store (SQLite and PostgreSQL), and
the people of :mod:`tests.web.people`, each signed in through the real sign-in page."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from console.web.app import create_app
from scheduler.settings import Settings
from tests.web.people import World, make_world, sign_in

#: for what only the face does (a form's words, a header, a cookie): the store's SQL is the
#: same as in tests that run on both stores, so one store is enough
sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def console_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"session_secret": "test-session-secret-" + "x" * 20})


@pytest.fixture
def world(console_settings: Settings) -> World:
    return make_world(console_settings)


@pytest.fixture
def app(world: World) -> FastAPI:
    return create_app(world.settings)


@pytest.fixture
def client_for(app: FastAPI) -> Iterator[Callable[[str], TestClient]]:
    """A browser session per person, signed in on first use."""
    clients: dict[str, TestClient] = {}

    def get(name: str) -> TestClient:
        if name not in clients:
            clients[name] = sign_in(TestClient(app), name)
        return clients[name]

    yield get
    for client in clients.values():
        client.close()
