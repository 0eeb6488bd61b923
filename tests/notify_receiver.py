"""A real HTTP server on a free local port that takes what apprise's ``json://`` target
posts: each path is one person's (or one role's) inbox. A path can be told to fail its
next requests with a 500, or to hold its requests until the test lets them go."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Receiver:
    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []
        self.failures: dict[str, int] = {}
        self.holds: dict[str, threading.Event] = {}
        self.arrived = threading.Event()
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                payload = json.loads(self.rfile.read(length) or b"{}")
                path = self.path.split("?", 1)[0].strip("/")
                receiver.arrived.set()
                held = receiver.holds.get(path)
                if held is not None:
                    held.wait(60)
                with receiver.lock:
                    failing = receiver.failures.get(path, 0)
                    if failing:
                        receiver.failures[path] = failing - 1
                    else:
                        receiver.messages.append({"to": path, **payload})
                self.send_response(500 if failing else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, inbox: str, **params: str) -> str:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return f"json://127.0.0.1:{self.port}/{inbox}" + (f"?{query}" if query else "")

    def to(self, inbox: str) -> list[dict[str, Any]]:
        with self.lock:
            return [m for m in self.messages if m["to"] == inbox]

    def inboxes(self) -> set[str]:
        with self.lock:
            return {m["to"] for m in self.messages}

    def fail(self, inbox: str, times: int) -> None:
        with self.lock:
            self.failures[inbox] = times

    def hold(self, inbox: str) -> threading.Event:
        """Requests to this inbox wait until the returned event is set."""
        self.holds[inbox] = threading.Event()
        return self.holds[inbox]

    def stop(self) -> None:
        for held in self.holds.values():
            held.set()
        self.server.shutdown()
        self.server.server_close()
