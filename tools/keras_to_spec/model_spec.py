"""A built keras.Model -> its spec as plain data: the inputs, each layer's arguments and what it reads,
the outputs; or Unsupported, naming every reason."""

from convcalc import args as convcalc_args
from convcalc.errors import ArgumentError

from .arguments import layer_arguments


class Unsupported(Exception):
    """The model cannot be written as a (correct) convcalc spec; the message lists every reason."""


def producer(tensor, problems, where):
    """The name of the layer whose (only) output `tensor` is."""
    operation, node_index, tensor_index = tensor._keras_history
    if node_index != 0 or tensor_index != 0 or len(operation._inbound_nodes[node_index].outputs) != 1:
        problems.append(f"{where}: reads output {tensor_index} of call {node_index} of {operation.name}; convcalc "
                        "layers have one output and are called once")
    return operation.name


def flat_tensors(value):
    if isinstance(value, list | tuple):
        return [t for v in value for t in flat_tensors(v)]
    return [value]


def layer_inputs(layer, problems):
    """What the layer reads: a name, or a list of names for a layer called on a list (merges)."""
    import keras

    where = f"{layer.name} ({type(layer).__name__})"
    if len(layer._inbound_nodes) != 1:
        problems.append(f"{where}: called {len(layer._inbound_nodes)} times (a shared layer); a convcalc layer is "
                        "called once")
        return None
    node = layer._inbound_nodes[0]
    args = node.arguments.args
    # Keras records `mask=None` and `training=False` for a plain call of a layer whose call() takes
    # them; only other values were given by the model's code.
    kwargs = {key: value for key, value in node.arguments.kwargs.items()
              if not (key == "mask" and value is None or key == "training" and value is False)}
    if len(args) != 1 or kwargs:
        given = ", ".join(f"{key}={value!r}" for key, value in kwargs.items())
        problems.append(f"{where}: called with arguments besides its input ({len(args)} positional"
                        + (f"; {given}" if given else "") + "); a spec cannot express them")
        return None
    received = args[0]
    tensors = flat_tensors(received)
    if not all(isinstance(t, keras.KerasTensor) for t in tensors):
        problems.append(f"{where}: called on something other than Keras tensors")
        return None
    names = [producer(t, problems, where) for t in tensors]
    if isinstance(received, list | tuple):
        if flat_tensors(received) != list(received):
            problems.append(f"{where}: called on a nested structure of tensors")
        return names
    return names[0]


def check_input(layer, problems):
    config = layer.get_config()
    where = f"input {layer.name}"
    shape = list(config["batch_shape"])
    if shape[0] is not None:
        problems.append(f"{where}: a fixed batch size {shape[0]}; convcalc's inputs leave the batch axis unknown")
    if config.get("dtype") not in (None, "float32"):
        problems.append(f"{where}: dtype {config['dtype']}; convcalc's inputs are float32")
    if config.get("sparse") or config.get("ragged") or config.get("optional"):
        problems.append(f"{where}: sparse, ragged or optional inputs are not supported by convcalc")
    try:
        convcalc_args.layer_name(layer.name, "inputs")
    except ArgumentError as exc:
        problems.append(f"{where}: the Keras name {layer.name!r} is not valid for convcalc's spec reader: "
                        f"{exc.message}")
    return shape[1:]


def model_to_spec(model):
    """The spec of a built keras.Model as plain data: {name, input_shape or inputs, layers, [outputs]}.

    layers is a list of (class name, arguments, blank line after it); raises Unsupported.
    """
    import keras

    problems = []
    try:
        convcalc_args.layer_name(model.name, "name")
    except ArgumentError as exc:
        problems.append(f"the model name {model.name!r} is not valid for convcalc: {exc.message}")
    spec = {"name": model.name}
    entries = []
    readers: dict[str, int] = {}  # layer name -> how many layers read its output
    if isinstance(model, keras.Sequential):
        if len(model.inputs) != 1:
            raise Unsupported("a Sequential model without a single input (build it with keras.Input first)")
        input_layer = model.inputs[0]._keras_history[0]
        spec["input_shape"] = check_input(input_layer, problems)
        for layer in model.layers:
            arguments = layer_arguments(layer, problems)
            if arguments is not None:
                entries.append((type(layer).__name__, arguments))
    else:
        input_layers = [t._keras_history[0] for t in model.inputs]
        spec["inputs"] = {layer.name: check_input(layer, problems) for layer in input_layers}
        previous = input_layers[-1].name if len(input_layers) == 1 else None
        for layer in model.layers:
            if isinstance(layer, keras.layers.InputLayer):
                if layer not in input_layers:
                    problems.append(f"input {layer.name}: an InputLayer that is not a model input")
                continue
            arguments = layer_arguments(layer, problems)
            reads = layer_inputs(layer, problems)
            if arguments is None or reads is None:
                continue
            for name in reads if isinstance(reads, list) else [reads]:
                readers[name] = readers.get(name, 0) + 1
            if reads != previous:
                arguments["inputs"] = reads
            entries.append((type(layer).__name__, arguments))
            previous = layer.name
        outputs = [producer(t, problems, "model outputs") for t in model.outputs]
        last = entries[-1][1]["name"] if entries else None
        if outputs != [last]:
            spec["outputs"] = outputs if len(outputs) > 1 else outputs[0]
    if problems:
        raise Unsupported("\n".join(problems))
    spec["layers"] = [(cls_name, arguments, readers.get(arguments["name"], 0) > 1) for cls_name, arguments in entries]
    return spec
