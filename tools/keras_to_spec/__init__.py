"""Write the convcalc spec of a Keras model: keras.applications (or any keras.Model) to YAML.

convcalc reads a YAML spec of a model and prints what Keras's ``model.summary()`` prints,
without Keras.  This tool goes the other way, for models that already exist in Keras: it builds
the model with real Keras 3 and writes the equivalent spec, so that convcalc can be checked on
(and used for) real architectures such as ResNet50 or MobileNetV2.  Like tools.keras_oracle
it runs by hand in a throwaway virtualenv; Keras is never a dependency of convcalc or its tests.

Run it from the repo root, as a module (it imports convcalc from this checkout to know which layers
and arguments convcalc supports; convcalc itself needs only pyyaml, rich and click)::

    python3 -m venv /tmp/oracle/venv && /tmp/oracle/venv/bin/pip install keras==3.15.1 jax jaxlib pyyaml rich
    KERAS_BACKEND=jax /tmp/oracle/venv/bin/python -m tools.keras_to_spec ResNet50 \\
        --arg include_top=true --arg 'input_shape=[224, 224, 3]' \\
        --out specs/resnet50.yaml --fixture-out tests/oracle/fixtures/applications

MODEL is one of:

- the name of a ``keras.applications`` function (``ResNet50``, ``MobileNetV2``, ...), always built
  with ``weights=None`` (the weights change no shape or count, and need no download);
- ``path/to/file.py:function`` or ``package.module:function``: a function returning a keras.Model;
- a saved ``.keras`` file.

``--arg KEY=VALUE`` (repeatable; VALUE is read as YAML) passes arguments to that function.

What it writes:

- a Sequential spec (top-level ``input_shape:``) when the model is a ``keras.Sequential``, else the
  graph form: top-level ``inputs:`` (name: shape), each layer's ``inputs:`` unless it reads the
  entry right above it, and ``outputs:`` unless the output is just the last layer;
- each layer as ``ClassName: {args}`` with ``name`` always and otherwise ONLY the arguments whose
  value differs from a default-constructed layer of the same class (``layer.get_config()`` against
  ``cls(**required args).get_config()``); uniform tuples are written as one int (``kernel_size: 3``)
  and serialized Keras objects (initializers, ...) in their short form;
- a comment header with the command line, the Keras version and Keras's totals;
- a blank line after each layer whose output is read by several layers (the end of a block).

It refuses, naming every offender, and exits 2 without writing anything, when the spec would be
wrong or unreadable: a layer class not in ``convcalc.layers.REGISTRY``, an argument outside that
kind's ``all_args`` whose value is not the default, a model or layer name convcalc's spec reader
does not accept, a layer called more than once (shared layers) or with extra call arguments,
an input with a fixed batch size or a dtype other than float32, a layer with several outputs.
Before writing, it rebuilds the model in Keras from the YAML it is about to write and checks that
every layer's class, config and inputs, and the whole ``model.summary()`` text, are identical to the
original's, and that convcalc reads the spec; a difference between convcalc's figures and Keras's
is printed as a warning (that is for convcalc's tests to catch, not a fault of the spec).

``--fixture-out DIR`` also records what Keras says about the original model as
``DIR/<spec stem>.json``, in exactly the format tools.keras_oracle writes (its functions are
reused): layer names, types, output shapes, parameters and trainable split, totals, the exact
summary text (with and without ``show_trainable``), the output shapes of a zero batch of 2 pushed
through the model, and the warnings Keras issued.  tests/test_oracle.py compares convcalc against
every fixture under tests/oracle/fixtures/ (tools.keras_oracle builds specs from their YAML and leaves
the specs this tool wrote to it).

``--check`` compares instead of writing (exit 1 and a diff on any difference).

The specs in specs/ written by this tool were made with (Keras 3.15.1, jax 0.10.2)::

    T="-m tools.keras_to_spec"; F="--fixture-out tests/oracle/fixtures/applications"
    KERAS_BACKEND=jax /tmp/oracle/venv/bin/python $T ResNet50 --arg include_top=true \\
        --arg 'input_shape=[224, 224, 3]' --out specs/resnet50.yaml $F
    KERAS_BACKEND=jax /tmp/oracle/venv/bin/python $T MobileNet --arg alpha=1.0 \\
        --arg 'input_shape=[224, 224, 3]' --out specs/mobilenet_v1.yaml $F
    KERAS_BACKEND=jax /tmp/oracle/venv/bin/python $T MobileNetV2 --arg alpha=1.0 \\
        --arg 'input_shape=[224, 224, 3]' --out specs/mobilenet_v2.yaml $F
    KERAS_BACKEND=jax /tmp/oracle/venv/bin/python $T DenseNet121 --out specs/densenet121.yaml $F
    KERAS_BACKEND=jax /tmp/oracle/venv/bin/python $T Xception --out specs/xception.yaml $F
    KERAS_BACKEND=jax /tmp/oracle/venv/bin/python $T InceptionV3 --out specs/inception_v3.yaml $F
    KERAS_BACKEND=jax /tmp/oracle/venv/bin/python $T EfficientNetB0 --out specs/efficientnet_b0.yaml $F

From Python (in the same virtualenv, from the repo root), for a model built in a session::

    from tools.keras_to_spec.yaml_text import model_to_yaml
    text = model_to_yaml(model, header=["my model"])   # raises model_spec.Unsupported

The modules: arguments (layer configs as spec arguments), model_spec (the model as a spec),
yaml_text (the spec as YAML), checks (rebuilt by Keras, read by convcalc), fixture (Keras's
figures for the original model) and cli (the command).
"""

from __future__ import annotations

