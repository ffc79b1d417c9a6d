"""MusicBrainz ws/2 XML (the mmd-2.0 schema) turned into the shape of its JSON.

The web service answers the same lookups in XML and in JSON; their trees differ only in
spelling (`<secondary-type-list>` is `secondary-types`, `<name-credit joinphrase>` is
`{"name", "joinphrase"}`, `<track-list count>` is the medium's `track-count` ...). Turning
the XML into the JSON's dicts and lists lets `musicbrainz.parse_document` read both, so the
two formats cannot drift apart.

Only what the importer reads is kept: the supplementary, non-CC0 elements (annotation,
tags, genres, ratings, collections) are dropped here already, as are aliases and relations
to anything but URLs.

The standard library's parser resolves no external entities, and its expat caps entity
expansion; a document that declares a DOCTYPE is refused all the same (MusicBrainz never
sends one, so it is not a MusicBrainz response).
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

NAMESPACE = "http://musicbrainz.org/ns/mmd-2.0#"
ENTITIES = ("release", "release-group")

# `<x-list>` elements and the JSON key of the list they hold.
LISTS = {
    "release-list": "releases",
    "medium-list": "media",
    "label-info-list": "label-info",
}
TRACK_LISTS = {"track-list": "tracks", "data-track-list": "data-tracks"}
# Not read: supplementary (CC BY-NC-SA) data, and what the importer has no use for.
SKIPPED = frozenset(
    {
        "annotation",
        "tag-list",
        "user-tag-list",
        "genre-list",
        "user-genre-list",
        "rating",
        "user-rating",
        "collection-list",
        "alias-list",
        "release-event-list",
        "disc-list",
        "cover-art-archive",
        "text-representation",
    }
)


class XmlDocumentError(ValueError):
    """XML that is not a MusicBrainz release or release group; the message says why."""


def local(tag: str) -> str:
    """The element's name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def xml_document(data: bytes) -> tuple[str, dict[str, Any]]:
    """The entity ("release" or "release-group") and its JSON-shaped dict."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise XmlDocumentError("XML with a DOCTYPE or entities is not a MusicBrainz response")
    try:
        root = ET.fromstring(data)  # noqa: S314 - DOCTYPEs are refused above
    except ET.ParseError as error:
        line, column = error.position
        raise XmlDocumentError(f"not well-formed XML (line {line}, column {column + 1})") from None
    if root.tag != f"{{{NAMESPACE}}}metadata":
        raise XmlDocumentError(
            f"not a MusicBrainz ws/2 XML document (its root is <{local(root.tag)}>, "
            f"not <metadata> in the {NAMESPACE} namespace)"
        )
    children = list(root)
    if not children:
        raise XmlDocumentError("an empty MusicBrainz XML document (<metadata> holds nothing)")
    entity = local(children[0].tag)
    if entity not in ENTITIES:
        raise XmlDocumentError(f"an XML <{entity}>: only releases and release groups are imported")
    value = _value(children[0])
    return entity, value if isinstance(value, dict) else {}


def _value(element: ET.Element) -> Any:
    """A dict for an element with children (with its `id`), else its text."""
    children = list(element)
    if not children:
        text = (element.text or "").strip()
        if not text and "id" in element.attrib:
            return {"id": element.attrib["id"]}
        return text
    result: dict[str, Any] = {}
    if "id" in element.attrib:
        result["id"] = element.attrib["id"]
    for child in children:
        tag = local(child.tag)
        if tag not in SKIPPED:
            _add_child(result, tag, child)
    return result


def _add_child(result: dict[str, Any], tag: str, child: ET.Element) -> None:
    """Put one child element under its JSON key."""
    if tag == "artist-credit":
        result["artist-credit"] = [_name_credit(item) for item in child]
    elif tag == "relation-list":
        relations = result.setdefault("relations", [])
        relations.extend(_relation(item, child.get("target-type", "")) for item in child)
    elif tag == "secondary-type-list":
        result["secondary-types"] = [(item.text or "").strip() for item in child]
    elif tag == "isrc-list":
        result["isrcs"] = [item.get("id", "") for item in child]
    elif tag in TRACK_LISTS:
        _track_list(result, child, TRACK_LISTS[tag])
    elif tag in LISTS:
        result[LISTS[tag]] = [_value(item) for item in child]
    else:
        result[tag] = _value(child)


def _track_list(medium: dict[str, Any], element: ET.Element, key: str) -> None:
    """A medium's tracks (listed only with inc=recordings) and, from `count`, how many."""
    if key == "tracks" and element.get("count", "").isdigit():
        medium["track-count"] = int(element.get("count", ""))
    tracks = [_value(item) for item in element]
    if tracks:
        medium[key] = tracks


def _name_credit(element: ET.Element) -> dict[str, Any]:
    """`<name-credit joinphrase=" & "><name>…</name><artist id>…</artist></name-credit>`."""
    credit: dict[str, Any] = {"joinphrase": element.get("joinphrase", "")}
    for child in element:
        tag = local(child.tag)
        if tag == "name":
            credit["name"] = child.text or ""
        elif tag == "artist":
            artist = _value(child)
            credit["artist"] = artist if isinstance(artist, dict) else {}
    return credit


def _relation(element: ET.Element, target_type: str) -> dict[str, Any]:
    """A relation; for a URL its `<target>` becomes `url.resource`."""
    relation: dict[str, Any] = {
        "type": element.get("type", ""),
        "type-id": element.get("type-id", ""),
        "target-type": target_type,
    }
    for child in element:
        if local(child.tag) == "target" and target_type == "url":
            relation["url"] = {"id": child.get("id", ""), "resource": (child.text or "").strip()}
        elif local(child.tag) == "direction":
            relation["direction"] = (child.text or "").strip()
    return relation
