"""Internet-Draft sources of our own writing, for the submission tests and bench/.

    v3(name="draft-doe-example-thing", rev="00", authors=[Author(...)], sections=3) -> bytes
    v2(...) -> bytes          # the same draft in the v2 vocabulary (rfc2629)

``sections`` grows the body: about 35 sections make a 50-page text rendering.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr


@dataclass(frozen=True)
class Author:
    fullname: str
    email: str
    organization: str = "Example Widgets"
    country: str = "Sweden"

    @property
    def initials(self) -> str:
        return f"{self.fullname[0]}."

    @property
    def surname(self) -> str:
        return self.fullname.split()[-1]


ALICE = Author("Alice Example", "alice@example.org", "Example Widgets", "Sweden")
BOB = Author("Bob Sample", "bob@example.net", "Sample Systems", "Canada")

PARAGRAPH = (
    "The widget protocol exchanges small messages between a client and a server. Each "
    "message carries a sequence number, a length and an opaque payload; a receiver that "
    "sees a gap in the sequence asks for the missing messages again. This paragraph is "
    "here to give the section some body, so that the rendered text has realistic pages."
)


def _body(sections: int) -> list[tuple[str, str]]:
    out = [
        (
            "Introduction",
            'This document describes an example widget exchange. The key words "MUST", '
            '"SHOULD" and "MAY" in this document are to be interpreted as described in '
            "BCP 14.",
        )
    ]
    for n in range(1, sections + 1):
        out.append((f"Widget Behaviour, Part {n}", " ".join([PARAGRAPH] * 3)))
    out.append(("IANA Considerations", "This document has no IANA actions."))
    out.append(
        (
            "Security Considerations",
            "Widgets carry no secrets; an attacker who changes a message can at most make a "
            "receiver ask for it again.",
        )
    )
    return out


def _date(today: datetime.date | None) -> datetime.date:
    return today or datetime.date.today()


def v3(
    name: str = "draft-doe-widget-exchange",
    rev: str = "00",
    *,
    title: str = "An Example Widget Exchange",
    authors: tuple[Author, ...] = (ALICE,),
    sections: int = 2,
    abstract: str = "This document describes how widgets are exchanged, as an example.",
    today: datetime.date | None = None,
    extra_front: str = "",
    extra_back: str = "",
) -> bytes:
    day = _date(today)
    author_xml = "".join(
        f"""
    <author fullname={quoteattr(a.fullname)} initials={quoteattr(a.initials)} surname={quoteattr(a.surname)}>
      <organization>{escape(a.organization)}</organization>
      <address>
        <postal><country>{escape(a.country)}</country></postal>
        <email>{escape(a.email)}</email>
      </address>
    </author>"""
        for a in authors
    )
    sections_xml = "".join(
        f"""
    <section><name>{escape(t)}</name><t>{escape(text)}</t></section>"""
        for t, text in _body(sections)
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rfc xmlns:xi="http://www.w3.org/2001/XInclude" version="3" category="info" ipr="trust200902"
     docName="{name}-{rev}" submissionType="IETF" consensus="true" xml:lang="en">
  <front>
    <title>{escape(title)}</title>
    <seriesInfo name="Internet-Draft" value="{name}-{rev}"/>{author_xml}
    <date year="{day.year}" month="{day.month}" day="{day.day}"/>
    <abstract><t>{escape(abstract)}</t></abstract>{extra_front}
  </front>
  <middle>{sections_xml}
  </middle>
  <back>{extra_back}
  </back>
</rfc>
""".encode()


def v2(
    name: str = "draft-doe-widget-legacy",
    rev: str = "00",
    *,
    title: str = "A Widget Exchange in the Old Vocabulary",
    authors: tuple[Author, ...] = (ALICE,),
    sections: int = 2,
    abstract: str = "This document describes widgets, written in the v2 vocabulary.",
    today: datetime.date | None = None,
) -> bytes:
    day = _date(today)
    author_xml = "".join(
        f"""
    <author fullname={quoteattr(a.fullname)} initials={quoteattr(a.initials)} surname={quoteattr(a.surname)}>
      <organization>{escape(a.organization)}</organization>
      <address>
        <postal><street>1 Main Street</street><country>{escape(a.country)}</country></postal>
        <email>{escape(a.email)}</email>
      </address>
    </author>"""
        for a in authors
    )
    sections_xml = "".join(
        f"""
    <section title={quoteattr(t)}><t>{escape(text)}</t></section>"""
        for t, text in _body(sections)
    )
    month = day.strftime("%B")
    return f"""<?xml version="1.0" encoding="US-ASCII"?>
<!DOCTYPE rfc SYSTEM "rfc2629.dtd">
<rfc category="info" docName="{name}-{rev}" ipr="trust200902">
  <front>
    <title>{escape(title)}</title>{author_xml}
    <date year="{day.year}" month="{month}" day="{day.day}"/>
    <abstract><t>{escape(abstract)}</t></abstract>
  </front>
  <middle>{sections_xml}
  </middle>
</rfc>
""".encode()
