"""The working folder: `init`, settings schema and exit codes."""

from __future__ import annotations

import pytest

from dean5299_cli.core.errors import ConfigError
from dean5299_cli.core.settings import find_settings, load_settings


def test_init_then_targets_in_the_new_folder(cli, tmp_path):
    folder = tmp_path / "huyen"
    result = cli("init", str(folder))
    assert result.exit_code == 0, result.output
    assert (folder / "don-vi.yaml").is_file()
    assert (folder / "bao-cao-don-vi").is_dir()
    assert (folder / "noi-dung-bao-cao.md").is_file()
    loaded = load_settings(folder / "don-vi.yaml")
    from dean5299_cli.core.levels import words_for

    words = words_for(loaded.settings)  # the starter's words agree with its level
    assert (loaded.settings.level, words.symbol) == ("xã", loaded.settings.issuer_symbol)
    assert loaded.settings.signer.on_behalf == words.signer
    targets = cli("targets", "--year", "2024", cwd=folder)
    assert targets.exit_code == 0, targets.output
    assert "Giao cho" in targets.stdout


def test_init_keys_the_targets_by_the_year_it_is_run(cli, tmp_path):
    """An office set up in 2026 does not find 2024's key to rename (nor a 2024 command cited)."""
    import datetime as dt

    from dean5299_cli.workspace import create_workspace

    assert cli("init", str(tmp_path / "a")).exit_code == 0
    year = dt.date.today().year
    text = (tmp_path / "a" / "don-vi.yaml").read_text(encoding="utf-8")
    assert f"\n  {year}:\n" in text and f"targets --year {year}`" in text
    create_workspace(tmp_path / "b", 2026)
    loaded = load_settings(tmp_path / "b" / "don-vi.yaml")
    assert list(loaded.settings.targets) == [2026]
    written = (tmp_path / "b" / "don-vi.yaml").read_text(encoding="utf-8")
    assert "2024" not in written.split("\ntargets:")[1].split("rounding:")[0]


def test_init_asks_for_the_years_indicator_set_first_when_there_is_none(tmp_path):
    """An office set up in a year without a set (2026: sets shipped up to 2024) was led to make
    forms of 2024; the set of the year comes first. A year with a set needs no such step."""
    import datetime as dt

    from dean5299_cli.cli.cmd_init import next_steps

    steps = next_steps(tmp_path, dt.date(2031, 3, 5))
    assert "dean5299 targets --new 2031" in steps[1] and "chi-tieu/2031.yaml" in steps[1]
    assert steps.index(steps[1]) < next(i for i, s in enumerate(steps) if "template" in s)
    assert not any("targets --new" in s for s in next_steps(tmp_path, dt.date(2024, 3, 5)))


def test_init_of_the_current_folder_names_it(cli, tmp_path):
    result = cli("init", ".", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert f"Đã tạo thư mục làm việc {tmp_path.resolve()}:" in " ".join(result.stderr.split())
    assert "thư mục làm việc .:" not in result.stderr


def test_init_refuses_to_overwrite(cli, tmp_path):
    (tmp_path / "don-vi.yaml").write_text("giữ nguyên", encoding="utf-8")
    result = cli("init", str(tmp_path))
    assert result.exit_code == 4
    assert "đã có" in result.stderr
    assert (tmp_path / "don-vi.yaml").read_text(encoding="utf-8") == "giữ nguyên"
    assert not (tmp_path / "noi-dung-bao-cao.md").exists()


def test_settings_found_in_parent(tmp_path, cli):
    cli("init", str(tmp_path))
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_settings(nested) == (tmp_path / "don-vi.yaml").resolve()


SETTINGS = """parent_body: TỈNH ĐOÀN BÌNH ĐỊNH
issuing_body: BCH ĐOÀN HUYỆN X
issuer_symbol: HĐTN
place: X
signer: {on_behalf: TM. BAN THƯỜNG VỤ HUYỆN ĐOÀN, title: BÍ THƯ, name: A}
recipients: [Lưu VP.]
units:
  - name: Xã Phước Sơn
  - Thị trấn Diêu Trì
targets:
  2023:
    own: {1: 5832, 3: "40%"}
    units:
      Phước Sơn: {1: 450}
rounding: {mode: truncate, decimals: 1}
"""


def test_valid_settings(tmp_path):
    path = tmp_path / "don-vi.yaml"
    path.write_text(SETTINGS, encoding="utf-8")
    s = load_settings(path).settings
    assert s.unit_names == ["Xã Phước Sơn", "Thị trấn Diêu Trì"]
    assert s.unit_allocations(2023, "Xã Phước Sơn") == {1: 450}
    assert s.rounding.to_rounding().mode.value == "truncate"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("mode: truncate", "mode: floor"), "rounding.mode"),
        (("own: {1: 5832", "own: {1: -5"), "targets.2023.own.1"),
        (("Phước Sơn: {1: 450}", "Phước Sơm: {1: 450}"), "Phước Sơm"),
        (("issuer_symbol: HĐTN\n", ""), "issuer_symbol"),
    ],
)
def test_invalid_settings_name_key_and_line(tmp_path, cli, change, expected):
    path = tmp_path / "don-vi.yaml"
    path.write_text(SETTINGS.replace(*change), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert expected in err.value.message and str(path) in err.value.message
    result = cli("targets", "--settings", str(path))
    assert result.exit_code == 3
    assert "Traceback" not in result.output


def test_line_number_points_at_the_key(tmp_path):
    path = tmp_path / "don-vi.yaml"
    path.write_text(SETTINGS.replace("mode: truncate", "mode: floor"), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    line = next(i for i, text in enumerate(SETTINGS.splitlines(), 1) if "rounding" in text)
    assert f"dòng {line}" in err.value.message


def test_usage_error_exit_2(cli):
    result = cli("targets", "--year", "abc")
    assert result.exit_code == 2


def test_every_command_has_vietnamese_help(cli):
    from dean5299_cli.cli.app import app

    for command in app.registered_commands:
        result = cli(command.name, "--help")
        assert result.exit_code == 0
        assert "Hiện hướng dẫn này rồi thoát." in result.stdout
        doc = (command.callback.__doc__ or "").strip()
        assert doc and any(
            ch in doc for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
        )


def test_no_heavy_imports_for_help_and_targets(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys; from dean5299_cli.cli.app import app\n"
        "from typer.testing import CliRunner\n"
        "CliRunner().invoke(app, ['--help']); CliRunner().invoke(app, ['targets', '--year', '2023'])\n"
        "print(','.join(m for m in ('pandas', 'openpyxl', 'docxtpl', 'docx') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert out.stdout.strip() == ""


def test_console_script_usage_errors_are_vietnamese(tmp_path):
    import subprocess
    import sys

    def run(*args: str):
        return subprocess.run(
            [sys.executable, "-m", "dean5299_cli", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=tmp_path,
        )

    wrong = run("validate", "--foo")
    assert (
        wrong.returncode == 2
        and "không có tùy chọn --foo" in wrong.stderr
        and "Traceback" not in wrong.stderr
    )
    year = run("validate", "--year", "abc")
    assert year.returncode == 2 and "phải là số nguyên" in year.stderr
    assert run("khong-co").returncode == 2
    ok = run("targets", "--year", "2023", "--json")
    assert ok.returncode == 0 and '"year": 2023' in ok.stdout
    config = run("targets", "--settings", str(tmp_path / "khong-co.yaml"))
    assert config.returncode == 3 and "Không tìm thấy tệp cấu hình" in config.stderr
