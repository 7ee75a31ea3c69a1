"""convcalc against torch + torchinfo on the same PyTorch models, whole processes (issue 20: ≥ 10× faster,
≤ 30 MB).

    python benchmarks/torch_speed.py [FILE ...] [--runs 7] [--torch-python /work/venvs/torch/bin/python]

For each model file (a `framework: torch` YAML spec; by default three of tests/torch_oracle's random models,
written to a temporary directory) it times `convcalc summary FILE` against the PyTorch code `convcalc convert FILE
--to python` writes for it (`from torch import nn; from torchinfo import summary; model = ...; summary(model,
input_size=...)`), run as `python -c CODE` by the interpreter of a virtualenv holding torch and torchinfo (never a
dependency of convcalc). A .py file is run as it is. Each command runs once to warm the caches, then --runs times
in turns with the other (bench.py's measure); it prints the median wall time of each, their ratio and the peak RSS
(ru_maxrss of the child) of both. It prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository: benchmarks.bench, convcalc
from benchmarks.bench import CONVCALC, ENV, ROOT, cpu_model, load, measure  # noqa: E402

TORCH_PYTHON = "/work/venvs/torch/bin/python"
DEFAULT_MODELS = ("random_0003", "random_0007", "random_0042")  # 1d ending in an RNN, 2d, 3d
SPEED_TARGET = 10.0
MEMORY_TARGET_MB = 30.0


def default_files(folder: Path) -> list[Path]:
    files = []
    for name in DEFAULT_MODELS:
        fixture = json.loads((ROOT / "tests" / "torch_oracle" / "fixtures" / f"{name}.json").read_text("utf-8"))
        files.append(folder / f"{name}.yaml")
        files[-1].write_text(fixture["spec"], encoding="utf-8")
    return files


def torch_command(path: Path, torch_python: str) -> list[str]:
    """What a PyTorch user runs for the table: the file itself, or the code convcalc writes for a spec."""
    if path.suffix == ".py":
        return [torch_python, str(path)]
    code = subprocess.run(CONVCALC + ["convert", str(path), "--to", "python"], capture_output=True, text=True,
                          env=ENV, check=True).stdout
    return [torch_python, "-c", code]


def verdict(passed: bool) -> str:
    return "pass" if passed else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="torch model files (default: three random models)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--torch-python", default=TORCH_PYTHON)
    options = parser.parse_args()
    print(f"{cpu_model()}, Python {sys.version.split()[0]}, load average {load()}, median of {options.runs}")
    print(f"{'model':<22} {'convcalc':>9} {'torch':>9} {'ratio':>7} {'convcalc RSS':>13} {'torch RSS':>10}  targets")
    with tempfile.TemporaryDirectory() as folder:
        files = options.files or default_files(Path(folder))
        for path in files:
            ours = CONVCALC + ["summary", str(path)]
            (wall, _, peak), (torch_wall, _, torch_peak) = measure([ours, torch_command(path, options.torch_python)],
                                                                   options.runs)
            ratio = torch_wall / wall
            print(f"{path.stem:<22} {wall:>8.3f}s {torch_wall:>8.3f}s {ratio:>6.1f}× {peak:>10.1f} MB "
                  f"{torch_peak:>7.0f} MB  ≥ {SPEED_TARGET:.0f}×: {verdict(ratio >= SPEED_TARGET)}, "
                  f"≤ {MEMORY_TARGET_MB:.0f} MB: {verdict(peak <= MEMORY_TARGET_MB)}")


if __name__ == "__main__":
    main()
