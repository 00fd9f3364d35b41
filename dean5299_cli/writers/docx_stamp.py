"""A fingerprint of the generated report kept in the .docx, to tell when the clerk edited it by hand.

The SHA-256 of `word/document.xml` is stored in the document's custom properties as
`dean5299-hash` (docProps/custom.xml, which Word and LibreOffice keep when saving). Storing it
does not change `word/document.xml`, so the stamp and the body it describes stay consistent.
"""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from enum import Enum
from pathlib import Path
from xml.etree import ElementTree as ET

from dean5299_cli.writers.package import PartData, rewrite_package

PROPERTY = "dean5299-hash"
_BODY = "word/document.xml"
_CUSTOM = "docProps/custom.xml"
_CP = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CUSTOM_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


class EditState(str, Enum):
    UNCHANGED = "unchanged"  # the body is what dean5299 wrote
    EDITED = "edited"  # the body changed since (edited, or saved again, in Word)
    UNKNOWN = "unknown"  # no stamp (written by an older version, or not by dean5299) or unreadable


def _custom_xml(existing: bytes | None, value: str) -> bytes:
    ET.register_namespace("", _CP)
    ET.register_namespace("vt", _VT)
    root = ET.fromstring(existing) if existing else ET.Element(f"{{{_CP}}}Properties")
    for prop in list(root):
        if prop.get("name") == PROPERTY:
            root.remove(prop)
    pids = [int(p.get("pid", "1")) for p in root]
    prop = ET.SubElement(
        root,
        f"{{{_CP}}}property",
        {"fmtid": _FMTID, "pid": str(max(pids, default=1) + 1), "name": PROPERTY},
    )
    ET.SubElement(prop, f"{{{_VT}}}lpwstr").text = value
    return bytes(ET.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _with_part(xml: bytes, namespace: str, tag: str, match: str, attrs: dict[str, str]) -> bytes:
    """Add an element (Override / Relationship) unless one with the same `match` value exists."""
    ET.register_namespace("", namespace)
    root = ET.fromstring(xml)
    if not any(el.get(match) == attrs[match] for el in root):
        ET.SubElement(root, f"{{{namespace}}}{tag}", attrs)
    return bytes(ET.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _body_digest(archive: zipfile.ZipFile) -> str:
    """The hash of the body, read in pieces: a national report's body is tens of megabytes."""
    digest = hashlib.sha256()
    with archive.open(_BODY) as body:
        for piece in iter(lambda: body.read(1 << 20), b""):
            digest.update(piece)
    return digest.hexdigest()


def stamp(path: Path) -> None:
    """Store the hash of the body of the .docx at `path` in its custom properties (in place)."""
    with zipfile.ZipFile(path) as src:
        names = src.namelist()
        custom = src.read(_CUSTOM) if _CUSTOM in names else None
        replaced: dict[str, PartData] = {
            _CUSTOM: _custom_xml(custom, _body_digest(src)),
            "[Content_Types].xml": _with_part(
                src.read("[Content_Types].xml"),
                _CT,
                "Override",
                "PartName",
                {"PartName": "/" + _CUSTOM, "ContentType": _CUSTOM_TYPE},
            ),
            "_rels/.rels": _with_part(
                src.read("_rels/.rels"),
                _REL,
                "Relationship",
                "Target",
                {"Id": "rIdDean5299Custom", "Type": _CUSTOM_REL, "Target": _CUSTOM},
            ),
        }
    rewrite_package(path, replaced)


def stored_hash(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as z:
            if _CUSTOM not in z.namelist():
                return None
            root = ET.fromstring(z.read(_CUSTOM))
    except (OSError, zipfile.BadZipFile, ET.ParseError, KeyError):
        return None
    for prop in root:
        if prop.get("name") == PROPERTY:
            value = next(iter(prop), None)
            return value.text if value is not None else None
    return None


def edit_state(path: Path) -> EditState:
    """Whether the report at `path` was changed since dean5299 wrote it."""
    expected = stored_hash(path)
    if expected is None:
        return EditState.UNKNOWN
    try:
        with zipfile.ZipFile(path) as z:
            found = _body_digest(z)
    except (OSError, zipfile.BadZipFile, KeyError, EOFError, zlib.error):
        return EditState.UNKNOWN
    return EditState.UNCHANGED if found == expected else EditState.EDITED
