"""The committed reference and README table are what tools/gen_docs.py makes from the code."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tests.paths import ROOT, TOOLS

REGENERATE = "python tools/gen_docs.py"

pytestmark = pytest.mark.skipif(not TOOLS.is_dir(), reason="tools/ is not beside the tests")


@pytest.fixture(scope="module")
def gen_docs():
    sys.path.insert(0, str(TOOLS))
    try:
        import gen_docs

        yield gen_docs
    finally:
        sys.path.remove(str(TOOLS))


@pytest.fixture(scope="module")
def generated(gen_docs) -> dict[Path, str]:
    return gen_docs.outputs()


def rows(text: str, heading: str) -> list[str]:
    """First cells (without backticks) of the table rows under a `## heading`."""
    section = text.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    return [m.group(1) for m in re.finditer(r"^\| `([^`]+)` \|", section, re.M)]


def test_committed_docs_are_generated(generated: dict[Path, str]):
    stale = [
        str(path.relative_to(ROOT))
        for path, text in generated.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"Tài liệu đã cũ: {', '.join(stale)}. Chạy: {REGENERATE}"


def test_no_entry_lacks_a_description(gen_docs, generated: dict[Path, str]):
    missing = [
        line for text in generated.values() for line in text.splitlines() if gen_docs.MISSING in line
    ]
    assert not missing, (
        "Chưa có mô tả (thêm vào tools/reference_text.py hoặc description= của pydantic), "
        f"rồi chạy {REGENERATE}:\n" + "\n".join(missing)
    )


def test_every_problem_code_has_exactly_one_entry(gen_docs, generated: dict[Path, str]):
    from dean5299_cli.core.problems import CATALOGUE

    documented = rows(generated[gen_docs.REFERENCE], "Mã vấn đề")
    assert sorted(documented) == sorted(CATALOGUE)
    assert len(documented) == len(set(documented))


def test_every_exit_code_has_an_entry(gen_docs, generated: dict[Path, str]):
    from dean5299_cli.core import errors

    documented = {int(code) for code in rows(generated[gen_docs.REFERENCE], "Mã thoát")}
    classes = {
        value.exit_code
        for value in vars(errors).values()
        if isinstance(value, type) and issubclass(value, errors.Dean5299Error)
    }
    assert classes <= documented
    assert {0, 5, 130, 141} <= documented
    assert documented <= classes | {0, 5, 130, 141}  # no entry without a code


def test_every_settings_key_has_an_entry(gen_docs, generated: dict[Path, str]):
    from dean5299_cli.core.settings import Settings

    documented = rows(generated[gen_docs.REFERENCE], "Tệp cấu hình `don-vi.yaml`")
    keys = [key for key, _ in gen_docs.sections.schema_keys(Settings)]
    assert documented == keys
    assert {"signer.name", "targets.<năm>.own", "rounding.mode", "units[].aliases"} <= set(keys)


def test_every_command_and_option_is_in_the_reference_and_readme(gen_docs, generated):
    reference = generated[gen_docs.REFERENCE]
    readme = generated[gen_docs.README]
    for name, command, ctx in gen_docs.sections.commands():
        assert f"### `dean5299 {name}`" in reference
        assert f"| `dean5299 {name}" in readme
        for param in command.get_params(ctx):
            if param.name != "help":
                assert f"`{', '.join(param.opts)}`" in reference or str(param.metavar) in reference
    assert "[--output TỆP]" in readme and "--strict" in readme  # summary's options, once missing


def test_a_new_problem_code_without_example_is_flagged(gen_docs, monkeypatch):
    from dean5299_cli.core import problems
    from dean5299_cli.core.problems import Severity

    monkeypatch.setitem(problems.CATALOGUE, "brand-new", (Severity.ERROR, "Mới: {what}."))
    lines = gen_docs.sections.problems_section()
    flagged = [line for line in lines if "`brand-new`" in line]
    assert len(flagged) == 1 and gen_docs.MISSING in flagged[0]


def test_check_mode_fails_on_a_stale_file(gen_docs, monkeypatch, tmp_path: Path, capsys):
    stale = tmp_path / "tham-chieu.md"
    stale.write_text("# cũ\n", encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text(f"x\n{gen_docs.BEGIN}\n{gen_docs.END}\n", encoding="utf-8")
    monkeypatch.setattr(gen_docs, "ROOT", tmp_path)
    monkeypatch.setattr(gen_docs, "REFERENCE", stale)
    monkeypatch.setattr(gen_docs, "README", readme)
    assert gen_docs.main(["--check"]) == 1
    assert REGENERATE in capsys.readouterr().err
    assert stale.read_text(encoding="utf-8") == "# cũ\n"  # --check writes nothing
    assert gen_docs.main([]) == 0
    assert gen_docs.main(["--check"]) == 0
    assert "| `dean5299 validate" in readme.read_text(encoding="utf-8")


def test_the_guide_walks_through_every_command():
    guide = (ROOT / "docs" / "huong-dan.md").read_text(encoding="utf-8")
    from tests.cli.test_help import command_names

    for name in command_names():
        assert f"dean5299 {name}" in guide, f"docs/huong-dan.md không nhắc lệnh {name}"
    assert "pipx install" in guide and ".whl" in guide  # the Windows install path


def test_the_guide_shows_the_pictures_the_script_makes():
    sys.path.insert(0, str(TOOLS))
    try:
        import make_pictures
    finally:
        sys.path.remove(str(TOOLS))
    guide = (ROOT / "docs" / "huong-dan.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"!\[[^\]]+\]\(hinh/([^)]+)\)", guide))
    made = {f"{picture.name}.png" for picture in make_pictures.PICTURES_TO_MAKE}
    assert shown == made
    pictures = ROOT / "docs" / "hinh"
    assert all((pictures / name).is_file() for name in made), "Chạy: python tools/make_pictures.py"
    total = sum(path.stat().st_size for path in pictures.glob("*.png"))
    assert total <= make_pictures.SIZE_LIMIT


def test_make_pictures_skips_cleanly_without_libreoffice(monkeypatch, tmp_path: Path, capsys):
    sys.path.insert(0, str(TOOLS))
    try:
        import make_pictures
    finally:
        sys.path.remove(str(TOOLS))
    monkeypatch.setattr(make_pictures.shutil, "which", lambda name: None)
    assert make_pictures.main(["--out", str(tmp_path / "hinh")]) == 0
    assert "Bỏ qua: chưa cài soffice, pdftoppm" in capsys.readouterr().out
    assert not (tmp_path / "hinh").exists()


def test_every_rubric_key_has_an_entry(gen_docs, generated: dict[Path, str]):
    from dean5299_cli.core.rubric import Rubric

    documented = rows(generated[gen_docs.REFERENCE], "Thang điểm `xep-hang.yaml`")
    assert documented == [key for key, _ in gen_docs.sections.schema_keys(Rubric)]
    assert {"indicators.overrides.<số>.cap", "adjustments[].when", "grades.done"} <= set(documented)
