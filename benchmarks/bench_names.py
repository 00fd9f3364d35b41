"""Names not on the unit list, at national scale: how long the suggestion takes.

    python benchmarks/bench_names.py [--units 3321] [--unknown 500]

A list of `--units` generated commune names (the country has 3.321 since 1 July 2025) and
`--unknown` names typed as no unit is listed (a letter added, one dropped): each is matched
against the list as `validate` does (`UnitDirectory.match`), which suggests the closest listed
name. Printed: seconds for all of them, and the same suggestions found by
`difflib.get_close_matches` over the whole list (the way they were found before), checked equal.
"""

from __future__ import annotations

import argparse
import difflib
import random
import time

from dean5299_cli.core.text import fold
from dean5299_cli.core.units import UnitDirectory

WORDS = [
    "an",
    "bình",
    "hòa",
    "phú",
    "sơn",
    "tân",
    "thạnh",
    "mỹ",
    "lợi",
    "đông",
    "tây",
    "nam",
    "bắc",
    "quang",
    "trung",
    "hưng",
    "long",
    "phước",
    "điền",
    "cát",
    "tiến",
    "nhơn",
    "hội",
    "vĩnh",
    "thuận",
]


def names(count: int, rng: random.Random) -> list[str]:
    found: set[str] = set()
    while len(found) < count:
        parts = [rng.choice(WORDS).title() for _ in range(rng.choice((2, 2, 3)))]
        found.add(f"{rng.choice(('Xã', 'Phường'))} {' '.join(parts)}")
    return sorted(found)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--units", type=int, default=3321)
    parser.add_argument("--unknown", type=int, default=500)
    args = parser.parse_args()
    rng = random.Random(5299)
    listed = names(args.units, rng)
    typed = [
        f"Xã {rng.choice(WORDS).title()}h {rng.choice(WORDS)[:-1].title()}"
        for _ in range(args.unknown)
    ]

    start = time.perf_counter()
    directory = UnitDirectory(listed)
    found = [directory.match(name).suggestion for name in typed]
    ours = time.perf_counter() - start

    start = time.perf_counter()
    folded = {fold(name): name for name in reversed(listed)}
    before = []
    for name in typed:
        close = difflib.get_close_matches(fold(name), list(folded), n=1, cutoff=0.5)
        before.append(folded[close[0]] if close else None)
    plain = time.perf_counter() - start

    print(f"{args.unknown} tên không có trong danh sách {args.units} đơn vị:")
    print(
        f"  dean5299 (UnitDirectory.match): {ours:.2f} s ({ours / args.unknown * 1000:.1f} ms một tên)"
    )
    print(
        f"  difflib.get_close_matches:      {plain:.2f} s ({plain / args.unknown * 1000:.1f} ms một tên)"
    )
    print(f"  cùng gợi ý: {'có' if found == before else 'KHÔNG'}")


if __name__ == "__main__":
    main()
