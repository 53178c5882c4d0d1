"""The OpenAPI document is the API's contract (issue 9, "one door for integrations"): every schema has one name,
every operation documents its errors, and the answers the server really gives match what the document says."""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import json
import types
import typing
from collections import defaultdict

import jsonschema_rs
import pytest
import time_machine
from ninja.responses import NinjaJSONEncoder
from pydantic import BaseModel

from tidlig.api import api
from tidlig.intake.tests.api_helpers import assign, register_notification
from tidlig.interventions.tests.api_helpers import NOW, TODAY, type_id
from tidlig.organisation.models import ApiToken
from tidlig.organisation.services import api_token_create

WRITES = {"post", "put", "patch", "delete"}


def _named_types(annotation, found: set[type]) -> None:
    """Every pydantic model and enum an annotation reaches (inside list[...], Optional, nested fields)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for field in annotation.model_fields.values():
            _named_types(field.annotation, found)
        return
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        found.add(annotation)
        return
    for arg in typing.get_args(annotation):
        _named_types(arg, found)


def _operations():
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            yield from path_view.operations


def registered_classes() -> set[type]:
    """The schema classes the routes name: each view's parameter annotations and each response model."""
    found: set[type] = set()
    for operation in _operations():
        for parameter in inspect.signature(operation.view_func).parameters.values():
            hints = typing.get_type_hints(operation.view_func, include_extras=True)
            if parameter.name in hints:
                _named_types(hints[parameter.name], found)
        for model in operation.response_models.values():
            if model is not types.NoneType and model is not None:
                for field in model.model_fields.values():
                    _named_types(field.annotation, found)
    return found


@pytest.fixture(scope="module")
def document():
    """The document as a client reads it (status codes as strings)."""
    return json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))


def test_no_two_schema_classes_share_a_name():
    by_name: dict[str, set[str]] = defaultdict(set)
    for cls in registered_classes():
        by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")

    assert {name: sorted(where) for name, where in by_name.items() if len(where) > 1} == {}


def test_no_object_in_the_served_document_has_a_key_twice(client_for, rita):
    """swagger-ui refuses a document with a duplicated key ("duplicated mapping key"), e.g. a response
    documented both as 200 and as "200" (json.loads alone would keep the last one and hide it)."""

    def no_duplicates(pairs):
        keys = [k for k, _v in pairs]
        assert len(keys) == len(set(keys)), f"duplicated keys: {sorted(k for k in keys if keys.count(k) > 1)}"
        return dict(pairs)

    answer = client_for(rita).get("/api/v1/openapi.json")
    assert answer.status_code == 200
    json.loads(answer.content, object_pairs_hook=no_duplicates)


def test_the_documents_components_are_the_classes(document):
    """django-ninja names a component after its class; a name used twice would silently lose one schema."""
    schemas = document["components"]["schemas"]
    components = set(schemas)
    names = {cls.__name__ for cls in registered_classes()}

    assert components - names == set()
    # Each component is described by its own class's fields, not by another class of the same name.
    differs = {
        cls.__name__: sorted(
            set(schemas[cls.__name__].get("properties", {}))
            ^ set(cls.model_json_schema(by_alias=True).get("properties", {}))
        )
        for cls in registered_classes()
        if issubclass(cls, BaseModel) and cls.__name__ in components
    }
    assert {name: fields for name, fields in differs.items() if fields} == {}
    # Query-parameter schemas are flattened into parameters, so not every class is a component, but every
    # body and every response is.
    assert {"MeasureFollowUpIn", "DecisionWithdrawIn", "RatingCountOut", "ErrorOut"} <= components


