"""python -m tools.keras_files GROUP...: applications, application_args, random, variants, shared, h5 (see
__init__)."""

from __future__ import annotations

import sys
from pathlib import Path

from .applications import APPLICATIONS

OUT = Path(__file__).resolve().parents[2] / "tests" / "keras_files"


def main(argv: list[str]) -> None:
    groups = argv or ["applications", "random", "variants", "shared"]
    for group in groups:
        if group == "applications":
            from . import applications

            applications.record_all(OUT / "applications")
        elif group.startswith("applications:"):
            from . import applications

            applications.record_all(OUT / "applications", group.split(":", 1)[1].split(","))
        elif group == "application_signatures":
            from . import application_args

            application_args.record_signatures(OUT / "application_args")
        elif group.startswith("application_args"):
            from . import application_args

            chosen = group.partition(":")[2]
            application_args.record_all(OUT / "application_args", chosen.split(",") if chosen else APPLICATIONS)
        elif group == "random":
            from .random_models import record_all

            record_all(OUT / "random")
        elif group == "variants":
            from .variants import record_all as record_variants

            record_variants(OUT / "variants")
        elif group == "shared":
            from .shared import record_all as record_shared

            record_shared(OUT / "shared")
        elif group == "h5":
            from .h5_files import record_all as record_h5

            record_h5(OUT / "h5")
        else:
            raise SystemExit(f"unknown group {group!r}: applications, applications:Name,Name, "
                             "application_args[:Name,...], application_signatures, random, variants, shared, h5")


if __name__ == "__main__":
    main(sys.argv[1:])
