"""How long the answer checker takes (R23): a 300-word answer and a 5,000-word document.

Aim (issue): under 20 ms and under 200 ms. Prints the median and p95 of repeated runs, with
the word caches cleared before each run ("cold": words never seen before) and kept
("warm": the same answer re-checked as it is typed), and, as a ratio measured in the
same run, against ruts computing its readability statistics alone (no style flags) on
the same text.

    uv run python bench/readability_checker.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from readability import style
from readability.checker import check

CORPUS = Path(__file__).resolve().parents[1] / "readability" / "tests" / "corpus"


def text_of(words: int) -> str:
    parts = [p.read_text(encoding="utf-8").strip() for p in sorted(CORPUS.glob("*.txt"))]
    out: list[str] = []
    count = 0
    while count < words:
        for part in parts:
            out.append(part)
            count += len(part.split())
            if count >= words:
                break
    return " ".join(" ".join(out).split()[:words]) + "."


def clear() -> None:
    style._parse.cache_clear()
    style._participle_headword.cache_clear()
    style._transitive.cache_clear()


def timed(fn, runs: int, before=None) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def line(name: str, samples: list[float]) -> str:
    p95 = statistics.quantiles(samples, n=20)[18]
    return f"{name:34} median {statistics.median(samples):7.2f} ms   p95 {p95:7.2f} ms"


def main() -> None:
    from ruts import ReadabilityStats

    check("Прогрев словаря морфологии.")  # load pymorphy3's dictionary once
    ReadabilityStats("Прогрев.").get_stats()
    for words, aim, runs in ((300, 20, 50), (5000, 200, 10)):
        text = text_of(words)
        cold = timed(lambda text=text: check(text), runs, clear)
        warm = timed(lambda text=text: check(text), runs)
        ruts = timed(lambda text=text: ReadabilityStats(text).get_stats(), runs)
        print(f"== {len(text.split())} words (aim under {aim} ms)")
        print(line("checker, cold word caches", cold))
        print(line("checker, warm (re-check as typed)", warm))
        print(line("ruts readability stats only", ruts))
        ratio = statistics.median(cold) / statistics.median(ruts)
        print(f"{'ratio checker cold / ruts':34} {ratio:.2f}")


if __name__ == "__main__":
    main()
