"""Image preprocessing and augmentation: Resizing, CenterCrop, RandomCrop, RandomFlip, RandAugment, ...

None has weights Keras counts: the seed generator's state of a random layer is a variable, but not a
weight, and model.summary() leaves it out. All but the croppers and Resizing keep the shape, on a tensor
of any rank (Keras checks images only when data flows). Costs: a random augmentation is the identity at
inference (model.predict), so it counts no FLOPs; the deterministic image operations (Resizing,
AutoContrast, Equalization, CLAHE) have no agreed FLOP convention and are counted as none either.

RandAugment, AugMix and RandomColorJitter build augmentation layers of their own when they are made, and
each takes a name from Keras's session counter (`inner_names`): a RandomContrast made after a RandAugment
is random_contrast_1.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import args as a
from ..args import REQUIRED, Arg, Checker
from ..errors import ArgumentError, ShapeError
from ..shapes import Shape, format_shape
from .base import KEEPS_MASK, Args, LayerKind, register, same_shape

SEED = Arg(None, a.optional(a.integer))
VALUE_RANGE = Arg((0, 255))
DATA_FORMAT = Arg(None, a.data_format)
AFFINE_INTERPOLATION = Arg("bilinear", a.choice("nearest", "bilinear", lower=False))
FILL_MODE = Arg("reflect", a.choice("reflect", "wrap", "constant", "nearest", lower=False))
FILL_VALUE = Arg(0.0, a.number)
RESIZE_INTERPOLATIONS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic")
# What RandAugment and AugMix make in their constructor, each once (Keras 3.15's augmentation list).
MIXED_LAYERS = ("random_shear", "random_translation", "random_rotation", "random_brightness",
                "random_color_degeneration", "random_contrast", "random_sharpness", "solarization",
                "random_posterization", "auto_contrast", "equalization")
JITTERED = (("brightness_factor", "random_brightness"), ("contrast_factor", "random_contrast"),
            ("saturation_factor", "random_saturation"), ("hue_factor", "random_hue"))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def factor(low: float, high: float, *, each: bool = False, open_low: bool = False) -> Checker:
    """Keras's `factor`: a number within [low, high], or a list of two numbers.

    Keras's base image layer only checks that a list overlaps the range (its first number not above `high`,
    its second not below `low`); zoom, translation, shear and solarization (`each`) check both numbers, and
    zoom and translation leave `low` out of the range (`open_low`).
    """
    bounds = f"({low}, {high}]" if open_low else f"[{low}, {high}]"

    def inside(x: float) -> bool:
        return (low < x if open_low else low <= x) and x <= high

    def check(value: object, name: str) -> object:
        if isinstance(value, list | tuple):
            fits = len(value) == 2 and all(_is_number(x) for x in value) and (
                all(inside(x) for x in value) if each else value[0] <= high and value[1] >= low)
        else:
            fits = _is_number(value) and inside(value)  # type: ignore[arg-type]
        if not fits:
            raise ArgumentError(name, f"`{name}` must be a number (or a list of two numbers) in the range {bounds}, "
                                      f"received {value!r}")
        return tuple(value) if isinstance(value, list | tuple) else value

    return check


def _odd_sizes(value: object, name: str) -> object:
    """RandomGaussianBlur's kernel_size: an odd number, or a list of two."""
    pair = isinstance(value, list | tuple)
    items = list(value) if isinstance(value, list | tuple) else [value]
    if (pair and len(items) != 2) or not all(isinstance(v, int | float) and not isinstance(v, bool) and v % 2 == 1
                                             for v in items):
        raise ArgumentError(name, f"`{name}` must be an odd number (or a list of two), received {value!r}")
    return tuple(value) if isinstance(value, list | tuple) else value


def _size(value: object, name: str) -> int:
    return a.positive_int(value, name)


