"""A small client for Danmarks Statistik's StatBank API (https://api.statbank.dk/v1), and the plan of what
Tidlig asks each table for.

Two calls (DST's API documentation, "Metadata og data"):

- `GET /v1/tableinfo/{table}?lang=da&format=JSON` describes the variables: id, text, whether it can be left
  out (`elimination`: DST then sums or totals it), whether it is time, and the value codes.
- `POST /v1/data` with `{"table", "format": "CSV", "lang": "da", "valuePresentation": "Code",
  "variables": [{"code", "values"}]}` answers `;`-separated UTF-8 with a BOM, one column per selected
  variable and `INDHOLD`; decimal commas; a hidden cell is `..`, `.`, `x` or `-`.

A variable that can be eliminated and is not asked for is left out (DST's total); one that cannot is asked
for its total ("i alt"), unless the table's plan names values. Every error — no connection, a timeout, an
HTTP error with StatBank's `{"errorTypeCode", "message"}`, an answer that is not the expected CSV — is a
`StatBankError` with a Danish message, raised before anything is stored.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import requests

from .measures import NOTIFIED, REGK31_FUNCTIONS, SUPPORT

BASE_URL = "https://api.statbank.dk/v1"
HIDDEN = {"..", ".", "x", "-", ""}
AREA_VARIABLES = ("OMRÅDE", "ADMKOM", "KOMMUNEDK", "LANDSDEL", "LANDDEL")
KNOWN_TABLES = (
    "UND1",
    "UND2",
    "BU43",
    "REGK31",
    "FOLK1A",
    "ISBU01",
    "ISBU02",
    "ANBAAR9",
    "ANBAAR12",
    "ANBAAR13",
    "ANBAAR14",
)
TABLE_ID = re.compile(r"^[A-ZÆØÅ0-9]{2,12}$")


class StatBankError(Exception):
    """StatBank could not be asked or gave an answer Tidlig cannot read; nothing was stored."""


@dataclass(frozen=True)
class Variable:
    id: str
    text: str
    elimination: bool
    time: bool
    values: list[tuple[str, str]]  # (code, text)

    def total(self) -> str:
        """The code of the variable's total: the value whose text says "i alt", else DST's first value."""
        for code, text in self.values:
            if "i alt" in text.lower() or code.upper() in ("TOT", "IALT"):
                return code
        return self.values[0][0]


@dataclass(frozen=True)
class TableInfo:
    id: str
    text: str
    unit: str
    updated: str
    variables: list[Variable]

    def variable(self, *ids: str) -> Variable | None:
        wanted = {i.upper() for i in ids}
        return next((v for v in self.variables if v.id.upper() in wanted), None)


@dataclass(frozen=True)
class Row:
    """One figure as Tidlig stores it (comparison.DstFigure)."""

    table: str
    area: str
    period: str
    measure: str
    selection: str
    value: Decimal | None
    unit: str
    source: str


@dataclass
class Plan:
    """What to ask a table for and how to name what comes back."""

    variables: dict[str, list[str]]
    name: Callable[[dict[str, str]], tuple[str, str, str] | None]  # row → (measure, selection, unit)
    combine: bool = False  # sum rows with the same measure, selection, area and period (FOLK1A's 0–17)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)


class StatBank:
    def __init__(
        self, base_url: str = BASE_URL, *, session: requests.Session | None = None, timeout: float = 60
    ):
        self.base_url = base_url.rstrip("/")
        self.session = session or requests.Session()
        self.timeout = timeout

    # -- the two calls -------------------------------------------------------------------------------
    def tableinfo(self, table: str) -> TableInfo:
        answer = self._call("GET", f"/tableinfo/{table}", params={"lang": "da", "format": "JSON"})
        try:
            raw = answer.json()
            return TableInfo(
                id=str(raw["id"]),
                text=str(raw.get("text", "")),
                unit=str(raw.get("unit", "")),
                updated=str(raw.get("updated", "")),
                variables=[
                    Variable(
                        id=str(v["id"]),
                        text=str(v.get("text", "")),
                        elimination=bool(v.get("elimination", False)),
                        time=bool(v.get("time", False)),
                        values=[(str(x["id"]), str(x.get("text", ""))) for x in v["values"]],
                    )
                    for v in raw["variables"]
                ],
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise StatBankError(
                f"Statistikbanken gav en tabelbeskrivelse for {table}, der ikke kan læses."
            ) from exc

    def data(self, table: str, variables: dict[str, list[str]]) -> list[dict[str, str]]:
        body = {
            "table": table,
            "format": "CSV",
            "lang": "da",
            "valuePresentation": "Code",
            "variables": [{"code": code, "values": values} for code, values in variables.items()],
        }
        answer = self._call("POST", "/data", json=body)
        return parse_csv(answer.content, table)

    def data_url(self, table: str, variables: dict[str, list[str]]) -> str:
        """The same query as a GET address (StatBank answers both), kept as the figures' source."""
        params = {"lang": "da", "valuePresentation": "Code"} | {k: ",".join(v) for k, v in variables.items()}
        return requests.Request("GET", f"{self.base_url}/data/{table}/CSV", params=params).prepare().url or ""

    def _call(self, method: str, path: str, **kwargs) -> requests.Response:
        url = self.base_url + path
        try:
            answer = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.RequestException as exc:
            raise StatBankError(f"Statistikbanken kunne ikke nås ({url}): {exc.__class__.__name__}.") from exc
        if answer.status_code >= 400:
            try:
                message = answer.json().get("message", "")
            except ValueError:
                message = answer.text[:200]
            raise StatBankError(f"Statistikbanken svarede {answer.status_code} på {url}: {message}".strip())
        return answer

    # -- a whole table -------------------------------------------------------------------------------
    def fetch(self, table: str) -> list[Row]:
        """Every row Tidlig keeps from `table`: tableinfo, then one data call; nothing is stored here."""
        table = table.upper()
        if not TABLE_ID.match(table):
            raise StatBankError(f"{table!r} er ikke et tabelnavn i Statistikbanken.")
        info = self.tableinfo(table)
        plan = plan_for(info)
        source = self.data_url(table, plan.variables)[:500]
        rows = self.data(table, plan.variables)
        return to_rows(table, rows, plan, info, source)