def test_a_measure_follow_up_and_a_decision_withdrawal_are_documented_as_they_are(document):
    schemas = document["components"]["schemas"]
    followup = document["paths"]["/api/v1/measures/{measure_id}/followups"]["post"]
    withdraw = document["paths"]["/api/v1/decisions/{decision_id}/withdraw"]["post"]

    body = followup["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert {"held_on", "assessment"} <= set(schemas[body]["properties"])
    body = withdraw["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert set(schemas[body]["properties"]) == {"reason"}


def test_every_operation_documents_its_errors(document):
    missing = {}
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            codes = set(operation["responses"])
            need = {"401", "422", "429"}
            if method in WRITES:
                need.add("403")  # a read-only token is refused every write (tidlig/api.py, BearerToken)
            if "{" in path:
                need.add("404")  # an id that does not exist, or is not the caller's to see
            lacking = sorted(need - codes)
            if not any(c.startswith("2") for c in codes):
                lacking.append("2xx")
            if lacking:
                missing[f"{method.upper()} {path}"] = lacking

    assert missing == {}


def test_every_error_answer_has_the_error_shape(document):
    wrong = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            for code, answer in operation["responses"].items():
                if code[0] in "45":
                    ref = answer["content"]["application/json"]["schema"].get("$ref", "")
                    if not ref.endswith("/ErrorOut"):
                        wrong.append(f"{method.upper()} {path} {code}")

    assert wrong == []


# --- Real answers against the document --------------------------------------------------------------------


class Conforming:
    """A test client whose every JSON answer is checked against the schema the document gives for that
    path, method and status; an undocumented status fails the test."""

    def __init__(self, client, document):
        self.client, self.document = client, document
        self.seen: list[tuple[str, str, int]] = []

    def _operation(self, method: str, url: str) -> tuple[str, dict]:
        """The documented operation for a URL; a literal segment wins over a parameter
        (`/notifications/submitted` before `/notifications/{notification_id}`)."""
        parts = url.split("?")[0].rstrip("/").split("/")
        candidates = []
        for path, methods in self.document["paths"].items():
            template = path.rstrip("/").split("/")
            if method in methods and len(template) == len(parts):
                pairs = list(zip(template, parts, strict=True))
                if all(t == p or (t.startswith("{") and p) for t, p in pairs):
                    candidates.append((sum(t == p for t, p in pairs), path))
        assert candidates, f"{method.upper()} {url} is not in the document"
        path = max(candidates)[1]
        return path, self.document["paths"][path][method]

    def request(self, method: str, url: str, body=None):
        if body is None:
            response = getattr(self.client, method)(url)
        else:
            response = getattr(self.client, method)(
                url, data=json.dumps(body), content_type="application/json"
            )
        path, operation = self._operation(method, url)
        status = str(response.status_code)
        assert status in operation["responses"], f"{method.upper()} {path} answered {status}, not documented"
        content = operation["responses"][status].get("content", {}).get("application/json")
        if content is not None:
            schema = {**content["schema"], "components": self.document["components"]}
            jsonschema_rs.Draft202012Validator(schema).validate(response.json())
        self.seen.append((method, path, response.status_code))
        return response

    def get(self, url):
        return self.request("get", url)

    def post(self, url, body=None):
        return self.request("post", url, body if body is not None else {})

    def put(self, url, body):
        return self.request("put", url, body)


@pytest.fixture
def conforming(document):
    return lambda client: Conforming(client, document)


def test_intake_and_worklist_answers_match_the_document(
    conforming, token_for, client_for, rita, tom, alice, eva, olga, child
):
    notification = register_notification(token_for, rita)
    assign(token_for, tom, alice, notification)
    reception, caseworker = conforming(token_for(rita)), conforming(token_for(alice))

    assert reception.get(f"/api/v1/notifications/{notification['id']}").status_code == 200
    assert reception.get("/api/v1/worklist").status_code == 200
    assert caseworker.get("/api/v1/worklist").status_code == 200
    assert caseworker.get(f"/api/v1/children/{notification['child']['id']}/obligations").status_code == 200
    assert conforming(client_for(eva)).get("/api/v1/notifications/submitted").status_code == 200
    assert conforming(token_for(alice)).get("/api/v1/measure-types").status_code == 200
    # Refusals, each in the documented error shape.
    assert conforming(token_for(olga)).get(f"/api/v1/notifications/{notification['id']}").status_code == 404
    assert reception.get("/api/v1/notifications/999999").status_code == 404
    assert reception.post("/api/v1/notifications", {"text": ""}).status_code == 422
    from django.test import Client

    assert conforming(Client()).get("/api/v1/worklist").status_code == 401
    reader = Client(
        headers={
            "Authorization": f"Bearer {api_token_create(staff=rita, label='read', scope=ApiToken.Scope.READ)}"
        }
    )
    assert conforming(reader).post("/api/v1/notifications", {"text": "x"}).status_code == 403


def test_decision_and_measure_answers_match_the_document(conforming, token_for, alice, bob, child):
    """The two operations the old document described with another schema's fields, and the measure read."""
    child.caseworker = alice
    child.save()
    draft = {
        "type_id": type_id("bl32_2"),
        "planned_on": "2025-11-20",
        "purpose": "Struktur på morgener og måltider.",
        "expected_duration": "6 måneder",
        "reasoning": "Undersøgelsen viser behov for praktisk støtte i hjemmet.",
    }
    with time_machine.travel(NOW, tick=False) as clock:
        api = conforming(token_for(alice))
        decision = api.post(f"/api/v1/children/{child.pk}/decisions", draft).json()
        conversation = api.post(
            f"/api/v1/children/{child.pk}/conversations",
            {"held_on": "2025-11-10", "child_view": "Lukas vil gerne have hjælp om morgenen."},
        ).json()
        made = api.post(
            f"/api/v1/decisions/{decision['id']}/make",
            {"consent": True, "hearing_on": "2025-11-11", "conversation_id": conversation["id"]},
        )
        assert made.status_code == 201
        measure = made.json()["id"]
        assert api.post(f"/api/v1/measures/{measure}/start", {"started_on": TODAY}).status_code == 200
        clock.move_to(dt.datetime(2026, 2, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))))
        followup = api.post(
            f"/api/v1/measures/{measure}/followups",
            {
                "held_on": "2026-02-02",
                "assessment": "Morgenerne går bedre.",
                "schedule_reason": "Opfølgning hver tredje måned, fordi forløbet er stabilt.",
                "next_on": "2026-05-04",
            },
        )
        assert followup.status_code == 201
        assert api.get(f"/api/v1/measures/{measure}").json()["followups"][0]["id"] == followup.json()["id"]
        pending = api.post(f"/api/v1/children/{child.pk}/decisions", draft).json()
        withdraw = f"/api/v1/decisions/{pending['id']}/withdraw"
        assert conforming(token_for(bob)).post(withdraw, {"reason": "x"}).status_code == 404
        assert api.post(withdraw, {"reason": " "}).status_code == 422
        assert api.post(withdraw, {"reason": "Familien flytter."}).status_code == 200
        assert api.get(f"/api/v1/children/{child.pk}/case").status_code == 200


