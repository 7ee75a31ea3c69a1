"""Whole-process timings of convcalc against the interpreter's own start-up (issue 7).

    python benchmarks/bench.py [--runs 15]

Each case runs as a fresh process, once to warm the disk and bytecode caches and then --runs
times; it reports the median wall time, the median CPU time (user + system) and the largest peak
memory (ru_maxrss) of the child. The floors are `python -c pass` and `python -c "import yaml, click"`
(and `..., rich.console, rich.table` for the table, which rich draws), which convcalc cannot beat.
Generated specs (1,000 to 100,000 layers, sequential and residual, and 1,000 small files for
`convcalc check`) and a three-line lesson calling keras.applications.ResNet50 (timed against the model's
.keras file) go to a temporary directory. This prints figures; it is not a test: timings depend on
the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FASHION = ROOT / "specs" / "fashion_mnist.yaml"
RESNET50 = ROOT / "tests" / "keras_files" / "applications" / "ResNet50.keras"
LESSON = ROOT / "tests" / "python_source" / "examples" / "whole_lesson_flowers.py"
# What the `convcalc` console script runs, without needing convcalc installed.
CONVCALC = [sys.executable, "-c", "import sys; from convcalc.cli import main; sys.argv[0] = 'convcalc'; main()"]
# Bytecode caching on (the warm-up writes convcalc's .pyc files), as for an installed package.
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "PYTHONPATH": str(ROOT)}
FLOORS = {"python": "pass", "yaml+click": "import yaml, click",
          "yaml+click+rich": "import yaml, click, rich.console, rich.table"}


def sequential_spec(layers: int):
    """Conv2D / BatchNormalization / Activation repeated: a plain chain (lines of YAML)."""
    yield f"name: sequential_{layers}\ninput_shape: [32, 32, 8]\nlayers:\n"
    block = ("  - Conv2D: {filters: 8, kernel_size: 3, padding: same}\n",
             "  - BatchNormalization\n",
             "  - Activation: {activation: relu}\n")
    for index in range(layers):
        yield block[index % 3]


def residual_spec(layers: int):
    """Conv2D / BatchNormalization / Activation blocks, each closed by an Add skip from the block's input."""
    yield f"name: residual_{layers}\ninputs: {{image: [32, 32, 8]}}\nlayers:\n"
    skip = "image"
    for block in range(layers // 4):
        yield (f"  - Conv2D: {{name: c{block}, filters: 8, kernel_size: 3, padding: same, inputs: {skip}}}\n"
               f"  - BatchNormalization: {{name: b{block}}}\n"
               f"  - Activation: {{name: r{block}, activation: relu}}\n"
               f"  - Add: {{name: a{block}, inputs: [{skip}, r{block}]}}\n")
        skip = f"a{block}"


def run_once(command, cwd) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident memory (MB) of one child process, which must succeed."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=ENV, cwd=cwd)
        _, status, usage = os.wait4(child.pid, 0)  # wait4, not wait: this child's own resource usage
        wall = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            sys.exit(f"failed: {' '.join(map(str, command))}\n{errors.read().decode()}")
    # Bytes on macOS, KiB elsewhere. Linux counts the parent's memory at the fork in a child's peak, so
    # this script keeps its own small (~10 MB): it streams the specs to disk and never imports yaml.
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return wall, usage.ru_utime + usage.ru_stime, peak


def measure(commands, runs: int, cwd=ROOT) -> list[tuple[float, float, float]]:
    """For each command: median wall and CPU seconds and the largest peak memory over `runs` runs.

    The commands take turns (after one warm-up each), so that a change in the machine's load
    weighs on a case and its floor alike.
    """
    for command in commands:
        run_once(command, cwd)
    results: list[list[tuple[float, float, float]]] = [[] for _ in commands]
    for _ in range(runs):
        for command, result in zip(commands, results, strict=False):
            result.append(run_once(command, cwd))
    return [(statistics.median(r[0] for r in result), statistics.median(r[1] for r in result),
             max(r[2] for r in result)) for result in results]


def rich_on_the_json_path() -> bool:
    """Whether `python -X importtime` lists a rich module for `summary --format json` (it must not)."""
    command = [sys.executable, "-X", "importtime"] + CONVCALC[1:] + ["summary", str(FASHION), "--format", "json"]
    log = subprocess.run(command, capture_output=True, text=True, env=ENV, cwd=ROOT).stderr
    return any(line.rsplit("|", 1)[-1].strip().split(".")[0] == "rich" for line in log.splitlines())


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"


def write_specs(folder: Path) -> dict[tuple[str, int] | str, Path]:
    paths: dict[tuple[str, int] | str, Path] = {}
    for layers in (1_000, 10_000, 100_000):
        for form, build in (("sequential", sequential_spec), ("residual", residual_spec)):
            paths[form, layers] = folder / f"{form}_{layers}.yaml"
            with open(paths[form, layers], "w", encoding="utf-8") as handle:
                handle.writelines(build(layers))
    many = folder / "check_1000"
    many.mkdir()
    text = FASHION.read_text(encoding="utf-8")
    for index in range(1_000):
        (many / f"model_{index:04}.yaml").write_text(text.replace("fashion_mnist_cnn", f"model_{index}"),
                                                     encoding="utf-8")
    paths["check"] = many
    paths["resnet50.py"] = folder / "resnet50.py"
    paths["resnet50.py"].write_text("import keras\n\nmodel = keras.applications.ResNet50(weights=None)\n",
                                    encoding="utf-8")
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per case (default 15)")
    runs = parser.parse_args().runs
    libyaml = subprocess.run([sys.executable, "-c", "import yaml; print(yaml.__version__, yaml.__with_libyaml__)"],
                             capture_output=True, text=True, env=ENV).stdout.split()
    print(f"machine: {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()} "
          f"({platform.python_implementation()}), {platform.system()} {platform.release()}, "
          f"PyYAML {libyaml[0]} {'with' if libyaml[1] == 'True' else 'WITHOUT'} libyaml")
    print(f"{runs} runs per case after a warm-up (3 for 100,000 layers and for check); load average before: {load()}")

    floor_commands = {name: [sys.executable, "-c", code] for name, code in FLOORS.items()}
    floors = dict(zip(FLOORS, measure(list(floor_commands.values()), runs), strict=False))
    folder = Path(tempfile.mkdtemp(prefix="convcalc-bench-"))
    specs = write_specs(folder)
    rows = []  # (case, (wall, cpu, peak), floor name, floor wall, target text, passed or None)

    def case(label, arguments, floor, times_floor=None, seconds=None, case_runs=runs):
        """A ratio target measures the case in turns with its floor, and compares with that floor."""
        if times_floor:
            figures, floor_figures = measure([CONVCALC + arguments, floor_commands[floor]], case_runs)
        else:
            (figures,), floor_figures = measure([CONVCALC + arguments], case_runs), floors[floor]
        checks = [figures[0] <= times_floor * floor_figures[0]] if times_floor else []
        checks += [figures[0] <= seconds] if seconds else []
        target = f"<= {times_floor}x" if times_floor else f"<= {seconds:g} s" if seconds else ""
        rows.append((label, figures, floor, floor_figures[0], target, all(checks) if checks else None))
        return figures

    fashion = case("fashion_mnist, json", ["summary", str(FASHION), "--format", "json"], "yaml+click", times_floor=1.3)
    case("fashion_mnist, table", ["summary", str(FASHION)], "yaml+click+rich", times_floor=1.3)
    per_layer = {}
    for form in ("sequential", "residual"):
        for layers in (1_000, 10_000, 100_000):
            _, cpu, peak = case(f"{form} {layers:,} layers, json", ["summary", str(specs[form, layers]), "--format",
                                 "json"], "yaml+click", seconds=2.0 if layers == 10_000 else None,
                                 case_runs=3 if layers == 100_000 else runs)
            per_layer[form, layers] = (cpu - fashion[1]) / layers
            if (form, layers) == ("sequential", 10_000):
                peak_10k = peak
    case("sequential 1,000 layers, table", ["summary", str(specs["sequential", 1_000])], "yaml+click+rich")
    for output in ("json", "table"):  # a keras.applications call in Python code against the model's .keras file
        lesson, archive = (["summary", str(path), "--format", output] for path in (specs["resnet50.py"], RESNET50))
        lesson_figures, archive_figures = measure([CONVCALC + lesson, CONVCALC + archive], runs)
        rows.append((f"ResNet50 .py, {output}", lesson_figures, "its .keras", archive_figures[0], "<= 1.5x",
                     lesson_figures[0] <= 1.5 * archive_figures[0]))
        rows.append((f"ResNet50 .keras, {output}", archive_figures, "", 0.0, "", None))
    case("check, 1,000 files", ["check", str(specs["check"]), "--max-params", "1M", "--format", "json"],
         "yaml+click", case_runs=3)
    # Whole lessons, read as written (issue 18: <= 150 ms): the repo's own, and the longest keras.io example of
    # the third-party corpus when it is on this machine (tools/wild_keras; never committed).
    case("whole lesson .py, json", ["summary", str(LESSON), "--model", "model", "--set", "num_classes=5",
                                    "--format", "json"], "yaml+click", seconds=0.15)
    corpus = sorted(Path(os.environ.get("CONVCALC_KERAS_CORPUS", "/work/corpus/keras")).glob("kio_*.py"),
                    key=lambda path: len(path.read_text(encoding="utf-8").splitlines()))
    if corpus:
        longest = corpus[-1]
        lines = len(longest.read_text(encoding="utf-8").splitlines())
        case(f"keras.io {lines} lines, list", ["summary", "--list-models", str(longest)], "yaml+click", seconds=0.15)

    print()
    print(f"{'case':<32} {'wall s':>8} {'cpu s':>7} {'peak MB':>8}  {'floor':<16} {'x floor':>7}  {'target':<9} result")
    for name, (wall, cpu, peak) in floors.items():
        print(f"{'floor: ' + name:<32} {wall:>8.3f} {cpu:>7.3f} {peak:>8.1f}")
    for label, (wall, cpu, peak), floor, floor_wall, target, passed in rows:
        result = "" if passed is None else "PASS" if passed else "MISS"
        ratio = f"{wall / floor_wall:>7.2f}" if floor_wall else ""
        print(f"{label:<32} {wall:>8.3f} {cpu:>7.3f} {peak:>8.1f}  {floor:<16} {ratio:>7}  {target:<9} {result}")

    print()
    print("growth: CPU time above fashion_mnist's, per layer (1.00x = linear)")
    linear = True
    for form in ("sequential", "residual"):
        base = per_layer[form, 1_000]
        ratios = [per_layer[form, n] / base for n in (10_000, 100_000)]
        linear &= ratios[0] <= 1.5
        print(f"  {form:<10}  1,000 layers: {base * 1e6:5.0f} us/layer;  10,000: {ratios[0]:.2f}x;  "
              f"100,000: {ratios[1]:.2f}x")
    print(f"linear time from 1,000 to 10,000 layers (per-layer cost within 1.5x): {'PASS' if linear else 'MISS'}")
    print(f"peak memory, sequential 10,000 layers: {peak_10k:.1f} MB (target <= 150 MB): "
          f"{'PASS' if peak_10k <= 150 else 'MISS'}")
    print(f"rich imported by `summary --format json` (python -X importtime): "
          f"{'yes: MISS' if rich_on_the_json_path() else 'no: PASS'}")
    print(f"load average after: {load()} (figures taken under load are noisy; compare cpu s)")
    print(f"generated specs: {folder}")


if __name__ == "__main__":
    main()
