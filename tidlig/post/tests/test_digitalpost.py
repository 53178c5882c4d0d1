"""The Digital Post client (SF1601 KombiPostAfsend) against recorded answers: never the network."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import requests
from requests.adapters import BaseAdapter

from tidlig.post import memo
from tidlig.post.transports import DigitalPostTransport, TransportError, get_transport

RECORDED = Path(__file__).parent / "recorded"


class Recorded(BaseAdapter):
    """Answers each URL with its recorded answer, in order, and keeps what was asked."""

    def __init__(self, answers: dict[str, list[tuple[int, str]]]):
        super().__init__()
        self.answers = {url: list(queue) for url, queue in answers.items()}
        self.asked: list[requests.PreparedRequest] = []

    def send(self, request, **kwargs):
        self.asked.append(request)
        url = request.url.split("?")[0]
        if url not in self.answers or not self.answers[url]:
            raise requests.ConnectionError(f"not recorded: {url}")
        status, body = self.answers[url].pop(0)
        response = requests.Response()
        response.status_code, response._content, response.url, response.request = (
            status,
            body.encode(),
            url,
            request,
        )
        return response

    def close(self):
        pass


STS = "https://n2adgangsstyring.eksterntest-stoettesystemerne.dk/runtime/api/rest/wstrust/v1/issue"
TOKEN = "https://exttest.serviceplatformen.dk/service/AccessTokenService_1/token"
MEMOS = "https://exttest.serviceplatformen.dk/service/KombiPostAfsend_1/memos"


def _client(memos: list[tuple[int, str]]) -> tuple[DigitalPostTransport, Recorded]:
    adapter = Recorded(
        {
            STS: [(200, (RECORDED / "sts_issue.json").read_text())],
            TOKEN: [(200, (RECORDED / "access_token.json").read_text())],
            MEMOS: memos,
        }
    )
    session = requests.Session()
    session.mount("https://", adapter)
    client = DigitalPostTransport(
        cvr="11111111",
        cert_path=str(RECORDED / "test_certificate.pem"),
        key_path=str(RECORDED / "no-such-key.pem"),
        environment="test",
        session=session,
    )
    return client, adapter


MESSAGE = memo.Memo(
    message_uuid="5f0c6f5e-0000-4000-8000-000000000002",
    label="Afgørelse om praktisk pædagogisk støtte",
    sender_id="11111111",
    sender_label="Testrup",
    recipient_id="0303851234",
    recipient_name="Mette Jensen",
    created=dt.datetime(2026, 11, 18, 9, 0, tzinfo=dt.UTC),
    files=[memo.Document("brev.pdf", "application/pdf", b"%PDF-1.7 synthetic")],
)


def test_a_message_goes_to_kombipostafsend_with_the_access_token():
    client, adapter = _client([(200, ""), (200, "")])
    transaction_id = client.send(MESSAGE)
    sts, token, post = adapter.asked
    asked = json.loads(sts.body)
    assert asked["AnvenderKontekst"] == {"Cvr": "11111111"}
    assert asked["AppliesTo"]["EndpointReference"]["Address"].endswith("kombipostafsend/1")
    assert asked["UseKey"].startswith("MII") and "\n" not in asked["UseKey"]
    assert "saml-token=" in token.body
    assert post.headers["authorization"] == "Holder-of-key c3ludGhldGljLXRva2Vu"
    assert post.headers["X-TransaktionsId"] == transaction_id
    body = ET.fromstring(post.body)
    assert body.tag == "kombi_request" and body.findtext("KombiValgKode") == "Digital Post"
    sent = memo.parse(ET.tostring(body[1]))
    assert (sent.label, sent.recipient_id, sent.files[0].content) == (
        MESSAGE.label,
        "0303851234",
        b"%PDF-1.7 synthetic",
    )
    client.send(MESSAGE)  # the access token is kept until it expires: no second login
    assert [r.url for r in adapter.asked].count(TOKEN) == 1


def test_an_error_answer_is_a_transport_error_to_retry():
    client, _ = _client([(503, (RECORDED / "memos_unavailable.json").read_text())])
    with pytest.raises(TransportError, match="HTTP 503"):
        client.send(MESSAGE)


def test_no_network_is_a_transport_error_too():
    client, _ = _client([])
    with pytest.raises(TransportError, match="ConnectionError"):
        client.send(MESSAGE)


def test_the_setting_chooses_the_transport(settings, tmp_path):
    settings.POST_TRANSPORT = "digitalpost"
    settings.POST_DIGITALPOST = {
        "CVR": "11111111",
        "CERT_PATH": "a.pem",
        "KEY_PATH": "b.pem",
        "ENVIRONMENT": "prod",
    }
    chosen = get_transport()
    assert chosen.name == "digitalpost" and chosen.urls["base"] == "https://prod.serviceplatformen.dk/"
    settings.POST_TRANSPORT = "file"
    assert get_transport().name == "file"
    settings.POST_TRANSPORT = "fax"
    with pytest.raises(ValueError):
        get_transport()
