"""python -m tools.web build [--out DIR] | serve [--out DIR] [--port N]: the static page (see build.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import build, serve

ROOT = Path(__file__).resolve().parent.parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.web", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("build", help="build the static site from packages (downloads are cached)")
    make.add_argument("--out", type=Path, default=ROOT / "build" / "web")
    make.add_argument("--cache", type=Path, default=ROOT / "build" / "web-cache")
    run = commands.add_parser("serve", help="serve the built site on localhost")
    run.add_argument("--out", type=Path, default=ROOT / "build" / "web")
    run.add_argument("--port", type=int, default=8000)
    options = parser.parse_args()
    if options.command == "build":
        build.build(ROOT, options.out, options.cache)
    else:
        serve.serve(options.out, options.port)


if __name__ == "__main__":
    main()
