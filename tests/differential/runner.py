"""Sending a corpus request to the servers: placeholders, variants, conditional requests."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote

from django.apps import apps
from django.db import connection

from tests.clock import pinned_clock

from .compare import Answer, Difference, differences
from .corpus import Req

_PLACEHOLDER = re.compile(r"\{(?P<name>[a-z_0-9]+)(?::(?P<arg>[A-Za-z_.0-9]+))?\}")
# Models whose URIs use another attribute than the primary key.
DETAIL_ATTRIBUTE = {"doc.document": "name"}


def first_detail_id(label: str) -> str:
    model = apps.get_model(label)
    attribute = DETAIL_ATTRIBUTE.get(label, "pk")
    row = model._base_manager.order_by("pk").values_list(attribute, flat=True).first()
    if row is None:
        return "no-row"
    return quote(str(row), safe="!$&'()*+,;=:@~")


def resolve(target: str, refs: dict[str, Any]) -> str:
    def fill(match: re.Match[str]) -> str:
        name, arg = match["name"], match["arg"]
        if name == "first" and arg:
            return first_detail_id(arg)
        return str(refs[name])

    text = _PLACEHOLDER.sub(fill, target)
    # What an HTTP client sends: non-ASCII and spaces percent-encoded.
    return "".join(c if 32 < ord(c) < 127 else quote(c) for c in text)


def send(client: Any, req: Req, target: str, extra_headers: tuple = ()) -> Answer:
    headers = dict(req.headers)
    headers.update(extra_headers)
    kwargs: dict[str, Any] = {"headers": headers}
    if req.body is not None:
        kwargs["data"] = req.body
        kwargs["content_type"] = req.content_type
    response = client.generic(req.method, target, **kwargs)
    return Answer.of(response)


@dataclass
class Exchange:
    """One request (one variant of a corpus entry) and both answers."""

    label: str
    target: str
    req: Req
    reference: Answer
    dtapi: Answer | None = None

    def differences(self) -> list[Difference]:
        """The differences; on PostgreSQL, row order the queries leave open is ignored."""
        assert self.dtapi is not None
        path, _, query = self.target.partition("?")
        unordered = connection.vendor == "postgresql"
        return differences(path, self.reference, self.dtapi, query, unordered)

    def report(self, found: list[Difference]) -> str:
        assert self.dtapi is not None
        lines = [f"{self.label}: {self.req.method} {self.target}"]
        for key, value in self.req.headers:
            lines.append(f"    {key}: {value}")
        lines += [f"  - {d}" for d in found]
        lines.append(f"  reference: {self.reference.short()}")
        lines.append(f"  dtapi:     {self.dtapi.short()}")
        return "\n".join(lines)


def variants(req: Req) -> list[tuple[str, Req]]:
    result = [("as is", req)]
    if req.sends_xml_too():
        result.append(("xml", replace(req, headers=(*req.headers, ("Accept", "application/xml")))))
    return result


def exchanges(req: Req, refs: dict[str, Any], reference: Any, dtapi: Any | None) -> list[Exchange]:
    """Send every variant of ``req`` to the reference and (if given) to dtapi.

    Each variant's requests (both servers, and the conditional repeat) see one pinned clock:
    answers that render "now" (a schema's datetime default) would otherwise differ whenever
    the clock's second turns between two of them, and a 304 would become a 200 at random.
    """
    target = resolve(req.target, refs)
    result = []
    for label, variant in variants(req):
        with pinned_clock():
            result.append(_exchange(label, target, req, variant, reference, dtapi))
    return result


def _exchange(
    label: str, target: str, req: Req, variant: Req, reference: Any, dtapi: Any | None
) -> Exchange:
    ref_answer = send(reference, variant, target)
    dt_answer = send(dtapi, variant, target) if dtapi is not None else None
    if req.conditional:
        ref_answer = _conditional(reference, variant, target, ref_answer)
        if dt_answer is not None:
            dt_answer = _conditional(dtapi, variant, target, dt_answer)
        label += " + If-None-Match"
    return Exchange(label, target, variant, ref_answer, dt_answer)


def _conditional(client: Any, req: Req, target: str, first: Answer) -> Answer:
    etag = first.header("ETag")
    if etag is None:
        return first
    return send(client, req, target, (("If-None-Match", etag),))
