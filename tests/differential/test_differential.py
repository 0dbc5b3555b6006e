"""dtapi's /api/v1/ against django-tastypie configured like the original, on one data set.

Every request of the corpus (``corpus.py``) is sent to both servers; status, the headers that
matter, and the parsed body (JSON, canonical XML, else bytes) must agree, unless the
difference is a deliberate deviation listed in ``deviations.py``.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine

from . import runner
from .corpus import corpus
from .deviations import REPORTED, request_line, unexplained
from .report import Report
from .runner import exchanges

pytestmark = pytest.mark.django_db

CORPUS = corpus()
PARAMS = [
    pytest.param(
        req,
        id=req.id,
        marks=[pytest.mark.xfail(strict=True, reason=REPORTED[req.id])]
        if req.id in REPORTED
        else [],
    )
    for req in CORPUS
]


@pytest.fixture(scope="module")
def report(dtapi):
    """Every difference (allowed or not), written to var/differential/ when the module ends."""
    collected = Report()
    yield collected
    collected.write()


@pytest.mark.parametrize("req", PARAMS)
def test_same_answer(req, dataset, reference, dtapi, report):
    problems = []
    for exchange in exchanges(req, dataset, reference, dtapi):
        line = request_line(exchange.req.method, exchange.target, exchange.req.headers)
        statuses = (exchange.reference.status, exchange.dtapi.status)
        every = exchange.differences()
        found = unexplained(line, statuses, every)
        report.add(exchange, every, found)
        if found:
            problems.append(exchange.report(found))
    assert not problems, "\n\n".join(problems)


def test_corpus_is_large_and_covers_every_app():
    from tests.reference.tastypie_resources import api_app_configs

    assert len(CORPUS) >= 300
    assert set(REPORTED) <= {req.id for req in CORPUS}
    apps_hit = {req.target.split("/")[3] for req in CORPUS if req.target.count("/") > 3}
    assert {config.label for config in api_app_configs()} <= apps_hit


def test_a_turning_second_changes_no_verdict(dataset, reference, dtapi, monkeypatch):
    """A schema renders "now". Even if the clock's second turned after every single request,
    both servers' answers and their conditional repeats agree, and both repeats are 304: each
    exchange runs on a pinned clock (without it, this test fails every time)."""
    [schema] = [req for req in CORPUS if req.id == "GET /api/v1/doc/document/schema/ If-None-Match"]
    send = runner.send
    with time_machine.travel(datetime.datetime.now(datetime.UTC), tick=False) as clock:

        def send_then_turn(*args, **kwargs):
            try:
                return send(*args, **kwargs)
            finally:
                clock.shift(1)

        monkeypatch.setattr(runner, "send", send_then_turn)
        found = exchanges(schema, dataset, reference, dtapi)
    for exchange in found:
        assert (exchange.reference.status, exchange.dtapi.status) == (304, 304), exchange.label
        assert exchange.differences() == []
