"""The closest of many names to a word: what `difflib.get_close_matches(word, names, n=1,
cutoff)` returns, found without computing the full ratio against every name.

`get_close_matches` computes `SequenceMatcher.ratio()` for every name whose cheap upper bound
(`quick_ratio`, the letters in common) reaches the cutoff. Unit names share most of their
letters (`xa `, `phuong `, `nh`…), so nearly all pass, and a name not on a list of 3.321
communes took ~35 ms to suggest for: 500 such names, 18 s. Here the bound is computed for every
name (from letter counts made once), the names are taken best bound first, and the search stops
when no bound left can reach the best ratio found: the same name, the same ties, a few full
ratios instead of thousands.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher


class Closest:
    """Names to find the closest one among, each counted once (the first of equal names kept)."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names: list[str] = list(dict.fromkeys(names))
        self._sizes = [len(name) for name in self.names]
        self._named = set(self.names)
        # letter → [names holding it at least once, at least twice, …] (by index): the letters
        # two strings have in common are then counted by C code (`Counter.update`)
        self._holding: dict[str, list[list[int]]] = {}
        for i, name in enumerate(self.names):
            for letter, count in Counter(name).items():
                levels = self._holding.setdefault(letter, [])
                levels.extend([] for _ in range(count - len(levels)))
                for level in levels[:count]:
                    level.append(i)
        self._found: dict[tuple[str, float], str | None] = {}

    def best(self, word: str, cutoff: float) -> str | None:
        """The name `difflib.get_close_matches(word, self.names, n=1, cutoff=cutoff)` gives:
        the highest ratio at least `cutoff` (above 0), the greater name (as strings compare)
        on a tie."""
        key = (word, cutoff)
        if key not in self._found:
            self._found[key] = self._search(word, cutoff)
        return self._found[key]

    def _search(self, word: str, cutoff: float) -> str | None:
        if not word:  # difflib: two empty strings are alike, an empty one is alike no other
            return "" if "" in self._named else None
        common: Counter[int] = Counter()  # name's index → letters in common with `word`
        for letter, count in Counter(word).items():
            for level in self._holding.get(letter, [])[:count]:
                common.update(level)
        size, sizes = len(word), self._sizes
        # quick_ratio, in difflib's arithmetic (it is never above real_quick_ratio, the other
        # bound difflib checks); a name with no letter in common is no nearer than 0
        bounds = [
            (-bound, i)
            for i, same in common.items()
            if (bound := 2.0 * same / (size + sizes[i])) >= cutoff
        ]
        heapq.heapify(bounds)  # taken best first, as far as needed: no sort of the whole list
        matcher = SequenceMatcher()
        matcher.set_seq2(word)
        best: tuple[float, str] | None = None
        while bounds:
            negated, i = heapq.heappop(bounds)
            if best is not None and -negated < best[0]:
                break  # no name left can reach the best ratio, not even tie with it
            name = self.names[i]
            matcher.set_seq1(name)
            ratio = matcher.ratio()
            if ratio >= cutoff and (best is None or (ratio, name) > best):
                best = (ratio, name)
        return best[1] if best is not None else None
