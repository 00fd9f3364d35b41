"""Mark the .xlsx and .docx files the tool writes (a custom document property), and recognise them."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast
from xml.sax.saxutils import escape

from dean5299_cli.core.output_marks import (
    KIND_PROPERTY,
    OFFICE_PROPERTY,
    PROPERTY,
    value_pattern,
)
from dean5299_cli.writers.package import PartData, rewrite_package

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.packaging.custom import CustomPropertyList


class _CustomProps(Protocol):
    custom_doc_props: CustomPropertyList[Any]


_KIND_VALUE = value_pattern(KIND_PROPERTY)
KINDS = {".docx": "report"}  # a workbook names its kind (an unnamed one is read as no summary)
MARKED_SUFFIXES = frozenset({".xlsx", ".xlsm", ".docx"})

_CUSTOM = "docProps/custom.xml"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
_PROPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_MAX_PART = 1024 * 1024  # a custom-properties part is a few hundred bytes
_PID = re.compile(r'pid="(\d+)"')


def _property_xml(pid: int, name: str, value: str) -> str:
    return (
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{name}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
    )


def _with_properties(custom: str | None, kind: str) -> str:
    """The custom-properties part with our properties added (a new part when there is none)."""
    pid = max((int(p) for p in _PID.findall(custom or "")), default=1) + 1
    ours = _property_xml(pid, PROPERTY, "1") + _property_xml(pid + 1, KIND_PROPERTY, kind)
    if custom is None:
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Properties xmlns="{_PROPS_NS}" xmlns:vt="{_VT_NS}">{ours}</Properties>'
        )
    return custom.replace("</Properties>", ours + "</Properties>", 1)


def _read_part(archive: zipfile.ZipFile, name: str) -> str | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_PART:
        return None
    return archive.read(info).decode("utf-8", "replace")


def mark_workbook(wb: Workbook, kind: str, office: str | None = None) -> None:
    """Give a workbook built with openpyxl the properties `mark_output` would add, before it is
    saved: the file is then not rewritten once more to carry them (a second of a large folder);
    `office`: the office whose summary it is (`OFFICE_PROPERTY`)."""
    from openpyxl.packaging.custom import StringProperty

    props = cast("_CustomProps", wb).custom_doc_props  # not in openpyxl's stubs
    ours = [(PROPERTY, "1"), (KIND_PROPERTY, kind)] + (
        [(OFFICE_PROPERTY, office)] if office else []
    )
    for name, value in ours:
        if name not in props.names:
            props.append(StringProperty(name=name, value=value))


def mark_output(path: Path, kind: str | None = None) -> None:
    """Add `dean5299-output` = "1" and `dean5299-kind` to the OOXML package at `path`."""
    suffix = path.suffix.lower()
    if suffix not in MARKED_SUFFIXES:
        return
    kind = kind or KINDS.get(suffix, "output")
    with zipfile.ZipFile(path) as source:
        custom = _read_part(source, _CUSTOM)
        if custom is not None and f'name="{PROPERTY}"' in custom:
            return
        types = source.read("[Content_Types].xml").decode("utf-8")
        rels = source.read("_rels/.rels").decode("utf-8")
    if custom is None:
        types = types.replace(
            "</Types>",
            f'<Override PartName="/{_CUSTOM}" ContentType="{_CUSTOM_TYPE}"/></Types>',
            1,
        )
        rels = rels.replace(
            "</Relationships>",
            f'<Relationship Id="rIdDean5299" Type="{_CUSTOM_REL}" Target="{_CUSTOM}"/>'
            "</Relationships>",
            1,
        )
    replaced: dict[str, PartData] = {
        "[Content_Types].xml": types.encode("utf-8"),
        "_rels/.rels": rels.encode("utf-8"),
        _CUSTOM: _with_properties(custom, kind).encode("utf-8"),
    }
    rewrite_package(path, replaced)


def output_kind(path: Path) -> str | None:
    """ "report" or "summary" when this tool wrote `path`, else None; never raises.

    Blank forms (`dean5299 template`) are not marked: units fill them in and send them back.
    """
    if path.suffix.lower() not in MARKED_SUFFIXES:
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            custom = _read_part(archive, _CUSTOM)
    except (OSError, zipfile.BadZipFile, ValueError, RuntimeError, EOFError):
        return None
    if custom is None or f'name="{PROPERTY}"' not in custom:
        return None
    found = _KIND_VALUE.search(custom.encode("utf-8"))
    return found.group(1).decode("utf-8") if found else "output"


def is_tool_output(path: Path) -> bool:
    """True when `path` is an .xlsx/.docx this tool wrote (it carries the property); never raises."""
    return output_kind(path) is not None
