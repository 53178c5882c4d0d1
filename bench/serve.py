#!/usr/bin/env python3
"""`tidlig runserver`, with TCP_NODELAY on the server's sockets; used by bench/intake.py.

    python bench/serve.py 127.0.0.1:PORT --noreload

Django's development server (threaded, one thread per connection) writes the response headers and the
body in separate send() calls with Nagle's algorithm on. On a kept-alive connection the body then
waits for the client's delayed ACK, which adds about 40 ms to every response on Linux (measured here:
GET /login/ 48 ms with plain runserver, 1.5 ms with this). Production servers do not pay that, so a
benchmark of Tidlig's own work should not either. Everything else is exactly `tidlig runserver`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tidlig.settings")

from django.core.management import execute_from_command_line  # noqa: E402
from django.core.servers import basehttp  # noqa: E402

basehttp.WSGIRequestHandler.disable_nagle_algorithm = True  # StreamRequestHandler sets TCP_NODELAY

if __name__ == "__main__":
    execute_from_command_line(["tidlig", "runserver", *sys.argv[1:]])
