"""RFC Editor sources: per-RFC JSON, rfc-index.xml / .txt and relaton subseries files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from dtapi.loaders.rfc.records import clean_author, split_draft_name
from dtapi.loaders.rfc_index import parse_txt_entry, split_title_authors

DATA = Path(__file__).parent / "data"

RFC_JSON = [
    {
        "draft": "draft-ietf-quic-transport-34",
        "doc_id": "RFC9000",
        "title": " QUIC: A UDP-Based Multiplexed and Secure Transport ",
        "authors": ["J. Iyengar, Ed.", "M. Thomson, Ed."],
        "format": ["HTML"],
        "page_count": "151",
        "pub_status": "PROPOSED STANDARD",
        "status": "PROPOSED STANDARD",
        "source": "QUIC",
        "abstract": "This document defines the core of QUIC.\r\nIt is long. ",
        "pub_date": "May 2021",
        "keywords": ["quic"],
        "obsoletes": [],
        "obsoleted_by": [],
        "updates": [],
        "updated_by": [],
        "see_also": [],
        "doi": "10.17487/RFC9000",
        "errata_url": "https://www.rfc-editor.org/errata/rfc9000",
    },
    {
        "draft": None,
        "doc_id": "RFC0014",
        "title": "Not Issued ",
        "authors": [""],
        "format": [""],
        "page_count": None,
        "pub_status": "NOT ISSUED",
        "status": "NOT ISSUED",
        "source": "Legacy",
        "abstract": " ",
        "pub_date": "January 1970",
        "keywords": [],
        "obsoletes": [],
        "obsoleted_by": [],
        "updates": [],
        "updated_by": [],
        "see_also": [],
        "doi": None,
        "errata_url": None,
    },
    {
        "draft": "",
        "doc_id": "RFC9999",
        "title": "An Update",
        "authors": ["M. Thomson"],
        "format": ["HTML"],
        "page_count": "3",
        "pub_status": "INFORMATIONAL",
        "status": "INFORMATIONAL",
        "source": "INDEPENDENT",
        "abstract": "",
        "pub_date": "1 April 2024",
        "keywords": [],
        "obsoletes": [" RFC9000"],
        "obsoleted_by": [],
        "updates": ["RFC9000", "NIC 12345"],
        "updated_by": [],
        "see_also": [],
        "doi": None,
        "errata_url": None,
    },
]


@pytest.fixture
def rfc_jsonl(tmp_path):
    path = tmp_path / "rfcs.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in RFC_JSON) + "\n")
    return path


def test_helpers():
    assert split_draft_name("draft-ietf-quic-transport-34") == ("draft-ietf-quic-transport", "34")
    assert split_draft_name(" draft-bradner-1240.his-01") == ("draft-bradner-1240.his", "01")
    assert split_draft_name("draft-ietf-atommib-atm2TC-09") == ("draft-ietf-atommib-atm2tc", "09")
    assert clean_author("J. Iyengar, Ed.") == "J. Iyengar"
    assert clean_author("et al.") == ""
    assert split_title_authors(
        "QUIC: A UDP-Based Transport. J. Iyengar, Ed., M. Thomson, Ed.."
    ) == ("QUIC: A UDP-Based Transport", ["J. Iyengar, Ed.", "M. Thomson, Ed."])


def test_rfc_index_txt_entry():
    text = (
        "2026 The Internet Standards Process -- Revision 3. S. Bradner. October 1996. "
        "(Format: TXT, HTML) (Obsoletes RFC1602, RFC1871) (Updated by RFC3667, RFC3668) "
        "(Also BCP0009) (Status: BEST CURRENT PRACTICE) (DOI: 10.17487/RFC2026)"
    )
    rec = parse_txt_entry(2026, text, "rfc-index.txt, line 7694")
    assert rec.title == "The Internet Standards Process -- Revision 3"
    assert rec.authors == ["S. Bradner"]
    assert (rec.year, rec.month) == (1996, 10)
    assert rec.std_level == "bcp"
    assert rec.obsoletes == [1602, 1871]
    assert rec.also == ["bcp9"]
    assert parse_txt_entry(14, "0014 Not Issued.", "x").not_issued


@pytest.mark.django_db
def test_rfc_json(vocabulary, rfc_jsonl, load_cmd, counts):
    from dtapi.doc.models import DocEvent, Document

    output = load_cmd("rfc-json", rfc_jsonl)
    assert "skipped 1: not issued" in output
    rfc = Document.objects.get(name="rfc9000")
    assert (rfc.type_id, rfc.rfc_number, rfc.pages, rfc.std_level_id, rfc.stream_id) == (
        "rfc",
        9000,
        151,
        "ps",
        "ietf",
    )
    assert rfc.title == "QUIC: A UDP-Based Multiplexed and Secure Transport"
    assert rfc.abstract == "This document defines the core of QUIC.\nIt is long."
    assert rfc.get_state_slug() == "published"
    assert list(rfc.tags.values_list("slug", flat=True)) == ["errata"]
    assert [a.person.name for a in rfc.documentauthor_set.order_by("order")] == [
        "J. Iyengar",
        "M. Thomson",
    ]
    draft = rfc.came_from_draft()
    assert (draft.name, draft.rev, draft.get_state_slug()) == (
        "draft-ietf-quic-transport",
        "34",
        "rfc",
    )
    assert draft.get_state_slug("draft-iesg") == "pub"
    assert DocEvent.objects.filter(doc=rfc, type="published_rfc").count() == 1
    assert DocEvent.objects.filter(doc=draft, type="new_revision", rev="34").count() == 1
    update = Document.objects.get(name="rfc9999")
    assert update.stream_id == "ise"
    assert update.time.day == 1 and update.time.month == 4
    assert {(r.relationship_id, r.target.name) for r in update.relateddocument_set.all()} == {
        ("obs", "rfc9000"),
        ("updates", "rfc9000"),
    }
    assert not Document.objects.filter(name="rfc14").exists()
    # The same person wrote both: matched, not duplicated.
    thomson = rfc.documentauthor_set.get(order=2).person
    assert update.documentauthor_set.get().person == thomson

    before = counts()
    load_cmd("rfc-json", rfc_jsonl)
    assert counts() == before


@pytest.mark.django_db
def test_rfc_json_directory_and_errors(vocabulary, tmp_path, load_cmd, counts):
    from dtapi.doc.models import Document

    folder = tmp_path / "json"
    folder.mkdir()
    (folder / "rfc9000.json").write_text(json.dumps(RFC_JSON[0]))
    load_cmd("rfc-json", folder)
    assert Document.objects.filter(name="rfc9000").exists()

    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(RFC_JSON[2]) + "\n" + json.dumps(RFC_JSON[0])[:40] + "\n")
    before = counts()
    with pytest.raises(CommandError, match=r"bad\.jsonl, line 2: invalid JSON"):
        load_cmd("rfc-json", bad)
    wrong = tmp_path / "wrong.jsonl"
    wrong.write_text(json.dumps({**RFC_JSON[2], "authors": "M. Thomson"}) + "\n")
    with pytest.raises(CommandError, match=r"wrong\.jsonl, line 1 \(RFC9999\): 'authors'"):
        load_cmd("rfc-json", wrong)
    assert counts() == before


@pytest.mark.django_db
def test_rfc_index_xml(vocabulary, load_cmd, counts):
    from dtapi.doc.models import Document

    output = load_cmd("rfc-index", DATA / "rfc-index.xml")
    assert "not issued" in output
    rfc = Document.objects.get(name="rfc2026")
    assert (rfc.std_level_id, rfc.pages, rfc.stream_id) == ("bcp", 36, "ietf")
    assert rfc.abstract.count("\n\n") == 1
    assert rfc.came_from_draft().name == "draft-ietf-poised95-std-proc-3"
    bcp14 = Document.objects.get(name="bcp14")
    assert bcp14.type_id == "bcp"
    assert sorted(d.name for d in bcp14.contains()) == ["rfc2119", "rfc8174"]
    assert sorted(d.name for d in Document.objects.get(name="std5").contains()) == [
        "rfc791",
        "rfc792",
    ]
    assert [d.name for d in Document.objects.get(name="rfc2119").part_of()] == ["bcp14"]
    assert Document.objects.get(name="rfc8174").related_that_doc("updates")[0].name == "rfc2119"
    assert [
        a.person.name for a in Document.objects.get(name="rfc9000").documentauthor_set.all()
    ] == ["J. Iyengar", "M. Thomson"]
    before = counts()
    load_cmd("rfc-index", DATA / "rfc-index.xml")
    assert counts() == before


@pytest.mark.django_db
def test_rfc_index_xml_errors(vocabulary, tmp_path, load_cmd):
    bad = tmp_path / "rfc-index.xml"
    bad.write_text((DATA / "rfc-index.xml").read_text()[:3000])
    with pytest.raises(CommandError, match="invalid XML"):
        load_cmd("rfc-index", bad)


@pytest.mark.django_db
def test_subseries_yaml(vocabulary, tmp_path, load_cmd, counts):
    from dtapi.doc.models import Document

    load_cmd("rfc-index", DATA / "rfc-index.xml")
    (tmp_path / "BCP0014.yaml").write_text(
        "---\nid: BCP14\ntitle:\n- content: Best Current Practice 14\n  language:\n  - en\n"
        "docnumber: BCP0014\nrelation:\n- type: includes\n  bibitem:\n    id: RFC2119\n"
        "    docnumber: RFC2119\n"
    )
    load_cmd("subseries", tmp_path)
    assert [d.name for d in Document.objects.get(name="bcp14").contains()] == ["rfc2119"]
    before = counts()
    load_cmd("subseries", tmp_path)
    assert counts() == before
    (tmp_path / "BAD.yaml").write_text("---\nid: X\n")
    with pytest.raises(CommandError, match=r"BAD\.yaml: missing or invalid top-level"):
        load_cmd("subseries", tmp_path)
