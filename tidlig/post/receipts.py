"""Delivery receipts from Digital Post (issue 14 §4): how Tidlig learns that a letter reached the mailbox, or not.

KombiPostAfsend (SF1601) answers the sending call synchronously only with "accepted" (HTTP 200); what became of
the message comes later and asynchronously, as a `PKO_PostStatus` message that KOMBIT's Beskedfordeler
(SF1461) hands to the sender: `MessageUUID` (the MeMo message's), `TransaktionsStatusKode` ("Modtaget Digital
Post": Digital Post took it; "Afleveret Digital Post": it is in the recipient's mailbox; "Fejlet": it was not
delivered), `TransaktionsDatoTid` and, on failure, `FejlDetaljer` (`FejlKode`, `FejlTekst`). Beskedfordeler
wraps it in a Hændelsesbesked whose `Beskeddata/Base64` holds the status message. The sender fetches them from
its Beskedfordeler queue over AMQP 1.0 (service entity `http://entityid.kombit.dk/service/bfo_modtag/2`) or has
them pushed; see docs/deploy.md, "Digital Post", for the sources this was read from.

A source yields (name, bytes) pairs and is told which it may forget (`done`):
- `FileReceipts`: the files in a directory (the demo and the tests: the file transport writes one receipt per
  message it sends, and recorded receipts are dropped there); handled files move to `handled/`, unreadable
  ones to `rejected/`.
- `BeskedfordelerReceipts`: the Beskedfordeler queue over AMQP 1.0 with the OCES3 certificate (needs the
  optional `python-qpid-proton`, not a dependency: it builds from source).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from xml.etree import ElementTree as ET

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DELIVERED = "delivered"
FAILED = "failed"
ACCEPTED = "accepted"  # Digital Post has the message; nothing changes for the letter

# TransaktionsStatusKode (lower-cased) → what it means for the letter. Unknown codes change nothing.
CODES = {
    "afleveret digital post": DELIVERED,
    "modtaget digital post": ACCEPTED,
    "fejlet": FAILED,
}


class ReceiptError(ValueError):
    """Not a status message Tidlig can read."""


@dataclass(frozen=True)
class Receipt:
    message_uuid: str
    outcome: str  # DELIVERED, FAILED, ACCEPTED or "" (a code Tidlig does not act on)
    code: str  # TransaktionsStatusKode as sent
    at: dt.datetime  # aware
    error: str = ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(root: ET.Element, name: str) -> ET.Element | None:
    return next((el for el in root.iter() if _local(el.tag) == name), None)


def _text(root: ET.Element, name: str) -> str:
    el = _find(root, name)
    return (el.text or "").strip() if el is not None else ""


def _xml(data: bytes) -> ET.Element:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # no entity expansion from outside
        raise ReceiptError("DOCTYPE not allowed")
    try:
        return ET.fromstring(data)  # noqa: S314 — DOCTYPE refused above, so no entities to expand
    except ET.ParseError as exc:
        raise ReceiptError(f"not XML: {exc}") from exc


def _when(value: str) -> dt.datetime:
    try:
        at = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ReceiptError(f"TransaktionsDatoTid {value!r} is not a time") from exc
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


def parse(data: bytes) -> Receipt:
    """A PKO_PostStatus message, bare or inside Beskedfordeler's Hændelsesbesked (Beskeddata/Base64)."""
    root = _xml(data)
    if _local(root.tag) != "PKO_PostStatus":
        wrapped = _find(root, "Beskeddata")
        b64 = _find(wrapped, "Base64") if wrapped is not None else None
        if b64 is None or not (b64.text or "").strip():
            raise ReceiptError("neither PKO_PostStatus nor a Haendelsesbesked carrying one")
        try:
            root = _xml(base64.b64decode((b64.text or "").strip(), validate=True))
        except (binascii.Error, ValueError) as exc:
            if isinstance(exc, ReceiptError):
                raise
            raise ReceiptError("Beskeddata is not base64") from exc
        if _local(root.tag) != "PKO_PostStatus":
            raise ReceiptError("the Haendelsesbesked carries no PKO_PostStatus")
    uuid, code = _text(root, "MessageUUID"), _text(root, "TransaktionsStatusKode")
    if not uuid or not code:
        raise ReceiptError("MessageUUID or TransaktionsStatusKode missing")
    details = _find(root, "FejlDetaljer")
    error = ""
    if details is not None and (_text(details, "FejlKode") or _text(details, "FejlTekst")):
        error = f"{_text(details, 'FejlKode')} {_text(details, 'FejlTekst')}".strip()
    outcome = FAILED if error else CODES.get(code.lower(), "")
    return Receipt(uuid, outcome, code, _when(_text(root, "TransaktionsDatoTid")), error[:300])


NS = "http://serviceplatformen.dk/xml/print/PKO_PostStatus/1/types"


