"""The StatBank client against recorded answers (recordings/, README there), over real HTTP to a local
server; and `tidlig dst fetch`: what it stores, and that a failing StatBank changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from tidlig.comparison import services
from tidlig.comparison.models import DstFigure
from tidlig.comparison.statbank import StatBank, StatBankError, number, parse_csv

from .statbank_server import start


@pytest.fixture
def statbank():
    server = start()
    yield server
    server.shutdown()
    server.server_close()


def value(**key):
    return DstFigure.objects.get(**key).value


def test_requests_have_statbanks_documented_shape(statbank):
    StatBank(statbank.url).fetch("UND2")

    info, data = statbank.requests
    assert info["method"] == "GET" and info["path"] == "/v1/tableinfo/UND2"
    assert info["query"] == {"lang": ["da"], "format": ["JSON"]}
    assert data["method"] == "POST" and data["path"] == "/v1/data"
    body = data["body"]
    assert body["table"] == "UND2" and body["format"] == "CSV" and body["lang"] == "da"
    assert body["valuePresentation"] == "Code"
    # Every municipality and every year; the eliminable variables are left out (DST's totals).
    assert body["variables"] == [{"code": "ADMKOM", "values": ["*"]}, {"code": "Tid", "values": ["*"]}]


def test_folk1a_asks_for_ages_0_to_17_on_1_january_and_sums_them(statbank):
    rows = StatBank(statbank.url).fetch("FOLK1A")

    body = statbank.requests[1]["body"]
    selected = {v["code"]: v["values"] for v in body["variables"]}
    assert selected["ALDER"] == ["IALT", *[str(a) for a in range(18)]]
    assert selected["Tid"] == ["2023K1", "2024K1", "2025K1"]
    by = {(r.area, r.period, r.measure): r.value for r in rows}
    assert by[("657", "2024K1", "befolkning-0-17")] == 20000  # hand-made: the recording's ages sum to 20,000
    assert by[("657", "2024K1", "befolkning")] == 90546


def test_regk31_picks_the_functions_and_per_inhabitant_by_their_text(statbank):
    rows = StatBank(statbank.url).fetch("REGK31")

    selected = {v["code"]: v["values"] for v in statbank.requests[1]["body"]["variables"]}
    assert selected["FUNKTION"] == ["52820", "52821", "52822", "52823"]  # 5.28.xx, not 6.45.51
    assert selected["PRISENHED"] == ["INDL"]  # "Kr. pr. indbygger, løbende priser"
    assert "DRANST" not in selected  # eliminable: summed by DST
    measures = {r.measure for r in rows}
    assert measures == {"forebyggelse", "plejefamilier", "regk31-5.28.20", "regk31-5.28.23"}


@pytest.mark.django_db
def test_fetch_stores_the_figures_and_derives_notifications_per_1000(statbank):
    result = services.fetch(["UND2", "FOLK1A"], client=StatBank(statbank.url))

    assert result["UND2"] == 8
    assert value(table="UND2", measure="boern-underrettet", area="657", period="2024") == 1482
    # 1,482 children notified / 20,000 aged 0–17 × 1,000, computed by hand
    derived = DstFigure.objects.get(measure="underretninger", area="657", period="2024")
    assert derived.value == Decimal("74.1") and derived.origin == "api"
    assert "UND2" in derived.source and "FOLK1A" in derived.source
    # Læsø 2023 is not published (".."): stored as unknown, and no rate derived from it
    assert value(table="UND2", measure="boern-underrettet", area="825", period="2023") is None
    assert not DstFigure.objects.filter(measure="underretninger", area="825", period="2023").exists()


@pytest.mark.django_db
def test_a_fetch_replaces_the_snapshots_row_and_keeps_the_rest(statbank):
    services.snapshot_load()
    assert value(measure="forebyggelse", area="657", period="2024") != Decimal("1344")
    before = DstFigure.objects.count()

    services.fetch(["REGK31", "BU43"], client=StatBank(statbank.url))

    row = DstFigure.objects.get(measure="forebyggelse", area="657", period="2024")
    assert row.value == Decimal("1344") and row.origin == "api"
    assert row.source.startswith(statbank.url + "/data/REGK31/CSV?")
    assert value(measure="stoette", area="657", period="2024") == Decimal("3.0")  # "3,0": decimal comma
    assert value(measure="forebyggelse", area="657", period="2016") is not None  # snapshot years kept
    # two functions outside the snapshot (5.28.20, 5.28.23) × 4 areas are new; the rest replaced
    assert DstFigure.objects.count() == before + 8


@pytest.mark.django_db
def test_a_failing_statbank_stores_nothing_and_keeps_what_was_there(statbank):
    services.snapshot_load()
    before = list(DstFigure.objects.order_by("pk").values_list("pk", "value", "origin"))
    statbank.fail_data_with = 503

    with pytest.raises(CommandError) as error:
        call_command("dst", "fetch", "UND2", "REGK31", "--url", statbank.url)

    assert "503" in str(error.value) and "bevaret" in str(error.value)
    assert list(DstFigure.objects.order_by("pk").values_list("pk", "value", "origin")) == before


def test_an_unreachable_statbank_and_an_unknown_table_are_clear_errors(statbank):
    with pytest.raises(StatBankError, match="kunne ikke nås"):
        StatBank("http://127.0.0.1:9/v1", timeout=2).fetch("UND2")
    with pytest.raises(StatBankError, match='Tabellen "NOSUCH" blev ikke fundet'):
        StatBank(statbank.url).fetch("NOSUCH")
    with pytest.raises(StatBankError, match="ikke et tabelnavn"):
        StatBank(statbank.url).fetch("../x")


def test_the_csv_reader_knows_statbanks_conventions():
    rows = parse_csv("\ufeffOMRÅDE;TID;INDHOLD\r\n101;2024;3,5\r\n147;2024;..\r\n".encode())
    assert rows == [
        {"OMRÅDE": "101", "TID": "2024", "INDHOLD": "3,5"},
        {"OMRÅDE": "147", "TID": "2024", "INDHOLD": ".."},
    ]
    assert [number(r["INDHOLD"]) for r in rows] == [Decimal("3.5"), None]
    assert number("-4") == Decimal("-4")
    with pytest.raises(StatBankError, match="INDHOLD"):
        parse_csv(b"<html>Service unavailable</html>")
    with pytest.raises(StatBankError, match="ikke er et tal"):
        number("abc")


@pytest.mark.django_db
def test_the_command_says_what_it_stored(statbank, capsys):
    call_command("dst", "fetch", "bu43", "--url", statbank.url)
    assert "BU43: 8 tal gemt." in capsys.readouterr().out


@pytest.mark.django_db
def test_any_other_table_is_kept_whole_by_its_codes(statbank):
    """ANBAAR13 (placed children by consent): every value of every variable, named by its codes."""
    services.fetch(["ANBAAR13"], client=StatBank(statbank.url))

    selected = {v["code"]: v["values"] for v in statbank.requests[1]["body"]["variables"]}
    assert selected == {"ADMKOM": ["*"], "Tid": ["*"], "FORAN": ["*"]}
    without_consent = DstFigure.objects.get(
        table="ANBAAR13", area="657", period="2024", selection="FORAN=102"
    )
    assert (
        without_consent.value == 25
        and without_consent.measure == "anbaar13"
        and without_consent.unit == "Antal"
    )
    assert DstFigure.objects.filter(table="ANBAAR13").count() == 20
