"""A local HTTP server that answers as api.statbank.dk does, from the files in recordings/ (see its README).

The real client talks to it over HTTP; the server keeps every request so a test can check their shape."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

RECORDINGS = Path(__file__).resolve().parent / "recordings"


class Recorded(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[dict] = []
        self.fail_data_with: int | None = None  # answer /data with this status (a failing StatBank)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class Handler(BaseHTTPRequestHandler):
    server: Recorded

    def log_message(self, *args):  # quiet
        pass

    def _answer(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, code: str, message: str) -> None:
        body = json.dumps({"errorTypeCode": code, "message": message}, ensure_ascii=False).encode()
        self._answer(status, body, "application/json; charset=utf-8")

    def do_GET(self):  # noqa: N802
        parts = urlsplit(self.path)
        self.server.requests.append({"method": "GET", "path": parts.path, "query": parse_qs(parts.query)})
        table = parts.path.removeprefix("/v1/tableinfo/")
        file = RECORDINGS / f"{table.lower()}.tableinfo.json"
        if not parts.path.startswith("/v1/tableinfo/") or not file.exists():
            return self._error(400, "TABLE-NOT-FOUND", f'Tabellen "{table}" blev ikke fundet')
        self._answer(200, file.read_bytes(), "application/json; charset=utf-8")

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        self.server.requests.append({"method": "POST", "path": self.path, "body": body})
        if self.server.fail_data_with:
            return self._error(self.server.fail_data_with, "EXTRACT-FAILED", "Der opstod en fejl")
        file = RECORDINGS / f"{str(body.get('table', '')).lower()}.data.csv"
        if self.path != "/v1/data" or not file.exists():
            return self._error(400, "TABLE-NOT-FOUND", "Tabellen blev ikke fundet")
        self._answer(200, file.read_bytes(), "text/csv; charset=UTF-8")


def start() -> Recorded:
    server = Recorded()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
