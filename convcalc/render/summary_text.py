"""`summary`'s text for one computed model, whichever the format: Keras's table (or tf.keras 2's), torchinfo's for a
PyTorch model, JSON or Markdown. The command line and the browser page both print what this returns, so the page
shows what `convcalc summary` prints for the same file and options."""

from __future__ import annotations

from ..costs import DEFAULT_BATCH_SIZE
from ..errors import ConvcalcError
from ..model import Summary

# torchinfo's col_names as the rows of --format markdown show them (a module's own figures, as for Keras models)
MARKDOWN_NAMES = {"input_size": "input_shape", "output_size": "output_shape", "num_params": "params"}
TABLE_ONLY = ("kernel_size", "mult_adds")  # torchinfo's own figures, in its table only
TORCH_CONVENTION = ("convcalc's figures, by PyTorch's formulas: per sample (input_size's first axis left out), "
                    "MACs weights only; torchinfo's Total mult-adds above also counts biases and the batch")


def parse_columns(text: str) -> tuple[str, ...]:
    """--columns: names of Keras's columns, torchinfo's col_names or convcalc's figures; which of them a model
    takes is checked with the model (a Keras model, a PyTorch model)."""
    from .columns import COLUMNS
    from .columns import parse_columns as keras_columns
    from .torchinfo_columns import TORCH_COLUMNS

    names = tuple(name.strip() for name in text.split(",") if name.strip())
    return names if names and set(names) <= set(COLUMNS) | set(TORCH_COLUMNS) else keras_columns(text)


def render(result: Summary, fmt: str = "table", columns: tuple[str, ...] | None = None, *, costs: bool = False,
           show_trainable: bool = False, dtype: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
           width: int | None = None, depth: int | None = None, color: bool = False) -> str:
    """What `convcalc summary --format fmt --columns ... [--costs]` prints for the model (without a final newline's
    guarantee); a ConvcalcError for options the model's framework does not take."""
    if result.framework == "torch":
        return _torch(result, fmt, columns, costs, show_trainable, dtype, batch_size, width, depth)
    return _keras(result, fmt, _keras_columns(columns, result.source), show_trainable, costs, dtype, batch_size,
                  width, color)


def _keras_columns(names: tuple[str, ...] | None, source: str) -> tuple[str, ...] | None:
    from .columns import COLUMNS

    for name in names or ():
        if name not in COLUMNS:
            raise ConvcalcError(f"{source}: column {name!r} is torchinfo's, for PyTorch models; a Keras model's "
                                f"columns are: {', '.join(COLUMNS)}")
    return names


def _torch(result: Summary, fmt: str, names: tuple[str, ...] | None, costs: bool, show_trainable: bool,
           dtype: str | None, batch_size: int, width: int | None, depth: int | None) -> str:
    """torchinfo's table (--columns as its col_names, --depth as its depth), or the other formats' documents."""
    from . import torchinfo
    from .columns import COST_COLUMNS, cost_totals, memory
    from .torchinfo_columns import parse

    names = parse(names, result.source) if names else None
    show_costs = costs or bool(names and COST_COLUMNS & set(names))
    if fmt != "table":
        for name in set(TABLE_ONLY) & set(names or ()):
            raise ConvcalcError(f"{result.source}: column {name!r} is torchinfo's, in its table (--format table); "
                                f"--format {fmt} of a PyTorch model shows input_size, output_size, num_params, "
                                "params_percent, trainable and convcalc's figures (macs, flops, rf, ...)")
        markdown = ("layer", *(MARKDOWN_NAMES.get(name, name) for name in names)) if names else None
        return _keras(result, fmt, markdown, show_trainable, show_costs, dtype, batch_size, width, False)
    if show_trainable or width:
        raise ConvcalcError(f"{result.source}: --show-trainable and --width shape Keras's table; a PyTorch model "
                            "prints torchinfo's (--columns takes its col_names, trainable among them; --depth sets "
                            "its depth)")
    text = torchinfo.render(result, torchinfo.DEFAULT_DEPTH if depth is None else depth,
                            names or torchinfo.DEFAULT_COLUMNS)
    if show_costs:
        totals = cost_totals(result, memory(result, batch_size, dtype))
        text += "\n" + "\n".join(f"{label}: {value}" for label, value in (*totals, ("Convention", TORCH_CONVENTION)))
    return text


def _keras(result: Summary, fmt: str, names: tuple[str, ...] | None, show_trainable: bool, show_costs: bool,
           dtype: str | None, batch_size: int, width: int | None, color: bool) -> str:
    from .columns import COST_COLUMNS, cost_totals, memory

    show_costs = show_costs or bool(names and COST_COLUMNS & set(names))
    figures = memory(result, batch_size, dtype)
    if fmt in ("json", "jsonl"):
        from . import json

        return json.render(result, memory=figures)
    totals = cost_totals(result, figures) if show_costs else None
    if fmt == "markdown":
        from . import markdown

        return markdown.render(result, columns=names, show_trainable=show_trainable, costs=totals)
    from . import table

    return table.render(result, columns=names, show_trainable=show_trainable, width=width, color=color,
                        costs=totals)