def _resized_axes(args: Args, shape: Shape, kind: str) -> tuple[int, int]:
    """Where Resizing and CenterCrop put height and width: axes 1, 2 (2, 3 channels first) of a rank-4
    batch, else those of one unbatched image, axes 0, 1 (1, 2): Keras 3.15 overwrites the batch axis of a
    tensor of another rank, and so does convcalc."""
    first = args["data_format"] == "channels_first"
    axes = (int(first) + 1, int(first) + 2) if len(shape) == 4 else (int(first), int(first) + 1)
    if axes[1] >= len(shape):
        raise ShapeError(f"{kind} needs height and width axes; received {format_shape(shape)}")
    return axes


def _center_crop_shape(args: Args, shape: Shape) -> Shape:
    if len(shape) not in (3, 4):
        raise ShapeError(f"CenterCrop expects images of rank 3 (one image) or 4 (a batch); "
                         f"received {format_shape(shape)}")
    return _with_size(shape, _resized_axes(args, shape, "CenterCrop"), args["height"], args["width"])


def _resizing_shape(args: Args, shape: Shape) -> Shape:
    return _with_size(shape, _resized_axes(args, shape, "Resizing"), args["height"], args["width"])


def _random_crop_shape(args: Args, shape: Shape) -> Shape:
    """RandomCrop sets the height and width axes counted from the end, whatever the rank."""
    if len(shape) < 3:
        raise ShapeError(f"RandomCrop needs height, width and channel axes; received {format_shape(shape)}")
    axes = (-2, -1) if args["data_format"] == "channels_first" else (-3, -2)
    return _with_size(shape, axes, args["height"], args["width"])


def _with_size(shape: Shape, axes: tuple[int, int], height: int, width: int) -> Shape:
    out = list(shape)
    out[axes[0]], out[axes[1]] = height, width
    return tuple(out)


def _batch_of_images(shape: Shape, kind: str) -> None:
    if len(shape) != 4:
        raise ShapeError(f"{kind} expects a batch of images, rank 4 (batch, height, width, channels); "
                         f"received {format_shape(shape)}")


def _three_channels(args: Args, shape: Shape) -> Shape:
    """RandomColorDegeneration blends with the grayscale image, which Keras computes from three channels."""
    _batch_of_images(shape, "RandomColorDegeneration")
    channels = shape[-3 if args["data_format"] == "channels_first" else -1]
    if channels is not None and channels != 3:
        raise ShapeError(f"RandomColorDegeneration needs images with 3 channels; received {channels} "
                         f"in {format_shape(shape)}")
    return shape


def _check_resizing(args: Args) -> None:
    if args["crop_to_aspect_ratio"] and args["pad_to_aspect_ratio"]:
        raise ArgumentError("pad_to_aspect_ratio", "only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio` "
                                                   "can be true")


def _no_check(args: Args) -> None:
    return None


def _image_layer(name: str, args: dict[str, Arg], *, output_shape: Callable[[Args, Shape], Shape] = same_shape,
                 doc: str = "no weights; the shape is kept",
                 inner_names: Callable[[Args], tuple[str, ...]] | None = None,
                 check_args: Callable[[Args], None] = _no_check, positional: tuple[str, ...] = ()) -> LayerKind:
    return LayerKind(name=name, args=args, output_shape=output_shape, mask=KEEPS_MASK, doc=doc, check_args=check_args,
                     inner_names=inner_names, positional=positional)


def _augment(name: str, args: dict[str, Arg]) -> None:
    """A random augmentation that keeps the shape (the identity at inference)."""
    register(_image_layer(name, args, doc="no weights; the shape is kept (the identity at inference)"))


SIZE = {"height": Arg(REQUIRED, _size), "width": Arg(REQUIRED, _size)}
register(_image_layer("Resizing", {
    **SIZE, "interpolation": Arg("bilinear", a.choice(*RESIZE_INTERPOLATIONS, lower=False)),
    "crop_to_aspect_ratio": Arg(False, a.boolean), "pad_to_aspect_ratio": Arg(False, a.boolean),
    "fill_mode": Arg("constant", a.choice("constant", lower=False)), "fill_value": FILL_VALUE,
    "antialias": Arg(False, a.boolean), "data_format": DATA_FORMAT,
}, output_shape=_resizing_shape, check_args=_check_resizing,
    doc="no weights; images resized to height × width"))
