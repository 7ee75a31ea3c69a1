"""How Python code spells PyTorch: torch.nn's classes, torch.nn.functional's and torch's functions on tensors
(each as the module kind or functional op of convcalc.torch_modules it computes, with its own positional order),
tensor methods, and the calls that change no model."""

from __future__ import annotations

from ...torch_modules import REGISTRY

MODULE_BASE = "torch.nn.Module"
SEQUENTIAL = "torch.nn.Sequential"
MODULE_LIST = "torch.nn.ModuleList"
MODULE_DICT = "torch.nn.ModuleDict"
SUMMARIES = frozenset(("torchinfo.summary", "torchsummary.summary"))  # summary(model, input_size=...)
DATA = frozenset(("randn", "rand", "zeros", "ones", "empty", "randint", "full"))  # torch.X(*size): an input

# nn.functional's functions that compute what a module of the registry does: the module, and the function's own
# parameters after the input (None for those the module does not take: `training`)
_POOL = ("kernel_size", "stride", "padding", "dilation", "ceil_mode", "return_indices")
_AVG = ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override")
FUNCTIONAL: dict[str, tuple[str, tuple[str | None, ...]]] = {
    "relu": ("ReLU", ("inplace",)), "relu6": ("ReLU6", ("inplace",)), "elu": ("ELU", ("alpha", "inplace")),
    "selu": ("SELU", ("inplace",)), "celu": ("CELU", ("alpha", "inplace")), "gelu": ("GELU", ("approximate",)),
    "silu": ("SiLU", ("inplace",)), "mish": ("Mish", ("inplace",)), "sigmoid": ("Sigmoid", ()),
    "tanh": ("Tanh", ()), "hardswish": ("Hardswish", ("inplace",)), "hardsigmoid": ("Hardsigmoid", ("inplace",)),
    "hardtanh": ("Hardtanh", ("min_val", "max_val", "inplace")), "softplus": ("Softplus", ("beta", "threshold")),
    "logsigmoid": ("LogSigmoid", ()), "softsign": ("Softsign", ()),
    "leaky_relu": ("LeakyReLU", ("negative_slope", "inplace")),
    "softmax": ("Softmax", ("dim",)), "log_softmax": ("LogSoftmax", ("dim",)), "softmin": ("Softmin", ("dim",)),
    "dropout": ("Dropout", ("p", None, "inplace")), "dropout1d": ("Dropout1d", ("p", None, "inplace")),
    "dropout2d": ("Dropout2d", ("p", None, "inplace")), "dropout3d": ("Dropout3d", ("p", None, "inplace")),
    "alpha_dropout": ("AlphaDropout", ("p", None, "inplace")),
    **{f"max_pool{n}d": (f"MaxPool{n}d", _POOL) for n in (1, 2, 3)},
    **{f"avg_pool{n}d": (f"AvgPool{n}d", _AVG) for n in (1, 2, 3)},
    **{f"adaptive_avg_pool{n}d": (f"AdaptiveAvgPool{n}d", ("output_size",)) for n in (1, 2, 3)},
    **{f"adaptive_max_pool{n}d": (f"AdaptiveMaxPool{n}d", ("output_size", "return_indices")) for n in (1, 2, 3)},
    "pixel_shuffle": ("PixelShuffle", ("upscale_factor",)),
    "pixel_unshuffle": ("PixelUnshuffle", ("downscale_factor",)),
}
# torch's own functions that are these too (torch.relu(x), torch.sigmoid(x))
TORCH_FUNCTIONAL = frozenset(("relu", "sigmoid", "tanh", "softmax", "log_softmax", "selu", "celu", "dropout"))

# torch functions and tensor methods computing element by element: a tensor of the same shape
UNARY = frozenset(("exp", "log", "log2", "log10", "log1p", "expm1", "sqrt", "rsqrt", "abs", "neg", "sin", "cos",
                   "tan", "sign", "floor", "ceil", "round", "square", "erf", "reciprocal", "clamp", "clip",
                   "randn_like", "rand_like", "zeros_like", "ones_like", "empty_like", "full_like", "exp_",
                   "clamp_", "mul_", "add_", "abs_", "sqrt_", "nan_to_num", "detach_"))
# Tensor methods that give the tensor itself as far as shapes go (devices, dtypes, copies, in-place activations)
SAME_TENSOR = frozenset(("to", "cuda", "cpu", "float", "double", "half", "long", "int", "detach", "clone",
                         "contiguous", "requires_grad_", "type", "type_as", "relu_", "sigmoid_", "tanh_"))
# Module methods that give the module itself
SAME_MODULE = frozenset(("to", "cuda", "cpu", "eval", "train", "float", "double", "half", "apply", "share_memory",
                         "zero_grad"))
HARMLESS = frozenset(("print", "display", "pprint.pprint", "torch.manual_seed", "torch.cuda.manual_seed",
                      "torch.cuda.manual_seed_all", "torch.set_grad_enabled", "torch.no_grad", "torch.save"))


def canonical(path: str) -> str:
    """One spelling per torch object: torch.nn.modules.conv.Conv2d -> torch.nn.Conv2d."""
    parts = path.split(".")
    if parts[:3] == ["torch", "nn", "modules"] and len(parts) == 5:
        return f"torch.nn.{parts[4]}"
    return path


def module_class(path: str) -> str | None:
    """The registry's kind of a torch.nn class (torch.nn.Conv2d -> "Conv2d")."""
    module, _, name = path.rpartition(".")
    return name if module == "torch.nn" and name in REGISTRY and name != "Input" else None


def functional(path: str) -> tuple[str, tuple[str | None, ...]] | None:
    """The module an nn.functional (or torch) function on a tensor computes, with the function's parameters."""
    module, _, name = path.rpartition(".")
    if module == "torch.nn.functional" or module == "torch" and name in TORCH_FUNCTIONAL:
        return FUNCTIONAL.get(name)
    return None


def module_subclass(framework_base: str) -> bool:
    """Whether a class of the file deriving from `framework_base` is an nn.Module (nn.Module, nn.Sequential, a
    module class of the registry), not another torch class (a Dataset)."""
    return framework_base in (MODULE_BASE, SEQUENTIAL, MODULE_LIST, MODULE_DICT) or module_class(
        framework_base) is not None
