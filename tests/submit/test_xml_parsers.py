"""No XML parser in dtapi resolves external entities or touches the network.

Every lxml parser made in src/ must say ``resolve_entities=False`` and ``no_network=True``;
every parse of text must go through such a parser (dtapi.submit.xmlsource.parser()).
"""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "dtapi"
CONSTRUCTORS = re.compile(r"\b(?:etree\.)?(XMLParser|iterparse)\(")
PARSES = re.compile(r"\betree\.(fromstring|parse|XML)\(")


def _call(text: str, start: int) -> str:
    depth, i = 0, start
    while i < len(text):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return text[start : i + 1]
        i += 1
    return text[start:]


def test_every_lxml_parser_is_safe() -> None:
    seen = 0
    for path in SRC.rglob("*.py"):
        text = path.read_text()
        if "lxml" not in text:
            continue
        for match in CONSTRUCTORS.finditer(text):
            call = _call(text, match.end() - 1)
            seen += 1
            assert "resolve_entities=False" in call and "no_network=True" in call, (path, call)
            assert "huge_tree=True" not in call or "rfc_index" in path.name, (path, call)
        for match in PARSES.finditer(text):
            call = _call(text, match.end() - 1)
            assert "parser()" in call or "parser=" in call, (path, call)
    assert seen >= 2


def test_the_safe_parser_resolves_nothing(tmp_path: Path) -> None:
    from dtapi.submit.xmlsource import parser

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    from lxml import etree

    root = etree.fromstring(
        f'<!DOCTYPE r [<!ENTITY s SYSTEM "file://{secret}">]><r>&s;</r>'.encode(), parser()
    )
    assert "TOP SECRET" not in etree.tostring(root).decode()
