"""MeMo 1.2 messages (Digitaliseringsstyrelsen's message format for Digital Post), written and read back.

The element names and their order follow the MeMo XSD as `python-serviceplatformen` (ITK, Aarhus) builds them
(models/message.py: Message → MessageHeader → Sender/Recipient/ContentData, MessageBody → MainDocument →
File). That library pins Python < 3.13 and Tidlig runs on 3.12–3.13, so the few elements a letter needs are
written here with the standard library; the file outbox and the Digital Post client use this one writer.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

NS = "https://DigitalPost.dk/MeMo-1"
VERSION = "1.2"
ET.register_namespace("memo", NS)


@dataclass(frozen=True)
class Document:
    filename: str
    mime: str
    content: bytes
    language: str = "da"


@dataclass(frozen=True)
class Memo:
    message_uuid: str
    label: str
    sender_id: str  # the municipality's CVR number
    sender_label: str
    recipient_id: str  # a CPR number (a citizen) or a CVR number (a company or public authority)
    recipient_name: str
    created: dt.datetime  # aware; written in UTC
    files: list[Document] = field(default_factory=list)
    legal_notification: bool = False  # True: a decision (afgørelse), which a complaint period runs from
    recipient_id_type: str = "CPR"  # MeMo's idType: "CPR" or "CVR"


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _sub(parent: ET.Element, name: str, text: str | None = None) -> ET.Element:
    el = ET.SubElement(parent, _q(name))
    if text is not None:
        el.text = text
    return el


def element(memo: Memo) -> ET.Element:
    root = ET.Element(_q("Message"), {"memoVersion": VERSION})
    head = _sub(root, "MessageHeader")
    _sub(head, "messageType", "DIGITALPOST")
    _sub(head, "messageUUID", memo.message_uuid)
    _sub(head, "label", memo.label)
    _sub(head, "mandatory", "false")
    _sub(head, "legalNotification", "true" if memo.legal_notification else "false")
    sender = _sub(head, "Sender")
    _sub(sender, "senderID", memo.sender_id)
    _sub(sender, "idType", "CVR")
    _sub(sender, "label", memo.sender_label)
    recipient = _sub(head, "Recipient")
    _sub(recipient, "recipientID", memo.recipient_id)
    _sub(recipient, "idType", memo.recipient_id_type)
    _sub(recipient, "label", memo.recipient_name)
    if memo.recipient_id_type == "CVR":
        cvr = _sub(_sub(head, "ContentData"), "CVRdata")
        _sub(cvr, "cvrNumber", memo.recipient_id)
        _sub(cvr, "companyName", memo.recipient_name)
    else:
        cpr = _sub(_sub(head, "ContentData"), "CPRdata")
        _sub(cpr, "cprNumber", memo.recipient_id)
        _sub(cpr, "name", memo.recipient_name)
    body = _sub(root, "MessageBody")
    _sub(body, "createdDateTime", memo.created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    main = _sub(body, "MainDocument")
    _sub(main, "label", memo.label)
    for doc in memo.files:
        f = _sub(main, "File")
        _sub(f, "encodingFormat", doc.mime)
        _sub(f, "filename", doc.filename)
        _sub(f, "language", doc.language)
        _sub(f, "content", base64.b64encode(doc.content).decode("ascii"))
    return root


def to_xml(memo: Memo) -> bytes:
    return ET.tostring(element(memo), encoding="utf-8", xml_declaration=True)


def _text(parent: ET.Element, path: str) -> str:
    el = parent.find(_path(path))
    return (el.text or "") if el is not None else ""


def _path(path: str) -> str:
    return "/".join(_q(p) for p in path.split("/"))


def parse(xml: bytes) -> Memo:
    """Read a MeMo message back (our own files and the tests); unknown elements are ignored."""
    root = ET.fromstring(xml)  # noqa: S314 — our own outbox files, never input from outside
    if root.tag != _q("Message"):
        raise ValueError("not a MeMo message")
    files = [
        Document(
            filename=_text(f, "filename"),
            mime=_text(f, "encodingFormat"),
            language=_text(f, "language"),
            content=base64.b64decode(_text(f, "content")),
        )
        for f in root.iterfind(_path("MessageBody/MainDocument/File"))
    ]
    created = dt.datetime.strptime(_text(root, "MessageBody/createdDateTime"), "%Y-%m-%dT%H:%M:%SZ")
    return Memo(
        message_uuid=_text(root, "MessageHeader/messageUUID"),
        label=_text(root, "MessageHeader/label"),
        sender_id=_text(root, "MessageHeader/Sender/senderID"),
        sender_label=_text(root, "MessageHeader/Sender/label"),
        recipient_id=_text(root, "MessageHeader/Recipient/recipientID"),
        recipient_id_type=_text(root, "MessageHeader/Recipient/idType") or "CPR",
        recipient_name=_text(root, "MessageHeader/Recipient/label"),
        created=created.replace(tzinfo=dt.UTC),
        files=files,
        legal_notification=_text(root, "MessageHeader/legalNotification") == "true",
    )