def parse_csv(content: bytes, table: str = "") -> list[dict[str, str]]:
    """StatBank's CSV: UTF-8 with a BOM, `;`, a header of variable ids and INDHOLD (upper-cased here)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise StatBankError(f"Statistikbankens svar for {table} er ikke UTF-8.") from exc
    reader = csv.reader(io.StringIO(text), delimiter=";")
    header = [h.strip().upper() for h in next(reader, [])]
    if "INDHOLD" not in header:
        raise StatBankError(f"Statistikbankens svar for {table} har ingen kolonne INDHOLD.")
    rows = []
    for line in reader:
        if not line:
            continue
        if len(line) != len(header):
            raise StatBankError(f"Statistikbankens svar for {table} har en linje med {len(line)} felter.")
        rows.append(dict(zip(header, (c.strip() for c in line), strict=True)))
    return rows


def number(text: str) -> Decimal | None:
    """A StatBank cell: decimal comma (lang=da); a hidden cell (`..`, `.`, `x`, `-`) is None."""
    text = text.strip()
    if text in HIDDEN:
        return None
    try:
        return Decimal(text.replace(" ", "").replace(",", "."))
    except InvalidOperation as exc:
        raise StatBankError(f"Statistikbanken gav værdien {text!r}, der ikke er et tal.") from exc


def function_number(code: str, text: str) -> str | None:
    """REGK31's FUNKTION as its dotted number (5.28.21), from the text ("5.28.21 Forebyggende …") or the code."""
    m = re.match(r"\s*(\d)\.(\d\d)\.(\d\d)\b", text) or re.fullmatch(r"(\d)(\d\d)(\d\d)", code)
    return ".".join(m.groups()) if m else None


def _totals(info: TableInfo, skip: Iterable[str]) -> dict[str, list[str]]:
    skip = {s.upper() for s in skip}
    return {
        v.id: [v.total()]
        for v in info.variables
        if not v.time and not v.elimination and v.id.upper() not in skip
    }


