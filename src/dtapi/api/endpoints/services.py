"""Endpoints for IETF services, authenticated by an application token (``X-Api-Key``).

The token is checked first: without a valid one, any request gets 403 with an empty body.
Then the method: the lists answer GET only (405, empty body, otherwise), mail ingestion
POST only (405 "Method not allowed"), with ``Content-Type: application/json`` (else 415).

* ``GET /api/doc/draft-aliases/``, ``/api/group/group-aliases/``: ``{"aliases": [...]}``;
* ``GET /api/group/role-holder-addresses/``, ``/api/person/email/``: ``{"addresses": [...]}``;
* ``POST /api/email/`` (``/api/email/test/`` validates only): ``{"dest", "message"}`` with the
  message base64-encoded → ``{"result": "ok" | "bad_dest" | "bad_msg"}``;
* ``POST /api/directauth``: form field ``data`` = JSON ``{"authtoken", "username",
  "password"}`` → ``{"result": "success"}`` or ``{"result": "failure", "reason": ...}``.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.contrib.auth import authenticate, get_user_model
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from dtapi.accounts.apptokens import is_valid_token, requires_api_token
from dtapi.doc.aliases import draft_aliases as draft_alias_list
from dtapi.group.aliases import group_aliases as group_alias_list
from dtapi.group.aliases import role_holder_addresses as role_holder_list
from dtapi.message import ingestion
from dtapi.person.models import Email


def _get_only(view: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    def wrapper(request: HttpRequest) -> HttpResponse:
        if request.method != "GET":
            return HttpResponse(status=HTTPStatus.METHOD_NOT_ALLOWED)
        return view(request)

    return wrapper


@requires_api_token("ietf.api.views.draft_aliases")
@_get_only
def draft_aliases(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"aliases": draft_alias_list()})


@requires_api_token("ietf.api.views.group_aliases")
@_get_only
def group_aliases(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"aliases": group_alias_list()})


@requires_api_token("ietf.api.views.role_holder_addresses")
@_get_only
def role_holder_addresses(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"addresses": role_holder_list()})


@requires_api_token("ietf.api.views.active_email_list")
@_get_only
def active_email_list(request: HttpRequest) -> HttpResponse:
    addresses = Email.objects.filter(active=True).order_by("address")
    return JsonResponse({"addresses": list(addresses.values_list("address", flat=True))})


# -- mail ingestion -----------------------------------------------------------------------------


class _BadRequest(Exception):
    pass


def _text(message: str, status: HTTPStatus) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _json_path(path: list[Any]) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def _ingestion_request(request: HttpRequest) -> tuple[str, bytes]:
    try:
        payload = json.loads(request.body)
    except json.JSONDecodeError as exc:
        raise _BadRequest(
            f"JSON parse error at line {exc.lineno} col {exc.colno}: {exc.msg}"
        ) from exc
    except UnicodeDecodeError as exc:
        raise _BadRequest("Invalid request format") from exc
    if not isinstance(payload, dict):
        raise _BadRequest(
            f"JSON schema error at {_json_path([])}: {payload!r} is not of type 'object'"
        )
    for field in ("dest", "message"):
        if field not in payload:
            raise _BadRequest(
                f"JSON schema error at {_json_path([])}: '{field}' is a required property"
            )
        if not isinstance(payload[field], str):
            raise _BadRequest(
                f"JSON schema error at {_json_path([field])}: "
                f"{json.dumps(payload[field])} is not of type 'string'"
            )
    try:
        raw = base64.b64decode(payload["message"], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise _BadRequest("Invalid message: bad base64 encoding") from exc
    return payload["dest"], raw


def _ingest(request: HttpRequest, *, process: bool) -> HttpResponse:
    if request.method != "POST":
        return _text("Method not allowed", HTTPStatus.METHOD_NOT_ALLOWED)
    if request.content_type != "application/json":
        return _text("Content-Type must be application/json", HTTPStatus.UNSUPPORTED_MEDIA_TYPE)
    try:
        dest, raw = _ingestion_request(request)
    except _BadRequest as exc:
        return _text(str(exc), HTTPStatus.BAD_REQUEST)
    handler = ingestion.handler_for(dest)
    if handler is None:
        return JsonResponse({"result": "bad_dest"})
    if process:
        try:
            ingestion.ingest(handler, raw)
        except ingestion.EmailIngestionError as error:
            ingestion.report_error(error, raw)
            return JsonResponse({"result": "bad_msg"})
    return JsonResponse({"result": "ok"})


@requires_api_token("ietf.api.views.ingest_email")
def ingest_email(request: HttpRequest) -> HttpResponse:
    return _ingest(request, process=True)


@requires_api_token("ietf.api.views.ingest_email_test")
def ingest_email_test(request: HttpRequest) -> HttpResponse:
    return _ingest(request, process=False)


# -- directauth ---------------------------------------------------------------------------------

DIRECTAUTH = "ietf.api.views.directauth"


def _failure(reason: str) -> JsonResponse:
    return JsonResponse({"result": "failure", "reason": reason})


@csrf_exempt
def directauth(request: HttpRequest) -> HttpResponse:
    """A trusted service checks a username and password (its token is in the body)."""
    if request.method != "POST":
        return HttpResponse(status=HTTPStatus.METHOD_NOT_ALLOWED)
    try:
        data = json.loads(request.POST.get("data", ""))
        token, username, password = data["authtoken"], data["username"], data["password"]
    except (ValueError, TypeError, KeyError):
        return _failure("invalid post")
    if not all(isinstance(v, str) and "\x00" not in v for v in (token, username, password)):
        return _failure("invalid post")
    if not is_valid_token(DIRECTAUTH, token):
        return _failure("invalid authtoken")
    users = list(get_user_model().objects.filter(username__iexact=username)[:2])
    if len(users) != 1:
        return _failure("authentication failed")
    if authenticate(request, username=users[0].username, password=password) is None:
        return _failure("authentication failed")
    return JsonResponse({"result": "success"})


directauth.api_token_endpoint = DIRECTAUTH  # type: ignore[attr-defined]  # token in the body
