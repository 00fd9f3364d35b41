"""Writing outputs: permissions, inputs never replaced, marks, disk full, races, backups, signals."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from dean5299_cli.core.errors import OutputError
from dean5299_cli.writers.atomic import KEEP_BACKUPS, write_atomic
from dean5299_cli.writers.marks import is_tool_output, output_kind
from tests.helpers import make_workspace, submit

POSIX = os.name == "posix"


def _text(content: str):
    def write(tmp: Path) -> None:
        tmp.write_text(content, encoding="utf-8")

    return write


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".dean5299-")]


@pytest.fixture
def workspace(tmp_path):
    folder = make_workspace(tmp_path)
    submit(folder, "phuoc-son.xlsx", unit="Xã Phước Sơn")
    submit(folder, "dieu-tri.xlsx", unit="Thị trấn Diêu Trì")
    return tmp_path


# ---------------------------------------------------------------- permissions


@pytest.mark.skipif(not POSIX, reason="POSIX permission bits")
def test_outputs_respect_the_umask_and_force_keeps_the_mode(tmp_path):
    old = os.umask(0o002)
    try:
        out = tmp_path / "a.txt"
        write_atomic(out, _text("1"))
        assert stat.S_IMODE(out.stat().st_mode) == 0o664
        os.chmod(out, 0o640)
        write_atomic(out, _text("2"), force=True)
        assert stat.S_IMODE(out.stat().st_mode) == 0o640
        os.umask(0o022)
        fresh = tmp_path / "b.txt"
        write_atomic(fresh, _text("1"))
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
    finally:
        os.umask(old)


# ---------------------------------------------------------------- inputs are never replaced


def test_an_input_is_never_replaced_even_with_force(tmp_path):
    settings = tmp_path / "don-vi.yaml"
    settings.write_text("x: 1\n", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(settings)
    for target in (settings, link):
        with pytest.raises(OutputError, match="đây là tệp đầu vào"):
            write_atomic(target, _text("y"), force=True, protected=[settings])
    assert settings.read_text(encoding="utf-8") == "x: 1\n"


def test_summary_never_replaces_a_submission(workspace, cli):
    sub = workspace / "bao-cao" / "phuoc-son.xlsx"
    before = sub.read_bytes()
    result = cli("summary", "--quarter", "IV", "-o", str(sub), "--force", cwd=workspace)
    assert result.exit_code == 4
    assert "đây là tệp đầu vào" in result.output
    assert sub.read_bytes() == before


def test_report_never_replaces_the_template_or_a_submission(workspace, cli):
    sub = workspace / "bao-cao" / "x.docx"
    sub.write_bytes(b"a unit's letter")
    result = cli("report", "--quarter", "IV", "-o", str(sub), "--force", cwd=workspace)
    assert result.exit_code == 4 and sub.read_bytes() == b"a unit's letter"


def test_summary_checks_its_suffix(workspace, cli):
    result = cli("summary", "--quarter", "IV", "-o", str(workspace / "t.docx"), cwd=workspace)
    assert result.exit_code == 2
    assert "kết thúc bằng .xlsx" in result.output
    assert not (workspace / "t.docx").exists()


# ---------------------------------------------------------------- outputs are recognisable


def test_outputs_carry_the_mark_and_forms_do_not(workspace, cli):
    from docx import Document
    from openpyxl import load_workbook

    assert cli("summary", "--quarter", "IV", "-o", "t.xlsx", cwd=workspace).exit_code == 0
    assert cli("report", "--quarter", "IV", "-o", "r.docx", cwd=workspace).exit_code == 0
    assert cli("template", "--year", "2023", "-o", "form.xlsx", cwd=workspace).exit_code == 0
    assert output_kind(workspace / "t.xlsx") == "summary"
    assert output_kind(workspace / "r.docx") == "report"
    assert not is_tool_output(workspace / "form.xlsx")
    assert not is_tool_output(workspace / "bao-cao" / "phuoc-son.xlsx")
    props = {p.name: p.value for p in load_workbook(workspace / "t.xlsx").custom_doc_props}
    assert props == {  # each once
        "dean5299-output": "1",
        "dean5299-kind": "summary",
        "dean5299-office": "Huyện đoàn Tuy Phước",
    }
    assert Document(str(workspace / "r.docx")).paragraphs  # still a valid Word file


# ---------------------------------------------------------------- disk full, file size limit


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "ổ đĩa đã đầy"),
        (OSError(errno.EFBIG, "File too large"), "vượt quá kích thước tối đa"),
        ("lxml", "vượt quá kích thước tối đa"),
        (RuntimeError("zip write failed"), None),
    ],
)
def test_disk_full_is_exit_4_and_keeps_the_old_output(tmp_path, failure, said):
    from lxml import etree

    out = tmp_path / "r.docx"
    out.write_bytes(b"old report")

    def write(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        if failure == "lxml":
            raise etree.SerialisationError("IO_EFBIG")
        assert isinstance(failure, Exception)
        raise failure

    if said is None:  # not a disk problem: a real bug stays a bug (exit 5 with --debug)
        with pytest.raises(RuntimeError):
            write_atomic(out, write, force=True)
    else:
        with pytest.raises(OutputError) as err:
            write_atomic(out, write, force=True)
        assert said in err.value.message and "Tệp cũ (nếu có) vẫn giữ nguyên" in err.value.message
        assert "No space" not in err.value.message and "Errno" not in err.value.message
    assert out.read_bytes() == b"old report"
    assert _leftovers(tmp_path) == []
    assert not (tmp_path / "sao-luu").exists() or not list((tmp_path / "sao-luu").iterdir())


@pytest.mark.skipif(not POSIX, reason="RLIMIT_FSIZE is POSIX")
def test_real_file_size_limit_in_a_subprocess(workspace):
    out = workspace / "t.xlsx"
    out.write_bytes(b"old summary")
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (3000, 3000))\n"
        "from dean5299_cli.cli.app import main\n"
        "sys.argv = ['dean5299', 'summary', '--quarter', 'IV', '-o', 't.xlsx', '--force']\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=workspace, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 4, result.stderr
    assert "vượt quá kích thước tối đa" in result.stderr
    assert "Exception ignored" not in result.stderr and "Traceback" not in result.stderr
    assert out.read_bytes() == b"old summary"
    assert _leftovers(workspace) == []


# ---------------------------------------------------------------- two runs at once, backups


def test_a_file_created_meanwhile_is_not_overwritten(tmp_path):
    out = tmp_path / "t.xlsx"

    def write(tmp: Path) -> None:  # another run finishes first, while this one writes
        tmp.write_bytes(b"mine")
        out.write_bytes(b"theirs")

    with pytest.raises(OutputError, match="vừa được tạo bởi một lần chạy khác"):
        write_atomic(out, write, mark=False)
    assert out.read_bytes() == b"theirs"
    assert _leftovers(tmp_path) == []


def test_backups_go_to_sao_luu_unique_and_only_the_last_five_are_kept(tmp_path):
    out = tmp_path / "bc.docx"
    write_atomic(out, _text("v0"), mark=False)
    backups = [write_atomic(out, _text(f"v{i}"), force=True, mark=False) for i in range(1, 8)]
    assert all(b is not None and b.parent == tmp_path / "sao-luu" for b in backups)
    assert len({b.name for b in backups if b}) == 7  # unique within the same second
    kept = sorted(p.name for p in (tmp_path / "sao-luu").iterdir())
    assert len(kept) == KEEP_BACKUPS
    assert [p.read_text(encoding="utf-8") for p in sorted((tmp_path / "sao-luu").iterdir())] == [
        "v2",
        "v3",
        "v4",
        "v5",
        "v6",
    ]
    assert out.read_text(encoding="utf-8") == "v7"


def test_backups_of_another_output_are_not_pruned(tmp_path):
    (tmp_path / "sao-luu").mkdir()
    other = tmp_path / "sao-luu" / "bc-khac.20240101-000000-000000.docx"
    other.write_text("keep", encoding="utf-8")
    out = tmp_path / "bc.docx"
    write_atomic(out, _text("v0"), mark=False)
    for i in range(7):
        write_atomic(out, _text(f"v{i}"), force=True, mark=False)
    assert other.exists()


# ---------------------------------------------------------------- signals, long names


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or not POSIX, reason="POSIX signals")
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_temporary_file_removed_on_sigterm_and_sighup(tmp_path, name):
    out = tmp_path / "t.txt"

    def write(tmp: Path) -> None:
        tmp.write_text("half", encoding="utf-8")
        os.kill(os.getpid(), getattr(signal, name))

    before = signal.getsignal(getattr(signal, name))
    if before is signal.SIG_IGN:  # e.g. SIGHUP under nohup: the user's choice stays
        write_atomic(out, write)
        assert out.read_text(encoding="utf-8") == "half"
    else:
        with pytest.raises(KeyboardInterrupt):
            write_atomic(out, write)
        assert not out.exists() and _leftovers(tmp_path) == []
    assert signal.getsignal(getattr(signal, name)) == before  # the handler is given back


@pytest.mark.skipif(not hasattr(signal, "SIGHUP") or not POSIX, reason="POSIX signals")
def test_an_ignored_hangup_stays_ignored_while_writing(tmp_path):
    """Run under nohup, a hang-up must not stop the writing half-way."""
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        out = tmp_path / "t.txt"

        def write(tmp: Path) -> None:
            tmp.write_text("half", encoding="utf-8")
            os.kill(os.getpid(), signal.SIGHUP)
            tmp.write_text("whole", encoding="utf-8")

        write_atomic(out, write)
        assert out.read_text(encoding="utf-8") == "whole"
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)


def test_an_over_long_output_name_is_exit_4(workspace, cli):
    name = "bao-cao-" + "rat-dai-" * 40 + ".xlsx"
    result = cli("summary", "--quarter", "IV", "-o", name, cwd=workspace)
    assert result.exit_code == 4
    assert "Tên tệp kết quả quá dài" in result.output


def test_writing_into_a_read_only_folder_is_vietnamese(tmp_path):
    if not POSIX or os.geteuid() == 0:
        pytest.skip("root ignores permission bits")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="không có quyền truy cập"):
            write_atomic(folder / "x.txt", _text("1"))
    finally:
        folder.chmod(0o700)


# ---------------------------------------------------------------- custom templates: bounded


HOSTILE = [
    "{{ range(10**9)|list|length }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    '{{ "x" * 10**9 }}',
    '{{ ["x"] * 10**9 }}',
    '{{ "x"|center(10**9) }}',
    '{{ "x"|indent(10**9) }}',
    '{{ "%999999999d"|format(1) }}',
    '{{ "%999999999d" % 1 }}',
    '{{ "{:>999999999}".format(1) }}',
    '{{ "x".ljust(10**9) }}',
    "{{ 10 ** 100000000 }}",
    "{{ 7 ** (10 ** 8) }}",
    '{{ "ab"|replace("", "x" * 1000000) }}',
    '{{ ",".join(["x" * 1000000] * 1000) }}',
    "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_template_expressions_are_refused(source):
    from jinja2.exceptions import SecurityError

    from dean5299_cli.writers.sandbox import report_environment

    with pytest.raises(SecurityError, match="mẫu báo cáo"):
        report_environment().from_string(source).render()


def test_a_template_running_too_long_is_stopped(monkeypatch):
    from jinja2.exceptions import SecurityError

    from dean5299_cli.writers import sandbox

    if not hasattr(signal, "setitimer"):
        pytest.skip("no interval timer on this platform")
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.3)
    source = '{% set s = "x" * 100000 %}{% for c in s %}{% for d in s %}{% endfor %}{% endfor %}'
    with pytest.raises(SecurityError, match="chạy quá 0.3 giây"):
        sandbox.report_environment().from_string(source).render()


def test_ordinary_templates_still_render():
    from dean5299_cli.writers.sandbox import report_environment

    env = report_environment()
    source = (
        "{% macro row(u) %}{{ u.name|upper }}: {{ '%.1f'|format(u.rate) }}{% endmacro %}"
        "{% for u in units %}{{ loop.index }}. {{ row(u) }}; {% endfor %}"
        "{{ range(3)|join(',') }} {{ 'a' * 3 }} {{ 2 ** 10 }} {{ '<b>' }}"
    )
    units = [{"name": "Xã A", "rate": 12.345}, {"name": "Xã B", "rate": 1}]
    assert env.from_string(source).render(units=units) == (
        "1. XÃ A: 12.3; 2. XÃ B: 1.0; 0,1,2 aaa 1024 &lt;b&gt;"
    )


def test_hostile_custom_report_template_is_exit_3(workspace, cli):
    from docx import Document

    template = Document()
    template.add_paragraph('{{ "x" * 10**9 }}')
    template.save(str(workspace / "mau.docx"))
    settings = workspace / "don-vi.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "template: mau.docx\n", encoding="utf-8"
    )
    result = cli("report", "--quarter", "IV", "-o", "r.docx", cwd=workspace)
    assert result.exit_code == 3, result.output
    assert "mẫu báo cáo tạo chuỗi quá lớn" in result.output
    assert not (workspace / "r.docx").exists() and _leftovers(workspace) == []


def test_a_hard_link_to_an_input_is_still_an_input(tmp_path):
    narrative = tmp_path / "noi-dung-bao-cao.md"
    narrative.write_text("## Kết quả\n", encoding="utf-8")
    twin = tmp_path / "ket-qua.md"
    try:
        os.link(narrative, twin)
    except OSError:
        pytest.skip("no hard links on this file system")
    with pytest.raises(OutputError, match="đây là tệp đầu vào"):
        write_atomic(twin, _text("x"), force=True, protected=[narrative])
    assert narrative.read_text(encoding="utf-8") == "## Kết quả\n"


def test_an_over_long_folder_name_is_exit_4(tmp_path):
    target = tmp_path / ("thu-muc-" * 40) / "t.txt"
    with pytest.raises(OutputError) as err:
        write_atomic(target, _text("x"))
    assert "quá dài" in err.value.message and "Errno" not in err.value.message