def plan_for(info: TableInfo) -> Plan:
    """What Tidlig asks `info`'s table for (its codes read from tableinfo, never guessed)."""
    area = next((v for v in info.variables if v.id.upper() in AREA_VARIABLES), None)
    time = next((v for v in info.variables if v.time), None)
    if area is None or time is None:
        raise StatBankError(
            f"Tabellen {info.id} har ingen kommune- eller tidsvariabel; den kan ikke sammenlignes."
        )
    base = {area.id: ["*"], time.id: ["*"]}
    table = info.id.upper()
    unit = info.unit or "Antal"

    if table == "REGK31":
        func = info.variable("FUNKTION")
        price = info.variable("PRISENHED")
        if func is None or price is None:
            raise StatBankError("REGK31 har ikke variablerne FUNKTION og PRISENHED.")
        numbers = {c: n for c, t in func.values if (n := function_number(c, t)) and n.startswith("5.28.")}
        per_inhabitant = [c for c, t in price.values if "indbygger" in t.lower()]
        per_inhabitant.sort(key=lambda c: "løbende" not in dict(price.values)[c].lower())
        if not numbers or not per_inhabitant:
            raise StatBankError("REGK31's tabelbeskrivelse har ikke funktion 5.28.xx pr. indbygger.")
        variables = (
            base
            | _totals(info, ("FUNKTION", "PRISENHED"))
            | {
                func.id: sorted(numbers),
                price.id: per_inhabitant[:1],
            }
        )

        def name(row):
            n = numbers.get(row.get(func.id.upper(), ""))
            known = REGK31_FUNCTIONS.get(n or "")
            if known:
                return known.slug, known.selection, "kr. pr. indbygger"
            return f"regk31-{n}", known_selection_regk31(n), "kr. pr. indbygger"

        return Plan(variables, name)

    if table == "BU43":
        return Plan(base | _totals(info, ()), lambda row: (SUPPORT.slug, SUPPORT.selection, "pct."))

    if table in ("UND1", "UND2"):
        measure = "boern-underrettet" if table == "UND2" else "underretninger-antal"
        selection = "; ".join(f"{k}=i alt" for k in _totals(info, (area.id,)))
        return Plan(base | _totals(info, ()), lambda row: (measure, selection, "Antal"))

    if table == "FOLK1A":
        age = info.variable("ALDER")
        if age is None:
            raise StatBankError("FOLK1A har ingen variabel ALDER.")
        ages = [c for c, _t in age.values if c.isdigit() and int(c) <= 17]
        first_quarters = [c for c, _t in time.values if c.upper().endswith("K1")]
        variables = (
            base
            | _totals(info, ("ALDER",))
            | {age.id: [age.total(), *ages], time.id: first_quarters or ["*"]}
        )
        total = age.total()

        def name(row):
            if row.get(age.id.upper()) == total:
                return "befolkning", "ALDER=i alt", "Antal"
            return "befolkning-0-17", "ALDER=0-17", "Antal"

        return Plan(variables, name, combine=True)

    # Any other table (ANBAAR*, ISBU*): every value of every other variable, named by its codes.
    others = [v for v in info.variables if v is not area and v is not time]
    variables = base | {v.id: ["*"] for v in others}

    def generic(row):
        selection = "; ".join(f"{v.id}={row.get(v.id.upper(), '')}" for v in others)
        return table.lower(), selection[:300], unit

    return Plan(variables, generic)


def known_selection_regk31(number: str | None) -> str:
    return f"FUNKTION={number}; PRISENHED=kr. pr. indbygger, løbende priser; DRANST=i alt; ART=netto"


def to_rows(table: str, rows: list[dict[str, str]], plan: Plan, info: TableInfo, source: str) -> list[Row]:
    area = next(v for v in info.variables if v.id.upper() in AREA_VARIABLES).id.upper()
    time = next(v for v in info.variables if v.time).id.upper()
    summed: dict[tuple, Decimal | None] = defaultdict(lambda: Decimal(0))
    order: list[tuple] = []
    for row in rows:
        if area not in row or time not in row:
            raise StatBankError(f"Statistikbankens svar for {table} mangler kolonnen {area} eller {time}.")
        named = plan.name(row)
        if named is None:
            continue
        measure, selection, unit = named
        value = number(row["INDHOLD"])
        key = (row[area], row[time], measure, selection, unit)
        if key not in summed:
            order.append(key)
        elif not plan.combine:
            raise StatBankError(f"Statistikbankens svar for {table} har den samme celle to gange.")
        previous = summed[key]
        summed[key] = None if value is None or previous is None else previous + value
    return [Row(table, a, p, m, s, summed[(a, p, m, s, u)], u, source) for (a, p, m, s, u) in order]


__all__ = ["KNOWN_TABLES", "NOTIFIED", "Row", "StatBank", "StatBankError", "TableInfo", "plan_for"]
