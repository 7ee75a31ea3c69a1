"""Run one cut with real torch in this process and record torchinfo's summary of each of its models (torch venv
only). Printed as JSON by `python -m tools.wild_torch run ID`, in a fresh process per file.

Modules that only data loading, plotting or progress bars use answer every call with a dummy, so that a kept
import of them does nothing; no data is loaded and nothing is trained (the cut keeps only what builds models).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import io
import os
import runpy
import sys
import tempfile
import traceback
import warnings
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import torch  # type: ignore[import-not-found, unused-ignore]
import torchinfo  # type: ignore[import-not-found, unused-ignore]

DUMMY_MODULES = ("matplotlib", "seaborn", "PIL", "cv2", "IPython", "ipywidgets", "tqdm", "sklearn", "pandas",
                 "tensorboard", "gym", "gymnasium", "requests", "torchmetrics", "mlxtend", "helper_functions",
                 "going_modular", "timeit", "wandb")
# torchinfo 1.8.0 formats its unit enum with str() on Python 3.11+; convcalc prints what 3.10 printed.
UNITS = {"(Units.KILOBYTES)": "(K)", "(Units.MEGABYTES)": "(M)", "(Units.GIGABYTES)": "(G)",
         "(Units.TERABYTES)": "(T)"}


class _Anything:
    """Any attribute or call of a dummy module: another dummy."""

    def __init__(self, name: str) -> None:
        self.__name__ = name
        self.__path__: list[str] = []

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Anything(f"{self.__name__}.{name}")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return _Anything(self.__name__)

    def __iter__(self) -> Any:
        return iter(())


class _DummyFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name.split(".")[0] in DUMMY_MODULES:
            return importlib.machinery.ModuleSpec(name, self)
        return None

    def create_module(self, spec: Any) -> Any:
        return _Anything(spec.name)

    def exec_module(self, module: Any) -> None:
        return None


def summary_text(stats: Any) -> str:
    text = str(stats)
    for wrong, right in UNITS.items():
        text = text.replace(wrong, right)
    return text


def _row(layer: Any) -> dict[str, Any]:
    return {"type": layer.class_name, "depth": layer.depth, "depth_index": layer.depth_index,
            "output_shape": list(layer.output_size), "params": layer.num_params,
            "leaf": layer.is_leaf_layer, "recursive": layer.is_recursive,
            "leftover_params": None if layer.is_leaf_layer else layer.leftover_params()}


def _model(spec: dict[str, Any], namespace: dict[str, Any]) -> Any:
    """The model a user picks: a variable holding a module, else a class built with its defaults, else the
    manifest's `build` expression evaluated in the cut's namespace."""
    if spec.get("build"):
        return eval(spec["build"], namespace)  # noqa: S307 - the manifest's own expression, in the torch venv
    value = namespace[spec["model"]]
    return value() if isinstance(value, type) else value


def describe(spec: dict[str, Any], namespace: dict[str, Any]) -> dict[str, Any]:
    described: dict[str, Any] = {"model": spec["model"], "input_size": spec["input_size"]}
    try:
        model = _model(spec, namespace)
        stats = torchinfo.summary(model, input_size=spec["input_size"], verbose=0, device="cpu")
    except Exception as failure:  # torch itself refused the model: record why
        described["error"] = _where(failure)
        return described
    described.update(error=None, summary=summary_text(stats), rows=[_row(row) for row in stats.summary_list],
                     total_params=stats.total_params, trainable_params=stats.trainable_params,
                     total_mult_adds=stats.total_mult_adds)
    return described


def run(cut_text: str, specs: list[dict[str, Any]]) -> dict[str, Any]:
    sys.meta_path.insert(0, _DummyFinder())
    torch.manual_seed(0)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cut.py"
        path.write_text(cut_text, encoding="utf-8")
        os.chdir(folder)
        with warnings.catch_warnings(), redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            try:
                namespace = runpy.run_path(str(path), run_name="__convcalc_cut__")
                error = None
            except BaseException as failure:  # torch refused the cut: record why
                namespace, error = {}, _where(failure)
            models = [describe(spec, namespace) for spec in specs] if error is None else []
    return {"torch_version": torch.__version__.split("+")[0], "torchinfo_version": torchinfo.__version__,
            "error": error, "models": models}


def _where(failure: BaseException) -> str:
    """Where the cut failed and why; for torchinfo's "Failed to run torchinfo", the error of the forward pass."""
    failure = failure.__cause__ or failure
    frames = [f for f in traceback.extract_tb(failure.__traceback__) if f.filename.endswith("cut.py")]
    line = f"cut line {frames[-1].lineno}: " if frames else ""
    return f"{line}{type(failure).__name__}: {str(failure).splitlines()[0] if str(failure) else ''}"[:400]