def post_status_xml(
    *, message_uuid: str, code: str, at: dt.datetime, error: tuple[str, str] | None = None
) -> bytes:
    """A PKO_PostStatus in a Hændelsesbesked, as Beskedfordeler hands it over (the file transport's receipts)."""
    status = ET.Element(f"{{{NS}}}PKO_PostStatus")
    for name, value in (
        ("MessageUUID", message_uuid),
        ("KanalKode", "Digital Post"),
        ("TransaktionsDatoTid", at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")),
        ("TransaktionsStatusKode", code),
    ):
        ET.SubElement(status, f"{{{NS}}}{name}").text = value
    if error:
        details = ET.SubElement(status, f"{{{NS}}}FejlDetaljer")
        ET.SubElement(details, f"{{{NS}}}FejlKode").text = error[0]
        ET.SubElement(details, f"{{{NS}}}FejlTekst").text = error[1]
    envelope = ET.Element("{urn:oio:besked:kuvert:1.0}Haendelsesbesked")
    data = ET.SubElement(envelope, "{urn:oio:besked:kuvert:1.0}Beskeddata")
    ET.SubElement(data, "{urn:oio:besked:kuvert:1.0}Base64").text = base64.b64encode(
        ET.tostring(status, encoding="utf-8", xml_declaration=True)
    ).decode("ascii")
    return ET.tostring(envelope, encoding="utf-8", xml_declaration=True)


class ReceiptSource(Protocol):
    name: str

    def messages(self) -> Iterator[tuple[str, bytes]]:
        """The waiting status messages, as (name, bytes)."""

    def done(self, name: str, *, ok: bool) -> None:
        """The message was handled (ok) or could not be read (not ok): it is not handed over again."""


class FileReceipts:
    name = "file"

    def __init__(self, directory: str | os.PathLike) -> None:
        self.directory = Path(directory)

    def messages(self) -> Iterator[tuple[str, bytes]]:
        if not self.directory.is_dir():
            return
        for path in sorted(self.directory.glob("*.xml")):
            yield path.name, path.read_bytes()

    def done(self, name: str, *, ok: bool) -> None:
        target = self.directory / ("handled" if ok else "rejected")
        target.mkdir(exist_ok=True)
        (self.directory / name).replace(target / name)


class BeskedfordelerReceipts:
    """The sender's Beskedfordeler queue over AMQP 1.0, mutual TLS with the OCES3 certificate (SASL EXTERNAL),
    as python-serviceplatformen's message_broker.py connects. Each message is settled after it is handled."""

    name = "beskedfordeler"
    HOSTS = {
        "test": "beskedfordeler.eksterntest-stoettesystemerne.dk:5671",
        "prod": "beskedfordeler.stoettesystemerne.dk:5671",
    }

    def __init__(self, *, queue: str, cert_path: str, key_path: str, ca_path: str, environment: str = "test"):
        try:
            from proton import SSLDomain  # noqa: PLC0415 — optional: only a production poller needs it
            from proton.utils import BlockingConnection  # noqa: PLC0415
        except ImportError as exc:
            raise ImproperlyConfigured(
                "POST_RECEIPTS=beskedfordeler needs python-qpid-proton (pip install python-qpid-proton)"
            ) from exc
        domain = SSLDomain(SSLDomain.MODE_CLIENT)
        domain.set_credentials(cert_path, key_path, None)
        domain.set_trusted_ca_db(ca_path)
        domain.set_peer_authentication(SSLDomain.VERIFY_PEER)
        self._connection = BlockingConnection(
            f"amqps://{self.HOSTS[environment]}",
            ssl_domain=domain,
            sasl_enabled=True,
            allowed_mechs="EXTERNAL",
        )
        self._receiver = self._connection.create_receiver(queue)

    def messages(self) -> Iterator[tuple[str, bytes]]:
        from proton import Timeout  # noqa: PLC0415

        try:
            while True:
                try:
                    message = self._receiver.receive(timeout=5)
                except Timeout:
                    return
                body = message.body if isinstance(message.body, bytes) else str(message.body).encode("utf-8")
                yield str(message.id), body  # handled (`done`) before the next one is received
        finally:
            self._connection.close()

    def done(self, name: str, *, ok: bool) -> None:
        if ok:
            self._receiver.accept()  # settles the last message received
        else:
            self._receiver.reject()


def receipts_dir() -> Path:
    return Path(settings.POST_FILE_DIR) / "kvitteringer"


def get_source() -> ReceiptSource:
    kind = settings.POST_RECEIPTS
    if kind == "file":
        return FileReceipts(receipts_dir())
    if kind == "beskedfordeler":
        conf = settings.POST_DIGITALPOST
        return BeskedfordelerReceipts(
            queue=conf["RECEIPT_QUEUE"],
            cert_path=conf["CERT_PATH"],
            key_path=conf["KEY_PATH"],
            ca_path=conf["BESKEDFORDELER_CA_PATH"],
            environment=conf.get("ENVIRONMENT", "test"),
        )
    raise ValueError(f"Unknown POST_RECEIPTS {kind!r}: use 'file' or 'beskedfordeler'")
