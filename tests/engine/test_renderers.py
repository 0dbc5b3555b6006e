"""The renderers produce the original's bytes (tastypie's serializer is the oracle)."""

from __future__ import annotations

import json

import pytest
from tastypie.bundle import Bundle
from tastypie.serializers import Serializer

from dtapi.engine.plan import WireObject
from dtapi.engine.renderers import json as json_renderer
from dtapi.engine.renderers import xml as xml_renderer

SAMPLES = [
    {"meta": {"limit": 20, "next": None, "offset": 0}, "objects": []},
    {
        "a": "",
        "b": "x & <y> \"q\" 'r'\r\n\tz",
        "c": True,
        "d": False,
        "e": 1.5,
        "f": -3,
        "g": ["/api/v1/x/1/", "/api/v1/x/2/"],
        "h": [],
        "i": {},
        "j": None,
        "k": "é€😀",
    },
    {"mixed": [1, "a", None, True, {"z": 1, "a": [2]}, [3, 4]], "nested": {"deep": {"x": [1]}}},
    {"error": "Invalid limit '-1' provided. Please provide a positive integer &gt;= 0."},
]


def _as_bundles(data):
    if isinstance(data, WireObject):
        return Bundle(data={k: _as_bundles(v) for k, v in data.items()})
    if isinstance(data, dict):
        return {k: _as_bundles(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_as_bundles(v) for v in data]
    return data


@pytest.mark.parametrize("data", SAMPLES)
def test_json_matches_tastypie(data):
    assert json_renderer.render(data) == Serializer().to_json(data).encode()
    assert (
        json_renderer.render(data) == json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    )


@pytest.mark.parametrize("data", SAMPLES)
def test_xml_matches_tastypie(data):
    assert xml_renderer.render(data) == Serializer().to_xml(data)


def test_xml_objects_and_detail_match_tastypie():
    obj = WireObject({"id": 1, "states": ["/api/v1/doc/state/1/"], "title": "T", "x": None})
    page = {"meta": {"total_count": 1}, "objects": [obj, WireObject()]}
    assert xml_renderer.render(page) == Serializer().to_xml(_as_bundles(page))
    assert xml_renderer.render(obj) == Serializer().to_xml(_as_bundles(obj))


def test_xml_replaces_characters_xml_cannot_carry():
    # The original (lxml) fails with a 500 here; dtapi sends control pictures.
    assert xml_renderer.render({"t": "a\x00b\x1bc\ufffe"}).endswith(
        "<response><t>a\u2400b\u241bc\ufffd</t></response>".encode()
    )
