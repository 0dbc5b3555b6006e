"""The list of groups active today (metanorma ``groups.yaml``) and groups derived from names."""

from __future__ import annotations

import json
import textwrap

import pytest
from django.core.management.base import CommandError

from dtapi.loaders.groups import acronym_in_draft_name, parse
from tests import factories as f

pytestmark = pytest.mark.django_db

GROUPS_YAML = textwrap.dedent(
    """\
    ---
    groups:
    - abbreviation: quic
      name: Gorry Fairhurst
      organization: ietf
      type: wg
      status: active
      mailing_list: lucas%40lucaspardue.com
      mailing_list_archive: https://mailarchive.ietf.org/arch/browse/quic/
    - abbreviation: scone
      name: Gorry Fairhurst
      organization: ietf
      type: wg
      status: active
    - abbreviation: krb-wg
      name: Someone Else
      organization: ietf
      type: wg
      status: active
    - abbreviation: genart
      name: General Area Review Team (Gen-ART)
      organization: ietf
      type: dir
      status: active
    - abbreviation: genart
      name: General Area Review Team (Gen-ART)
      organization: ietf
      type: review
      status: active
      mailing_list: gen-art@ietf.org
    - abbreviation: t2trg
      name: Thing-to-Thing
      organization: ietf
      type: rg
      status: active
    - abbreviation: T2TRG
      name: T2TRG
      organization: irtf
      type: rg
      status: active
    - abbreviation: GROUPS
      name: All Research Groups
      organization: irtf
      type: rg
      status: active
    """
)

RFC_JSON = [
    {"doc_id": "RFC8999", "draft": "draft-ietf-quic-invariants-13", "source": "QUIC Old"},
    {"doc_id": "RFC9000", "draft": "draft-ietf-quic-transport-34", "source": "QUIC"},
    {"doc_id": "RFC9001", "draft": "", "source": "Legacy"},
]


@pytest.fixture
def files(tmp_path):
    groups = tmp_path / "groups.yaml"
    groups.write_text(GROUPS_YAML)
    rfcs = tmp_path / "rfcs.jsonl"
    rfcs.write_text("".join(json.dumps(r) + "\n" for r in RFC_JSON))
    return groups, rfcs


def test_names_shared_by_several_groups_are_noise_and_twins_are_merged(files):
    entries = {e.acronym: e for e in parse(files[0])}
    assert sorted(entries) == ["genart", "krb-wg", "quic", "scone", "t2trg"]
    assert entries["quic"].name is None and entries["scone"].name is None
    assert entries["quic"].list_email == ""  # a scraped personal address
    assert entries["quic"].list_archive == "https://mailarchive.ietf.org/arch/browse/quic/"
    assert entries["krb-wg"].name == "Someone Else"
    assert entries["genart"].type == "review"  # listed as dir and review: the current type
    assert entries["genart"].list_email == "gen-art@ietf.org"
    assert entries["t2trg"].name == "Thing-to-Thing"


def test_load_creates_names_and_activates(vocabulary, files, load_cmd, counts):
    from dtapi.group.models import Group

    irtf = f.group_named("irtf", type_id="irtf")
    old = f.group("krb-wg", state_id="conclude", name="Kerberos WG")
    out = load_cmd("groups", files[0], "--rfc-json", files[1])
    assert "group.group (created): 4" in out and "group.group (made active): 1" in out
    quic = Group.objects.get(acronym="quic")
    # The newest RFC's source names the group; the YAML's name was a person's.
    assert (quic.name, quic.type_id, quic.state_id) == ("QUIC", "wg", "active")
    assert Group.objects.get(acronym="scone").name == "SCONE"
    assert Group.objects.get(acronym="t2trg").parent == irtf
    old.refresh_from_db()
    assert (old.name, old.state_id) == ("Kerberos WG", "active")
    before = counts()
    load_cmd("groups", files[0], "--rfc-json", files[1])
    assert counts() == before
    assert Group.objects.get(acronym="quic").name == "QUIC"


def test_drafts_and_their_rfcs_get_the_group_of_the_draft_name(vocabulary, files, load_cmd):
    from dtapi.doc.models import Document, RelatedDocument

    none = f.group_named("none", type_id="individ")
    krb = f.group("krb-wg")
    draft = f.draft("draft-ietf-quic-transport", group=none)
    rfc = f.document("rfc9000", type_id="rfc", rfc_number=9000, group=none)
    RelatedDocument.objects.create(source=draft, target=rfc, relationship_id="became_rfc")
    hyphen = f.draft("draft-ietf-krb-wg-crypto", group=none)
    kept = f.draft("draft-ietf-quic-other", group=krb)  # a group already set is kept
    individual = f.draft("draft-someone-quic-idea", group=none)
    load_cmd("groups", files[0])
    got = dict(Document.objects.values_list("name", "group__acronym"))
    assert got[draft.name] == got[rfc.name] == "quic"
    assert got[hyphen.name] == "krb-wg"
    assert got[kept.name] == "krb-wg"
    assert got[individual.name] == "none"


def test_acronyms_in_draft_names():
    known = {"krb", "krb-wg", "quic"}
    assert acronym_in_draft_name("draft-ietf-krb-wg-crypto", known) == "krb-wg"
    assert acronym_in_draft_name("draft-ietf-quic-transport", known) == "quic"
    assert acronym_in_draft_name("draft-irtf-quic-x", known) == "quic"
    assert acronym_in_draft_name("draft-ietf-quic", known) is None
    assert acronym_in_draft_name("draft-iab-quic-x", known) is None


def test_bad_files_are_refused_and_write_nothing(vocabulary, tmp_path, load_cmd, counts):
    before = counts()
    bad = tmp_path / "bad.yaml"
    bad.write_text("groups: [unclosed\n")
    with pytest.raises(CommandError, match=r"bad\.yaml: invalid YAML"):
        load_cmd("groups", bad)
    bad.write_text("groups:\n- name: no acronym\n")
    with pytest.raises(CommandError, match=r'bad\.yaml, group #1: "abbreviation" and "type"'):
        load_cmd("groups", bad)
    assert counts() == before