register(_image_layer("CenterCrop", {**SIZE, "data_format": DATA_FORMAT}, output_shape=_center_crop_shape,
                      doc="no weights; images cropped (or padded) to height × width around the centre"))
register(_image_layer("RandomCrop", {**SIZE, "seed": SEED, "data_format": DATA_FORMAT},
                      output_shape=_random_crop_shape, positional=("height", "width", "seed", "data_format", "name"),
                      doc="no weights; images cropped to height × width (at inference, resized to it)"))
_augment("RandomFlip", {"mode": Arg("horizontal_and_vertical",
                                    a.choice("horizontal", "vertical", "horizontal_and_vertical", lower=False)),
                        "seed": SEED, "data_format": DATA_FORMAT})
AFFINE = {"fill_mode": FILL_MODE, "interpolation": AFFINE_INTERPOLATION, "seed": SEED, "fill_value": FILL_VALUE,
          "data_format": DATA_FORMAT}
_augment("RandomRotation", {"factor": Arg(REQUIRED, factor(-1, 1)), **AFFINE})
_augment("RandomZoom", {"height_factor": Arg(REQUIRED, factor(-1, 1, each=True, open_low=True)),
                        "width_factor": Arg(None, a.optional(factor(-1, 1, each=True, open_low=True))), **AFFINE})
_augment("RandomTranslation", {"height_factor": Arg(REQUIRED, factor(-1, 1, each=True, open_low=True)),
                               "width_factor": Arg(REQUIRED, factor(-1, 1, each=True, open_low=True)), **AFFINE})
_augment("RandomContrast", {"factor": Arg(REQUIRED, factor(0, 1)), "value_range": VALUE_RANGE, "seed": SEED})
_augment("RandomBrightness", {"factor": Arg(REQUIRED, factor(-1, 1)), "value_range": VALUE_RANGE, "seed": SEED})
register(_image_layer("RandomColorDegeneration", {
    "factor": Arg(REQUIRED, factor(-1, 1)), "value_range": VALUE_RANGE, "data_format": DATA_FORMAT, "seed": SEED,
}, output_shape=_three_channels, doc="no weights; the shape is kept (the identity at inference); 3 channels"))
for _name in ("RandomHue", "RandomSaturation"):
    _augment(_name, {"factor": Arg(REQUIRED, factor(0 if _name == "RandomHue" else -1, 1)),
                     "value_range": VALUE_RANGE, "data_format": DATA_FORMAT, "seed": SEED})
_augment("RandomSharpness", {"factor": Arg(REQUIRED, factor(0, 1)), "value_range": VALUE_RANGE,
                             "data_format": DATA_FORMAT, "seed": SEED})
_augment("RandomPosterization", {"factor": Arg(REQUIRED, factor(1, 8)), "value_range": VALUE_RANGE,
                                 "data_format": DATA_FORMAT, "seed": SEED})
_augment("RandomShear", {"x_factor": Arg(0.0, factor(0, 1, each=True)), "y_factor": Arg(0.0, factor(0, 1, each=True)),
                         "interpolation": AFFINE_INTERPOLATION, "fill_mode": FILL_MODE, "fill_value": FILL_VALUE,
                         "data_format": DATA_FORMAT, "seed": SEED})
_augment("Solarization", {"addition_factor": Arg(0.0, factor(0, 1, each=True)),
                          "threshold_factor": Arg(0.0, factor(0, 1, each=True)),
                          "value_range": VALUE_RANGE, "seed": SEED})
_augment("RandomGrayscale", {"factor": Arg(0.5, factor(0, 1)), "data_format": DATA_FORMAT, "seed": SEED})
_augment("RandomInvert", {"factor": Arg(1.0, factor(0, 1)), "value_range": VALUE_RANGE, "seed": SEED,
                          "data_format": DATA_FORMAT})
