"""How a letter leaves Tidlig: `POST_TRANSPORT = "file"` writes the MeMo message to a directory (the demo and
the tests), `"digitalpost"` sends it to KOMBIT's SF1601 (KombiPostAfsend) on Serviceplatformen.

The Digital Post client is a thin one over `requests`, the same three calls `python-serviceplatformen`
(digital_post.send_message, authentication.KombitAccess) makes: a SAML token from KOMBIT's security token
service for the certificate, an access token for it, then the MeMo message in a `kombi_request`. That library
is not used because it requires Python < 3.13 (Tidlig supports 3.12 and 3.13). Certificates (OCES3, PEM) are
read from the paths in the settings (docs/deploy.md, "Digital Post").
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from xml.etree import ElementTree as ET

import requests
from django.conf import settings

from . import memo
from .receipts import post_status_xml

ENVIRONMENTS = {
    "test": {
        "sts": "https://n2adgangsstyring.eksterntest-stoettesystemerne.dk/runtime/api/rest/wstrust/v1/issue",
        "base": "https://exttest.serviceplatformen.dk/",
    },
    "prod": {
        "sts": "https://n2adgangsstyring.stoettesystemerne.dk/runtime/api/rest/wstrust/v1/issue",
        "base": "https://prod.serviceplatformen.dk/",
    },
}
SERVICE_ENTITY = "http://entityid.kombit.dk/service/kombipostafsend/1"
TIMEOUT = 10


class TransportError(Exception):
    """Sending failed; the outbox tries again later."""


class Transport(Protocol):
    name: str

    def send(self, message: memo.Memo) -> str:
        """Send the message; return the id to trace it by."""


class FileTransport:
    """Writes each message to a directory. With `receipts`, it also writes the delivery receipt Digital Post
    would send later (a PKO_PostStatus "Afleveret Digital Post" in `kvitteringer/`), which the receipt poller
    reads: the demo shows the whole flow without KOMBIT."""

    name = "file"

    def __init__(self, directory: str | os.PathLike, *, receipts: bool = False) -> None:
        self.directory = Path(directory)
        self.receipts = receipts

    def send(self, message: memo.Memo) -> str:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            final = self.directory / f"{message.message_uuid}.xml"
            part = final.with_suffix(".part")
            part.write_bytes(memo.to_xml(message))
            part.replace(final)  # atomic: a reader never sees half a message
            if self.receipts:
                self._write_receipt(message.message_uuid)
        except OSError as exc:
            raise TransportError(str(exc)) from exc
        return message.message_uuid

    def _write_receipt(self, message_uuid: str) -> None:
        folder = self.directory / "kvitteringer"
        folder.mkdir(exist_ok=True)
        part = folder / f"{message_uuid}.part"
        part.write_bytes(
            post_status_xml(
                message_uuid=message_uuid, code="Afleveret Digital Post", at=dt.datetime.now(dt.UTC)
            )
        )
        part.replace(folder / f"{message_uuid}.xml")


@dataclass
class _Token:
    value: str
    expires: dt.datetime


class DigitalPostTransport:
    name = "digitalpost"

    def __init__(
        self,
        *,
        cvr: str,
        cert_path: str,
        key_path: str,
        environment: str = "test",
        session: requests.Session | None = None,
    ) -> None:
        if environment not in ENVIRONMENTS:
            raise ValueError(f"POST_DIGITALPOST environment must be one of {sorted(ENVIRONMENTS)}")
        self.cvr = cvr
        self.cert = (cert_path, key_path)
        self.urls = ENVIRONMENTS[environment]
        self.session = session or requests.Session()
        self._token: _Token | None = None

    def _certificate_line(self) -> str:
        """The first certificate of the PEM file on one line (the STS's UseKey)."""
        lines = Path(self.cert[0]).read_text(encoding="ascii").splitlines()
        start = lines.index("-----BEGIN CERTIFICATE-----")
        end = lines.index("-----END CERTIFICATE-----", start)
        return "".join(lines[start + 1 : end])

    def _access_token(self, now: dt.datetime) -> str:
        if self._token and now < self._token.expires:
            return self._token.value
        saml = self.session.post(
            self.urls["sts"],
            json={
                "TokenType": "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0",
                "RequestType": "http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue",
                "KeyType": "http://docs.oasis-open.org/ws-sx/ws-trust/200512/PublicKey",
                "AnvenderKontekst": {"Cvr": self.cvr},
                "UseKey": self._certificate_line(),
                "AppliesTo": {"EndpointReference": {"Address": SERVICE_ENTITY}},
                "OnBehalfOf": None,
            },
            cert=self.cert,
            timeout=TIMEOUT,
        )
        saml.raise_for_status()
        assertion = saml.json()["RequestedSecurityToken"]["Assertion"]
        token = self.session.post(
            self.urls["base"] + "service/AccessTokenService_1/token",
            data={"saml-token": assertion},
            cert=self.cert,
            timeout=TIMEOUT,
        )
        token.raise_for_status()
        t = token.json()
        self._token = _Token(
            f"{t['token_type']} {t['access_token']}", now + dt.timedelta(seconds=int(t["expires_in"]) - 300)
        )
        return self._token.value

    def send(self, message: memo.Memo) -> str:
        now = dt.datetime.now(dt.UTC)
        transaction_id = str(uuid.uuid4())
        try:
            request = ET.Element("kombi_request")
            ET.SubElement(request, "KombiValgKode").text = "Digital Post"
            request.append(memo.element(message))
            answer = self.session.post(
                self.urls["base"] + "service/KombiPostAfsend_1/memos",
                headers={
                    "X-TransaktionsId": transaction_id,
                    "X-TransaktionsTid": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "authorization": self._access_token(now),
                    "Content-Type": "application/xml",
                },
                data=ET.tostring(request, encoding="utf-8"),
                cert=self.cert,
                timeout=TIMEOUT,
            )
            answer.raise_for_status()
        except (requests.RequestException, KeyError, ValueError, OSError) as exc:
            raise TransportError(_describe(exc)) from exc
        return transaction_id


def _describe(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    if response is not None:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    return f"{type(exc).__name__}: {exc}"[:300]


def get_transport() -> Transport:
    kind = settings.POST_TRANSPORT
    if kind == "file":
        return FileTransport(settings.POST_FILE_DIR, receipts=settings.POST_FILE_RECEIPTS)
    if kind == "digitalpost":
        conf = settings.POST_DIGITALPOST
        return DigitalPostTransport(
            cvr=conf["CVR"],
            cert_path=conf["CERT_PATH"],
            key_path=conf["KEY_PATH"],
            environment=conf.get("ENVIRONMENT", "test"),
        )
    raise ValueError(f"Unknown POST_TRANSPORT {kind!r}: use 'file' or 'digitalpost'")
