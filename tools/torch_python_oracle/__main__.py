"""Record torchinfo's summary of each example (see the package docstring)."""

from __future__ import annotations

import json
import re
import shlex
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "tests" / "python_source" / "torch_examples"
FIXTURES = ROOT / "tests" / "python_source" / "torch_fixtures"
MULT_ADDS = re.compile(r"Total mult-adds \(Units\.(\w+)\)")
UNITS = {"NONE": "", "KILOBYTES": "K", "MEGABYTES": "M", "GIGABYTES": "G", "TERABYTES": "T"}


def arguments(path: Path) -> dict[str, str]:
    """The example's `# convcalc:` options (--model, --input-size) and its `# truth-input:`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    words = shlex.split(lines[0].removeprefix("# convcalc:"))
    found = dict(zip(words[::2], words[1::2], strict=True))
    if len(lines) > 1 and lines[1].startswith("# truth-input:"):
        found["truth-input"] = lines[1].removeprefix("# truth-input:").strip()
    return found


def model_of(namespace: dict[str, Any], name: str) -> Any:
    import torch.nn as nn

    value = namespace[name]
    return value() if isinstance(value, type) and issubclass(value, nn.Module) else value


def _no_weights() -> None:
    """Pretrained torchvision weights are never downloaded: the shapes and counts are the architecture's."""
    import torch
    from torchvision.models import _api

    _api.WeightsEnum.get_state_dict = lambda self, *args, **kwargs: {}
    torch.nn.Module.load_state_dict = lambda self, *args, **kwargs: None


def record(path: Path) -> dict[str, Any]:
    import torch
    import torchinfo

    torch.manual_seed(0)
    _no_weights()
    options = arguments(path)
    namespace: dict[str, Any] = {"__name__": "example", "__file__": str(path)}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)  # noqa: S102 - our own example
    model = model_of(namespace, options["--model"])
    size = options.get("--input-size") or options["truth-input"]
    result = torchinfo.summary(model, input_size=tuple(int(part) for part in size.split(",")), verbose=0)
    text = MULT_ADDS.sub(lambda match: f"Total mult-adds ({UNITS[match.group(1)]})", str(result))
    return {"file": path.relative_to(ROOT).as_posix(), "options": options, "text": text,
            "total_params": result.total_params}


def main(names: list[str]) -> None:
    FIXTURES.mkdir(exist_ok=True)
    paths = [EXAMPLES / f"{name}.py" for name in names] if names else sorted(EXAMPLES.glob("*.py"))
    for path in paths:
        data = record(path)
        (FIXTURES / f"{path.stem}.json").write_text(json.dumps(data, indent=1, sort_keys=True) + "\n",
                                                    encoding="utf-8")
        print(f"{path.name}: {data['total_params']:,} params")


if __name__ == "__main__":
    main(sys.argv[1:])
