"""Render the pictures of docs/huong-dan.md from the examples: `python tools/make_pictures.py`.

Copies example working folders to a temporary folder, runs the real commands there, converts the
report (.docx), the form (.xlsx) and the summary (.xlsx) to PDF with LibreOffice and the first
page of each to a small PNG in docs/hinh/. Without LibreOffice or poppler it says so and exits 0.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PICTURES = ROOT / "docs" / "hinh"
RESOLUTION = 50  # dots per inch for a whole page: readable, about 40–120 kB
SIZE_LIMIT = 1_500_000  # bytes for the whole of docs/hinh/
TIMEOUT = 180  # seconds for one command or one conversion


@dataclass(frozen=True)
class Picture:
    """One picture: which example, which commands make the file, which file to render."""

    name: str  # docs/hinh/<name>.png
    example: str  # folder under examples/
    commands: tuple[tuple[str, ...], ...]  # dean5299 arguments, run in the copied folder
    rendered: str  # the file to render, relative to the copied folder
    resolution: int = RESOLUTION
    crop: tuple[int, int, int, int] | None = None  # x, y, width, height in pixels at resolution


PICTURES_TO_MAKE = (
    Picture(
        "bieu-mau",
        "tuy-phuoc-2023",
        (("template", "--year", "2023", "--quarter", "IV", "--unit", "Phước Sơn",
          "-o", "bieu-mau-phuoc-son.xlsx"),),
        "bieu-mau-phuoc-son.xlsx",
        resolution=100,
        crop=(40, 70, 770, 520),  # header cells and the first indicators
    ),
    Picture(
        "tong-hop",
        "tuy-phuoc-2023",
        (("summary", "--year", "2023", "--quarter", "IV"),),
        "ket-qua/tong-hop-5299-2023-quy-4.xlsx",
        resolution=80,  # the first printed page: title block, units, the first indicator group
        crop=(0, 0, 935, 430),
    ),
    Picture(
        "bao-cao",
        "tuy-phuoc-2023",
        (("report", "--year", "2023", "--quarter", "IV"),),
        "ket-qua/bao-cao-5299-2023-quy-4.docx",
    ),
    Picture(
        "bao-cao-xa",
        "xa-cat-tien-2026",
        (("report", "--year", "2026", "--quarter", "III"),),
        "ket-qua/bao-cao-5299-2026-quy-3.docx",
    ),
)


def missing_tools() -> list[str]:
    """The programs this script needs that are not installed."""
    return [name for name in ("soffice", "pdftoppm") if shutil.which(name) is None]


def run(args: list[str], cwd: Path) -> None:
    """Run a program; stop with its own words when it fails."""
    done = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT
    )
    if done.returncode != 0:
        shown = " ".join(args)
        raise SystemExit(f"Lệnh thất bại ({done.returncode}): {shown}\n{done.stdout}{done.stderr}")


def to_pdf(source: Path, work: Path) -> Path:
    """The file converted by LibreOffice, with a profile of its own (other copies may run)."""
    profile = (work / "lo-profile").as_uri()
    soffice = shutil.which("soffice") or "soffice"
    run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(work / "pdf"), str(source)],
        cwd=work,
    )
    pdf = work / "pdf" / f"{source.stem}.pdf"
    if not pdf.is_file():
        raise SystemExit(f"LibreOffice không tạo được {pdf.name} từ {source.name}.")
    return pdf


def to_png(pdf: Path, target: Path, picture: Picture) -> None:
    """The first page of the PDF (or the picture's part of it) as target (.png)."""
    pdftoppm = shutil.which("pdftoppm") or "pdftoppm"
    args = [pdftoppm, "-png", "-r", str(picture.resolution), "-f", "1", "-l", "1", "-singlefile"]
    if picture.crop is not None:
        x, y, width, height = picture.crop
        args += ["-x", str(x), "-y", str(y), "-W", str(width), "-H", str(height)]
    run([*args, str(pdf), str(target.with_suffix(""))], cwd=pdf.parent)


def make(picture: Picture, work: Path, out: Path) -> Path:
    """Copy the example, run its commands, render the first page of the result."""
    folder = work / picture.name
    shutil.copytree(EXAMPLES / picture.example, folder)
    for command in picture.commands:
        run([sys.executable, "-m", "dean5299_cli", *command], cwd=folder)
    target = out / f"{picture.name}.png"
    to_png(to_pdf(folder / picture.rendered, work), target, picture)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tạo hình minh họa cho docs/huong-dan.md.")
    parser.add_argument("--out", type=Path, default=PICTURES, help="thư mục ghi hình")
    args = parser.parse_args(argv)
    missing = missing_tools()
    if missing:
        print(f"Bỏ qua: chưa cài {', '.join(missing)} (LibreOffice, poppler); không tạo hình.")
        return 0
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dean5299-hinh-") as temp:
        for picture in PICTURES_TO_MAKE:
            made = make(picture, Path(temp), out)
            print(f"Đã ghi {made} ({made.stat().st_size:,} byte)".replace(",", "."))
    total = sum(p.stat().st_size for p in out.glob("*.png"))
    print(f"Tổng dung lượng {out}: {total:,} byte".replace(",", "."))
    if total > SIZE_LIMIT:
        print(f"Quá {SIZE_LIMIT:,} byte: giảm độ phân giải hoặc số hình.".replace(",", "."))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
