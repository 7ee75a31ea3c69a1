"""TorchModelBuilder, the interface readers of PyTorch models build on: a module called again is torchinfo's
"(recursive)" row, checked against torch + torchinfo 1.8.0 (tests/torch_oracle/shared.json, recorded by
`python -m tools.torch_oracle --shared`)."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, recorded_torch_summary

from convcalc.errors import SpecErrors
from convcalc.readers.torch_graph import TorchModelBuilder
from convcalc.render import torchinfo, torchinfo_rows

SHARED = json.loads((ROOT / "tests" / "torch_oracle" / "shared.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(SHARED))
def test_a_module_called_again_is_a_recursive_row(name):  # and giga_mult_adds: torchinfo's (G)
    recorded = SHARED[name]
    summary = recorded_torch_summary(recorded)
    assert torchinfo.render(summary) == recorded["summary"]
    found = torchinfo_rows.rows(summary)
    assert summary.total_params == sum(row.params for row in found if row.leaf and not row.recursive)


def test_mistakes_are_gathered_with_their_lines():
    builder = TorchModelBuilder("model.py")
    builder.add_container("", "Net", 1)
    builder.add_input([1, 3, 8, 8], 2)
    builder.add_module("conv", "Conv2d", {"in_channels": 3, "out_channels": 8, "kernel_size": 0}, 3, {"kernel_size": 4})
    builder.add_module("fc", "Dense", {"units": 3}, 5, {})
    with pytest.raises(SpecErrors) as caught:
        builder.build("net")
    assert [str(error) for error in caught.value.errors] == [
        "model.py:4: conv (Conv2d): `kernel_size` values must be >= 1, received 0",
        "model.py:5: fc: unknown torch.nn module 'Dense'"]
