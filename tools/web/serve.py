"""Serve the built page on localhost: a static folder, with WebAssembly's media type (Pyodide streams it)."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path
from typing import Any


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".mjs": "text/javascript", ".js": "text/javascript"}


class QuietHandler(Handler):
    """For tests and benchmarks: no line per request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(folder: Path, port: int) -> None:
    if not (folder / "index.html").is_file():
        raise SystemExit(f"{folder} holds no built page: run `python -m tools.web build` first")
    handler = functools.partial(Handler, directory=str(folder))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"convcalc's page: http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C stops)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
