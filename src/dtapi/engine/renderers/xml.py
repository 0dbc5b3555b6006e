"""The API's XML, in the original's element layout (written directly, without an XML library).

* The root is ``<response>`` for a plain dict (list pages, top levels, schema, errors) and
  ``<object>`` for one resource object (detail).
* A dict value is ``<key type="hash">``; a list is ``<key type="list">`` with one ``<value>``
  per scalar item, ``<object>`` per resource object, ``<object type="hash">`` per dict item and
  ``<objects>`` per nested list; resource objects in a list are ``<object>``.
* Scalars carry ``type="integer"|"float"|"boolean"|"null"`` (none for strings); booleans read
  ``True``/``False``; nulls are empty elements.
* The children of every element are sorted by tag name (stably).

Characters XML cannot carry (C0 controls other than tab/newline/CR) are replaced by their
Unicode "control picture" (U+2400 + code), as the current original does; U+FFFE/U+FFFF become
U+FFFD.
"""

from __future__ import annotations

import re
from typing import Any

from ..wire import WireObject

_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\ufffd"


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub(_picture, text)
    return text


def render(data: Any) -> bytes:
    out: list[str] = [_DECLARATION]
    _element(out, data, None, 0)
    return "".join(out).encode("utf-8")


def _element(out: list[str], data: Any, name: str | None, depth: int) -> None:
    if isinstance(data, (list, tuple)):
        _list(out, data, name)
    elif isinstance(data, WireObject):
        _mapping(out, data, name or "object", "")
    elif isinstance(data, dict):
        if depth == 0:
            _mapping(out, data, name or "response", "")
        else:
            _mapping(out, data, name or "object", ' type="hash"')
    else:
        _scalar(out, data, name or "value")


def _mapping(out: list[str], data: dict[str, Any], tag: str, attrs: str) -> None:
    if not data:
        out.append(f"<{tag}{attrs}/>")
        return
    out.append(f"<{tag}{attrs}>")
    for key in sorted(data):
        _element(out, data[key], key, 1)
    out.append(f"</{tag}>")


def _item_tag(item: Any) -> str:
    if isinstance(item, (list, tuple)):
        return "objects"
    if isinstance(item, dict):
        return "object"
    return "value"


def _list(out: list[str], data: Any, name: str | None) -> None:
    tag, attrs = (name, ' type="list"') if name else ("objects", "")
    if not data:
        out.append(f"<{tag}{attrs}/>")
        return
    out.append(f"<{tag}{attrs}>")
    for item in sorted(data, key=_item_tag):
        _element(out, item, None, 1)
    out.append(f"</{tag}>")


def _scalar(out: list[str], value: Any, tag: str) -> None:
    if value is None:
        out.append(f'<{tag} type="null"/>')
    elif isinstance(value, str):
        out.append(f"<{tag}>{_escape(value)}</{tag}>")
    elif isinstance(value, bool):
        out.append(f'<{tag} type="boolean">{value}</{tag}>')
    elif isinstance(value, int):
        out.append(f'<{tag} type="integer">{value}</{tag}>')
    elif isinstance(value, float):
        out.append(f'<{tag} type="float">{value!r}</{tag}>')
    else:
        out.append(f"<{tag}>{_escape(str(value))}</{tag}>")
