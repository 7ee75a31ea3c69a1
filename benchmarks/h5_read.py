"""Reading a 500 MB legacy .h5 model against reading its JSON config alone (issue 21).

    python benchmarks/h5_read.py [--runs 9] [--megabytes 500]

Needs h5py (pip install 'convcalc[h5]'). tools/keras_files/big_h5.py writes the .h5 (DenseNet121's config as
tf.keras 2.21 saved it, then filler weights), one of 5 MB and the config as .json, to a temporary directory.
Each is read by `convcalc summary --format json` in fresh processes (bench.py's measure: median wall and CPU
time, largest peak memory), and by convcalc.readers.load in one process that has imported h5py already (the
median of --runs reads): the first includes importing h5py and numpy, a fixed cost, the second is the file's
own. The .h5's peak memory must not grow with its weights. It prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository: benchmarks.bench, convcalc
from benchmarks.bench import CONVCALC, ENV, ROOT, measure  # noqa: E402

IN_PROCESS = """
import statistics, sys, time
import h5py
from convcalc import readers
for path in sys.argv[2:]:
    readers.load(path)
    times = []
    for _ in range(int(sys.argv[1])):
        started = time.perf_counter()
        readers.load(path)
        times.append(time.perf_counter() - started)
    print(statistics.median(times))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--megabytes", type=int, default=500)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        big, small = Path(folder) / "big.h5", Path(folder) / "small.h5"
        for path, size in ((big, options.megabytes), (small, 5)):  # in a child: this process stays small
            subprocess.run([sys.executable, "-m", "tools.keras_files.big_h5", str(path), str(size)], check=True,
                           env=ENV, cwd=ROOT, stdout=subprocess.DEVNULL)
        config = big.with_suffix(".json")
        cases = {f".h5 of {os.path.getsize(big) / 1e6:,.0f} MB": big,
                 f".h5 of {os.path.getsize(small) / 1e6:,.0f} MB": small, "its JSON config": config}
        figures = measure([[*CONVCALC, "summary", "--format", "json", str(path)] for path in cases.values()],
                          options.runs)
        reads = subprocess.run([sys.executable, "-c", IN_PROCESS, str(options.runs), *map(str, cases.values())],
                               check=True, env=ENV, cwd=ROOT, capture_output=True, text=True).stdout.split()
    json_wall, json_read = figures[-1][0], float(reads[-1])
    print(f"{'file':<18} {'process s':>9} {'x JSON':>7} {'cpu s':>7} {'peak MB':>8} {'read s':>8} {'x JSON':>7}")
    for label, (wall, cpu, peak), read in zip(cases, figures, map(float, reads), strict=True):
        print(f"{label:<18} {wall:>9.3f} {wall / json_wall:>7.2f} {cpu:>7.3f} {peak:>8.1f} {read:>8.4f} "
              f"{read / json_read:>7.2f}")
    print(f"peak memory of the big .h5 less the 5 MB one's: {figures[0][2] - figures[1][2]:+.1f} MB")


if __name__ == "__main__":
    main()
