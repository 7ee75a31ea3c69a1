"""Record random models: the YAML spec, torchinfo's text and rows. See the package docstring."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import torch
import torchinfo

from .generate import Drawer, Entry, build

UNITS = {"(Units.MEGABYTES)": "(M)", "(Units.GIGABYTES)": "(G)", "(Units.TERABYTES)": "(T)"}


def yaml_value(value: Any) -> str:
    return json.dumps(value)  # JSON's numbers, strings, lists, true/false/null are YAML flow values


def yaml_entries(entries: list[Entry], indent: str) -> str:
    text = ""
    for name, args in entries:
        if name == "Sequential":
            text += f"{indent}- Sequential:\n" + yaml_entries(args, indent + "    ")
        elif args:
            text += f"{indent}- {name}: {{{', '.join(f'{k}: {yaml_value(v)}' for k, v in args.items())}}}\n"
        else:
            text += f"{indent}- {name}\n"
    return text


def spec_text(name: str, size: list[int], entries: list[Entry]) -> str:
    return f"framework: torch\nname: {name}\ninput_size: {yaml_value(size)}\nlayers:\n" + yaml_entries(entries, "  ")


def summary_text(stats: Any) -> str:
    text = str(stats)
    for wrong, right in UNITS.items():
        text = text.replace(wrong, right)
    return text


def record(name: str, size: list[int], entries: list[Entry]) -> dict[str, Any]:
    model = build(entries)
    stats = torchinfo.summary(model, input_size=size, verbose=0)
    return {
        "spec": spec_text(name, size, entries),
        "summary": summary_text(stats),
        "summary_depth_1": summary_text(torchinfo.summary(model, input_size=size, verbose=0, depth=1)),
        "rows": [{"type": row.class_name, "depth": row.depth, "output_shape": list(row.output_size),
                  "params": row.num_params} for row in stats.summary_list],
        "total_params": stats.total_params,
        "trainable_params": stats.trainable_params,
        "total_mult_adds": stats.total_mult_adds,
        "torch_version": torch.__version__.split("+")[0],
        "torchinfo_version": "1.8.0",
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.torch_oracle")
    parser.add_argument("--count", type=int, default=320)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("tests/torch_oracle/fixtures"))
    parser.add_argument("--mistakes", type=Path, help="instead, record the shape mistakes in this JSON file")
    parser.add_argument("--shared", type=Path, help="instead, record the models calling a module twice in this file")
    parser.add_argument("--columns", type=Path, help="instead, record torchinfo's col_names on a sample in this file")
    parser.add_argument("--convert", type=Path, help="instead, run convert --to python's code with torch, record it "
                                                     "in this file")
    parser.add_argument("--forwards", type=Path, help="instead, record the models whose forward calls operations")
    parser.add_argument("--torchvision", type=Path, help="instead, record torchvision's models in this folder")
    options = parser.parse_args()
    if options.torchvision:
        from .torchvision_models import record_torchvision

        record_torchvision(options.torchvision)
        return 0
    if options.convert:
        from .convert import record_convert

        recorded = record_convert(options.out)
        options.convert.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return 0
    if options.columns:
        from .columns import record_columns

        recorded = record_columns(options.out)
        options.columns.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return 0
    if options.forwards:
        from .forwards import record_forwards

        options.forwards.write_text(json.dumps(record_forwards(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return 0
    if options.shared:
        from .shared import SHARED, record_shared

        shared = {name: record_shared(size, steps) for name, (size, steps) in SHARED.items()}
        options.shared.write_text(json.dumps(shared, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return 0
    if options.mistakes:
        from .mistakes import MISTAKES, record_mistake

        recorded = {name: record_mistake(size, lines) for name, (size, lines) in MISTAKES.items()}
        options.mistakes.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return 0
    options.out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(options.seed)
    for index in range(options.count):
        size, entries = Drawer(options.seed, index).model()
        name = f"random_{index:04d}"
        fixture = record(name, size, entries)
        (options.out / f"{name}.json").write_text(json.dumps(fixture, indent=1, sort_keys=True) + "\n",
                                                  encoding="utf-8")
    return 0
