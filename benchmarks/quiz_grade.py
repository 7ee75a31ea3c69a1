"""Grading a class of 1,000 students with `convcalc quiz grade` (issue 6): the target is a few seconds.

    python benchmarks/quiz_grade.py [--students 1000] [--runs 5] [--target 3]

Writes a hard quiz, its key and one answers file per student (a third of the answers wrong) to a
temporary directory, then runs the whole command as a fresh process --runs times and prints the
median wall time against the target; exit code 1 when it is missed. A script, not a test: timings
depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONVCALC = [sys.executable, "-c", "import sys; from convcalc.cli import main; sys.argv[0] = 'convcalc'; main()"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def convcalc(*args: str, cwd: Path) -> float:
    """Run one convcalc command; its wall time in seconds."""
    start = time.perf_counter()
    subprocess.run(CONVCALC + list(args), cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--target", type=float, default=3.0, help="seconds")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        convcalc("quiz", "new", "--seed", "5", "--level", "hard", "--out", "quiz.yaml", "--key", "key.yaml", cwd=work)
        key = yaml.safe_load((work / "key.yaml").read_text(encoding="utf-8"))
        (work / "class").mkdir()
        for student in range(options.students):
            answers = {qid: value if (student + index) % 3 else "1,234"
                       for index, (qid, value) in enumerate(key.items())}
            (work / "class" / f"s{student:05d}.yaml").write_text(yaml.safe_dump(answers), encoding="utf-8")
        times = [convcalc("quiz", "grade", "quiz.yaml", "class", "--csv", "grades.csv", "--force", cwd=work)
                 for _ in range(options.runs)]
    median = statistics.median(times)
    passed = median <= options.target
    print(f"quiz grade, {options.students:,} submissions: median {median:.2f} s over {options.runs} runs "
          f"(target <= {options.target:g} s): {'PASS' if passed else 'FAIL'}")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
