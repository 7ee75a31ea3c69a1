"""tf.keras 2's TFOpLambda and SlicingOpLambda: a TensorFlow function called on Keras tensors (`x + 1.0`,
`tf.concat([a, b], -1)`, `x[:, 1:]`), which tf.keras 2 saves as a layer named after it (`tf.math.add`).

Each is the keras.ops operation doing the same arithmetic (same shape rule, no weights), reported as tf.keras 2
reports it. The kind is "tf." + the function tf.keras 2 saves; the Keras file reader turns the call's keyword
arguments (`y`, `axis`, `slice_spec`) into the operation's.
"""

from __future__ import annotations

from .base import REGISTRY, register

# The function tf.keras 2 saves (TFOpLambda's `function`) -> the keras.ops kind computing it.
TF_FUNCTIONS = {
    "__operators__.add": "ops.add", "math.add": "ops.add", "math.subtract": "ops.subtract",
    "math.multiply": "ops.multiply", "math.truediv": "ops.true_divide", "math.divide": "ops.divide",
    "math.maximum": "ops.maximum", "math.minimum": "ops.minimum", "math.pow": "ops.power",
    "math.equal": "ops.equal", "math.not_equal": "ops.not_equal", "math.less": "ops.less",
    "math.less_equal": "ops.less_equal", "math.greater": "ops.greater", "math.greater_equal": "ops.greater_equal",
    "nn.relu": "ops.relu", "nn.relu6": "ops.relu", "math.sigmoid": "ops.sigmoid", "math.tanh": "ops.tanh",
    "nn.silu": "ops.silu", "nn.swish": "ops.silu", "nn.gelu": "ops.gelu", "math.exp": "ops.exp",
    "math.sqrt": "ops.sqrt", "math.square": "ops.square", "math.negative": "ops.negative",
    "zeros_like": "ops.zeros_like", "ones_like": "ops.ones_like", "cast": "ops.cast", "nn.softmax": "ops.softmax",
    "math.reduce_mean": "ops.mean", "math.reduce_sum": "ops.sum", "math.reduce_max": "ops.max",
    "math.reduce_min": "ops.min", "expand_dims": "ops.expand_dims", "compat.v1.squeeze": "ops.squeeze",
    "squeeze": "ops.squeeze", "reshape": "ops.reshape", "compat.v1.transpose": "ops.transpose",
    "transpose": "ops.transpose", "concat": "ops.concatenate", "stack": "ops.stack",
    "linalg.matmul": "ops.matmul", "__operators__.getitem": "ops.get_item",
}
SLICING = "__operators__.getitem"  # saved as SlicingOpLambda, the others as TFOpLambda

for _function, _op in TF_FUNCTIONS.items():
    register(REGISTRY[_op]._replace(
        name=f"tf.{_function}", reported_type="SlicingOpLambda" if _function == SLICING else "TFOpLambda",
        doc=f"tf.{_function} in a tf.keras 2 model: computed as {_op}"))
