"""In-process timing of the engine against the tastypie reference on the same data.

Not part of the suite (no ``test_`` prefix); run explicitly:

    .venv/bin/pytest tests/engine/bench_vs_tastypie.py -s -p no:cacheprovider

Prints milliseconds per request and the ratio for list pages of 20, 100 and 1000 documents,
JSON and XML. Timings are never asserted.
"""

from __future__ import annotations

import time

import pytest
from django.test import Client

from dtapi.doc.models import Document

from . import factories as f

pytestmark = pytest.mark.django_db
N_DOCS = 3000


@pytest.fixture(autouse=True)
def _reference_urls(settings, _engine_urls):
    settings.ROOT_URLCONF = f"{__package__}.urlconf_reference"
    settings.DEBUG = False


def _data():
    group, person = f.group(), f.person()
    email = f.email(person)
    states = [f.state("draft", "active"), f.state("draft-iesg", "pub")]
    docs = Document.objects.bulk_create(
        Document(
            name=f"draft-bench-{i}",
            title=f"Bench {i}",
            type_id="draft",
            rev="01",
            group=group,
            ad=person,
            shepherd=email,
            stream_id="ietf",
        )
        for i in range(N_DOCS)
    )
    through = Document.states.through
    through.objects.bulk_create(through(document=d, state=s) for d in docs for s in states)
    tags = Document.tags.through
    tags.objects.bulk_create(tags(document=d, doctagname_id="w-expert") for d in docs)


def _time(client: Client, uri: str, repeat: int) -> float:
    client.get(uri)  # warm up
    start = time.perf_counter()
    for _ in range(repeat):
        response = client.get(uri)
        assert response.status_code == 200
    return (time.perf_counter() - start) / repeat * 1000


def test_bench():
    _data()
    client = Client()
    print(f"\n{'request':<46}{'dtapi ms':>10}{'tastypie ms':>13}{'ratio':>8}")
    for limit, repeat in ((20, 30), (100, 10), (1000, 3)):
        for fmt in ("json", "xml"):
            uri = f"/api/v1/doc/document/?limit={limit}&format={fmt}"
            ours = _time(client, uri, repeat)
            theirs = _time(client, uri.replace("/api/v1/", "/tp/v1/"), max(1, repeat // 3))
            print(f"{uri:<46}{ours:>10.1f}{theirs:>13.1f}{theirs / ours:>8.1f}")
