"""The command line: record specs or folders into fixtures, or generate random cases (see the package docstring)."""

import argparse
import os
import sys
from pathlib import Path

from .fixture_files import expand_specs, write_fixtures
from .generate import GENERATORS, generate_random
from .spec_reader import SpecError


def main(argv=None):
    if os.environ.get("PYTHONHASHSEED") != "0":
        # Some Keras messages print a Python set ("one of {'same', 'valid'}"),
        # whose order depends on string hashing: run again with a fixed seed.
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, "-m", __package__, *sys.argv[1:]])
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in GENERATORS:
        command = argv[0]
        _, _, default_cases, default_fixtures = GENERATORS[command]
        parser = argparse.ArgumentParser(prog=f"python -m {__package__} {command}")
        parser.add_argument("--seed", type=int, required=True)
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--out-cases", required=default_cases is None, default=default_cases)
        parser.add_argument("--out-fixtures", required=default_fixtures is None, default=default_fixtures)
        args = parser.parse_args(argv[1:])
        generate_random(args.seed, args.count, args.out_cases, args.out_fixtures, command)
        return 0
    parser = argparse.ArgumentParser(
        prog=f"python -m {__package__}",
        description="Record Keras's verdict on convcalc specs as JSON fixtures "
        "(see the package docstring; `random --help` for the generator).",
    )
    parser.add_argument("specs", nargs="+", metavar="SPEC_OR_DIR")
    parser.add_argument("--out", required=True, metavar="DIR")
    parser.add_argument("--check", action="store_true", help="compare, don't write")
    args = parser.parse_args(argv)
    try:
        differences = write_fixtures(
            expand_specs(args.specs),
            args.out,
            check=args.check,
            whole_folders=all(Path(a).is_dir() for a in args.specs),
        )
    except SpecError as exc:
        print(f"spec error: {exc}", file=sys.stderr)
        return 2
    return 1 if differences else 0