_augment("RandomErasing", {"factor": Arg(1.0, factor(0, 1)), "scale": Arg((0.02, 0.33)), "fill_value": Arg(None),
                           "value_range": VALUE_RANGE, "seed": SEED, "data_format": DATA_FORMAT})
_augment("RandomGaussianBlur", {"factor": Arg(1.0, factor(0, 1)), "kernel_size": Arg(3, _odd_sizes),
                                "sigma": Arg(1.0, factor(0, 1)), "value_range": VALUE_RANGE,
                                "data_format": DATA_FORMAT, "seed": SEED})
_augment("RandomPerspective", {"factor": Arg(1.0, factor(0, 1)), "scale": Arg(1.0, a.number),
                               "interpolation": AFFINE_INTERPOLATION, "fill_value": FILL_VALUE, "seed": SEED,
                               "data_format": DATA_FORMAT})
_augment("RandomElasticTransform", {
    "factor": Arg(1.0, factor(0, 1)), "scale": Arg(1.0, a.number), "interpolation": AFFINE_INTERPOLATION,
    "fill_mode": FILL_MODE, "fill_value": FILL_VALUE, "value_range": VALUE_RANGE, "seed": SEED,
    "data_format": DATA_FORMAT})
_augment("MixUp", {"alpha": Arg(0.2, a.number), "data_format": DATA_FORMAT, "seed": SEED})
_augment("CutMix", {"factor": Arg(1.0, factor(0, 1)), "seed": SEED, "data_format": DATA_FORMAT})
register(_image_layer("RandomColorJitter", {
    "value_range": VALUE_RANGE, **{key: Arg(None) for key, _ in JITTERED}, "seed": SEED, "data_format": DATA_FORMAT,
}, inner_names=lambda args: tuple(name for key, name in JITTERED if args[key] is not None),
    doc="no weights; the shape is kept (the identity at inference)"))
register(_image_layer("RandAugment", {
    "value_range": VALUE_RANGE, "num_ops": Arg(2, a.positive_int), "factor": Arg(0.5, factor(0, 1)),
    "interpolation": AFFINE_INTERPOLATION, "seed": SEED, "data_format": DATA_FORMAT,
}, inner_names=lambda args: MIXED_LAYERS, doc="no weights; the shape is kept (the identity at inference)"))
register(_image_layer("AugMix", {
    "value_range": VALUE_RANGE, "num_chains": Arg(3, a.positive_int), "chain_depth": Arg(3),
    "factor": Arg(0.3, factor(0, 1)), "alpha": Arg(1.0, a.number), "all_ops": Arg(True, a.boolean),
    "interpolation": AFFINE_INTERPOLATION, "seed": SEED, "data_format": DATA_FORMAT,
}, inner_names=lambda args: MIXED_LAYERS, doc="no weights; the shape is kept (the identity at inference)"))
register(_image_layer("AutoContrast", {"value_range": VALUE_RANGE}))


def _equalization_shape(args: Args, shape: Shape) -> Shape:
    """Keras 3.15's Equalization hands back the very tensor it was given when a model is built, which
    keras.Model refuses as "part of a cycle" (it builds only right after the model's input, not as its output)."""
    raise ShapeError("Keras 3.15 cannot build a model with Equalization in it (its symbolic call returns its "
                     "input tensor: \"part of a cycle\"); apply it to the images before the model")


register(_image_layer("Equalization", {"value_range": VALUE_RANGE, "bins": Arg(256, a.positive_int),
                                       "data_format": DATA_FORMAT}, output_shape=_equalization_shape,
                      doc="refused: Keras cannot build a model with it"))
register(_image_layer("ContrastLimitedAdaptiveHistogramEqualization", {
    "value_range": VALUE_RANGE, "clip_limit": Arg(4.0, a.number), "tile_grid_size": Arg((8, 8), a.int_tuple(2)),
    "data_format": DATA_FORMAT}))
