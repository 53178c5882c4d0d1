"""Run the test identity provider: `python tests/oidc_provider/serve.py STATE_DIR`.

STATE_DIR holds personas.json (written by the caller); this makes an RSA signing key, migrates a
fresh SQLite database there, seeds the personas and the client "tidlig", serves on a free port of
127.0.0.1 and prints `READY <port>` on stdout once it accepts connections.
"""

import os
import sys
import time
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "tidlig"
CLIENT_SECRET = "tidlig-test-client-secret"
# The family's own pages (/borger/, issue 14) are a separate client of the same provider (the MitID broker).
CITIZEN_CLIENT_ID = "tidlig-borger"
CITIZEN_CLIENT_SECRET = "tidlig-borger-test-client-secret"
CITIZEN_REDIRECT_URIS = (
    "http://testserver/borger/login/callback/ http://127.0.0.1/borger/login/callback/ "
    "http://localhost/borger/login/callback/"
)
# Loopback redirect URIs match any port (RFC 8252, section 7.3), so one entry serves every live server.
REDIRECT_URIS = (
    "http://testserver/oidc/callback/ http://127.0.0.1/oidc/callback/ http://localhost/oidc/callback/"
)


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def make_key(path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )


def seed() -> None:
    from django.conf import settings
    from django.contrib.auth.models import User
    from oauth2_provider.models import Application

    for username, persona in settings.PERSONAS.items():
        User.objects.create_user(
            username=username,
            password=persona["password"],
            email=persona.get("email", ""),
            first_name=persona.get("first_name", ""),
            last_name=persona.get("last_name", ""),
        )
    Application.objects.create(
        name="Tidlig",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=REDIRECT_URIS,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    Application.objects.create(
        name="Tidlig – familiens side",
        client_id=CITIZEN_CLIENT_ID,
        client_secret=CITIZEN_CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=CITIZEN_REDIRECT_URIS,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )


def main() -> None:
    started = time.monotonic()
    state = Path(sys.argv[1])
    make_key(state / "rsa.pem")
    sys.path.insert(0, str(ROOT))
    os.environ["OIDC_PROVIDER_STATE"] = str(state)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)
    seed()

    from django.core.wsgi import get_wsgi_application

    server = make_server(
        "127.0.0.1", 0, get_wsgi_application(), server_class=ThreadingWSGIServer, handler_class=QuietHandler
    )
    print(f"READY {server.server_port}", flush=True)
    print(f"started in {time.monotonic() - started:.2f} s", file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
