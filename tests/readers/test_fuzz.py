"""Fuzz: mutated and truncated copies of real submissions in all four formats never crash the run.

A few hundred cases by default (fixed seed); more with `DEAN5299_FUZZ=5000 pytest tests/readers/test_fuzz.py`
(and `DEAN5299_FUZZ_SEED=…` for another sequence)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import make_workspace, submit
from tests.paths import EXAMPLES, FIXTURES

CASES = int(os.environ.get("DEAN5299_FUZZ", "300"))
SEED = int(os.environ.get("DEAN5299_FUZZ_SEED", "5299"))
MEMORY_MB = 1024


def _sources(folder: Path) -> list[tuple[str, bytes]]:
    xlsx = sorted((EXAMPLES / "tuy-phuoc-2023" / "bao-cao-don-vi").glob("*.xlsx"))[0]
    xlsm = submit(folder.parent / "nguon", "mau.xlsm")
    return [
        (".xlsx", xlsx.read_bytes()),
        (".xlsm", xlsm.read_bytes()),
        (".xls", (FIXTURES / "phuoc-son-q4.xls").read_bytes()),
        (".ods", (FIXTURES / "phuoc-son-q4.ods").read_bytes()),
    ]


def _mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    how = rng.randrange(4)
    if how == 0:  # truncate
        return bytes(out[: rng.randrange(len(out))])
    if how == 1:  # flip a few bytes
        for _ in range(rng.randint(1, 20)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if how == 2:  # overwrite a run with noise or with 0xFF
        start = rng.randrange(len(out))
        length = rng.randint(1, 256)
        fill = bytes(rng.randrange(256) for _ in range(length)) if rng.random() < 0.5 else b"\xff" * length
        out[start : start + length] = fill[: len(out) - start]
        return bytes(out)
    start = rng.randrange(len(out))  # duplicate a chunk
    return bytes(out[:start] + out[start : start + rng.randint(1, 4096)] + out[start:])


def _mutate_xml(rng: random.Random, data: bytes) -> bytes:
    """Mutate inside a zip's XML parts and rezip, so the XML parsers themselves are reached."""
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml_names = [n for n in parts if n.endswith(".xml") or n.endswith(".rels")]
    name = rng.choice(xml_names)
    text = bytearray(parts[name])
    for _ in range(rng.randint(1, 8)):
        pos = rng.randrange(len(text))
        piece = rng.choice([b"<", b">", b'"', b"'", b"9999999", b"&", b"\x00", b"<c r='XFD1'>", b"\xc3"])
        if rng.random() < 0.5:
            text[pos : pos + len(piece)] = piece
        else:
            del text[pos : pos + rng.randint(1, 40)]
    parts[name] = bytes(text)
    buffer = __import__("io").BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for part, body in parts.items():
            z.writestr(part, body)
    return buffer.getvalue()


def write_cases(folder: Path, count: int, seed: int) -> int:
    """Write `count` mutated files into `folder`; returns the count."""
    rng = random.Random(seed)
    sources = _sources(folder)
    for i in range(count):
        suffix, data = sources[i % len(sources)]
        zipped = data.startswith(b"PK")
        mutated = _mutate_xml(rng, data) if zipped and rng.random() < 0.4 else _mutate_bytes(rng, data)
        (folder / f"fuzz-{i:05}{suffix}").write_bytes(mutated)
    return count


def test_fuzzed_files_never_crash_the_run(tmp_path: Path):
    folder = make_workspace(tmp_path)
    submit(folder, "tot.xlsx")  # one good file: it must still be counted
    write_cases(folder, CASES, SEED)
    code = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run([sys.executable, '-m', 'dean5299_cli', 'validate', '--json'],"
        " capture_output=True)\n"
        "sys.stdout.buffer.write(p.stdout); sys.stderr.buffer.write(p.stderr)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(p.returncode)\n"
    )
    if sys.platform == "win32":
        pytest.skip("memory accounting by resource: POSIX")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, timeout=120)
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode in (0, 1), stderr
    assert "Traceback" not in stderr and "panicked" not in stderr, stderr
    data = json.loads(proc.stdout.decode("utf-8"))
    files = {f["file"] for f in data["files"]}
    assert len(files) == CASES + 1
    good = {p["code"] for p in data["problems"] if p["file"] == "tot.xlsx"}
    assert not good & {"unreadable-file", "too-large", "no-data-table"}, good
    assert int(stderr.strip().splitlines()[-1]) < MEMORY_MB * 1024  # KiB