def test_wellbeing_answers_match_the_document(conforming, token_for, eva, alice, group, period, child):
    api = conforming(token_for(eva))
    sheet = f"/api/v1/wellbeing/groups/{group.pk}/periods/{period.pk}"

    assert api.get("/api/v1/wellbeing/groups").status_code == 200
    assert api.put(f"{sheet}/children/{child.pk}/rating", {"colour": "yellow"}).status_code == 200
    assert api.get(f"{sheet}/sheet").status_code == 200
    assert api.post(f"{sheet}/confirm-unchanged").json() == {"count": 0}
    assert api.put(f"{sheet}/children/{child.pk}/rating", {"colour": "purple"}).status_code == 422
    assert conforming(token_for(alice)).get(f"{sheet}/sheet").status_code in (403, 404)


def test_people_concerns_tokens_and_audit_answers_match_the_document(
    conforming, token_for, client_for, rita, eva, alice, child, group
):
    reception = conforming(token_for(rita))
    created = reception.post(
        "/api/v1/children",
        {"cpr": "010120-4231", "first_name": "Noah", "last_name": "Nielsen", "address": "Skolevej 1"},
    )
    assert created.status_code == 201
    assert reception.get(f"/api/v1/children/{created.json()['id']}").status_code == 200
    assert reception.post("/api/v1/children", {"cpr": "12"}).status_code == 422
    assert conforming(token_for(eva)).post("/api/v1/children", {"cpr": "010120-4231"}).status_code in (
        403,
        422,
    )

    educator = conforming(token_for(eva))
    today = dt.date(2026, 11, 18).isoformat()  # the pinned test day (conftest.py)
    concern = educator.post(
        "/api/v1/concerns", {"child_id": child.pk, "observation": "Lukas er stille.", "observed_on": today}
    )
    assert concern.status_code == 201
    assert educator.get("/api/v1/concerns").status_code == 200
    assert conforming(token_for(alice)).get(f"/api/v1/concerns/{concern.json()['id']}").status_code in (
        403,
        404,
    )

    signed_in = conforming(client_for(alice))
    assert signed_in.get("/api/v1/tokens").status_code == 200
    assert signed_in.get("/api/v1/audit/my-reads").status_code == 200
    assert conforming(token_for(alice)).get("/api/v1/audit/child-entries?cpr=150418-4235").status_code == 403
