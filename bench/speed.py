"""Speed of the analysis: per-answer latency, batch throughput, and CLI cold start.

    python bench/speed.py [--devset PATH] [--repeat N] [--write]

Targets on the reference 2-core machine (issue 13): p95 <= 50 ms per answer, batch >= 40 answers/s,
`starcoach analyze` on a short answer from a cold start <= 1.0 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _devset
from _docs import machine_line, write_section
from starcoach.analysis.engine import analyze

SHORT_ANSWER = "I stayed calm, listened to the customer, and fixed the billing error the same day."


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def per_answer(records: list[dict[str, str]], repeat: int) -> tuple[float, float, float]:
    """p50, p95 and max in milliseconds of analyze() over every answer, after one warm-up pass."""
    for r in records:
        analyze(r["answer"], r["question"])
    times = []
    for _ in range(repeat):
        for r in records:
            start = time.perf_counter()
            analyze(r["answer"], r["question"])
            times.append((time.perf_counter() - start) * 1000)
    return _percentile(times, 0.5), _percentile(times, 0.95), max(times)


def batch_throughput(records: list[dict[str, str]]) -> tuple[float, int]:
    """Answers per second through `starcoach analyze --batch`, end to end including start-up."""
    exe = shutil.which("starcoach") or str(Path(sys.executable).parent / "starcoach")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        lines = [json.dumps({"id": r["id"], "question": r["question"], "answer": r["answer"]}) for r in records] * 4
        src.write_text("\n".join(lines) + "\n", encoding="utf-8")
        start = time.perf_counter()
        subprocess.run(
            [exe, "analyze", "--batch", str(src), "--out", str(Path(tmp) / "out.jsonl")],
            check=True,
            capture_output=True,
        )
        elapsed = time.perf_counter() - start
    return len(lines) / elapsed, len(lines)


def cold_start(runs: int = 7) -> tuple[float, float]:
    """Median and worst wall time of `starcoach analyze -` on a short answer, fresh process each run."""
    exe = shutil.which("starcoach") or str(Path(sys.executable).parent / "starcoach")
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="0")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [exe, "analyze", "-", "--format", "json"],
            input=SHORT_ANSWER.encode(),
            check=True,
            capture_output=True,
            env=env,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devset", type=Path, default=_devset.SECOND_DEVSET)
    parser.add_argument("--repeat", type=int, default=5, help="passes over the dev set for latency")
    parser.add_argument("--write", action="store_true", help="record the figures in docs/benchmarks.md")
    args = parser.parse_args()
    records = _devset.load(args.devset)
    p50, p95, worst = per_answer(records, args.repeat)
    rate, count = batch_throughput(records)
    cold_median, cold_worst = cold_start()
    markdown = "\n".join(
        [
            "## Speed",
            "",
            f"Command: `python bench/speed.py --repeat {args.repeat}`",
            "",
            f"{machine_line()} Dev set answers: {len(records)} "
            f"(mean {statistics.mean(int(r['word_count']) for r in records):.0f} words).",
            "",
            "| measure | result | target |",
            "|---|---|---|",
            f"| analyze() per answer, p50 | {p50:.2f} ms | |",
            f"| analyze() per answer, p95 | {p95:.2f} ms | <= 50 ms |",
            f"| analyze() per answer, max | {worst:.2f} ms | |",
            f"| `starcoach analyze --batch`, {count} answers incl. start-up | {rate:.0f} answers/s | >= 40 answers/s |",
            f"| `starcoach analyze -` short answer, cold start, median of 7 | {cold_median:.3f} s | <= 1.0 s |",
            f"| same, worst of 7 | {cold_worst:.3f} s | |",
        ]
    )
    print(markdown)
    if args.write:
        write_section("speed", markdown)


if __name__ == "__main__":
    main()
