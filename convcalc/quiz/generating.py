"""Random quizzes: a small course-style CNN drawn from a seed, and questions spread over the kinds a level asks."""

from __future__ import annotations

import os
import random
from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

from .. import engine, explain_torch, readers
from ..explain import POOLING, TRANSPOSED, WINDOWED
from ..layers import REGISTRY
from ..model import LayerSummary, Summary, split_call
from . import torch_parts
from .parts import NotAskable
from .questions import ASKS, KeyValue, Question, Quiz, build_question
from .shape_mistakes import axis_labels

LEVEL_ASKS = {
    "easy": ("params", "output_shape", "height", "width", "depth", "total_params"),
    "medium": ("params", "output_shape", "height", "width", "depth", "total_params", "macs", "receptive_field"),
    "hard": ASKS,
}


class _Layers:
    """Spec entries named as Keras (and the readers) name them in a fresh session: conv2d, conv2d_1, ..."""

    def __init__(self) -> None:
        self.entries: list[Any] = []
        self.counts: Counter[str] = Counter()

    def add(self, kind: str, **args: Any) -> str:
        base = REGISTRY[kind].default_name
        name = base if not self.counts[base] else f"{base}_{self.counts[base]}"
        self.counts[base] += 1
        self.entries.append({kind: args} if args else kind)
        return name


def random_model(rng: random.Random, level: str) -> dict[str, Any]:
    """A small course-style CNN as spec data; its sizes stay positive whatever the draws."""
    layers = _Layers()
    if level == "easy":
        image = rng.choice(([28, 28, 1], [32, 32, 3], [64, 64, 3], [128, 128, 3]))
        layers.add("Conv2D", filters=rng.choice((8, 16, 32, 64)), kernel_size=rng.choice((3, 5)), activation="relu")
        if rng.random() < 0.5:
            layers.add("MaxPooling2D", pool_size=2)
        else:
            layers.add("Conv2D", filters=rng.choice((16, 32, 64)), kernel_size=3, activation="relu")
        return {"input_shape": image, "layers": layers.entries}
    if level == "medium":  # 32 pixels or more: two blocks of kernel 5, stride 2 and pooling leave 1
        image = rng.choice(([32, 32, 3], [64, 64, 3], [96, 96, 3], [128, 128, 3]))
        for filters in rng.choice(((16, 32), (32, 64), (8, 16))):
            conv = {"filters": filters, "kernel_size": rng.choice((3, 5)), "strides": rng.choice((1, 2)),
                    "padding": rng.choice(("valid", "same")), "activation": "relu"}
            layers.add("Conv2D", **{key: value for key, value in conv.items() if value != 1})
            if rng.random() < 0.5:
                layers.add("MaxPooling2D", pool_size=2)
        layers.add("Flatten")
        layers.add("Dense", units=rng.choice((32, 64, 128)), activation="relu")
        layers.add("Dense", units=10, activation="softmax")
        return {"input_shape": image, "layers": layers.entries}
    return _hard_model(rng, layers)


def _hard_model(rng: random.Random, layers: _Layers) -> dict[str, Any]:
    """A strided 'same' stem, a branch joined by Add or Concatenate, dilation or a depthwise stride, upsampling."""
    size, filters = rng.choice((32, 64, 96, 128)), rng.choice((16, 32))
    layers.add("Conv2D", filters=filters, kernel_size=3, strides=2, padding="same", inputs="image")
    stem = layers.add("BatchNormalization")
    branch = rng.choice(("SeparableConv2D", "DepthwiseConv2D", "Conv2D"))
    if branch == "SeparableConv2D":
        end = layers.add(branch, filters=filters, kernel_size=3, padding="same", activation="relu")
    elif branch == "DepthwiseConv2D":
        end = layers.add(branch, kernel_size=3, padding="same", activation="relu")
    else:
        end = layers.add(branch, filters=filters, kernel_size=3, dilation_rate=2, padding="same", activation="relu")
    shortcut = stem if rng.random() < 0.5 else layers.add("Conv2D", filters=filters, kernel_size=1, inputs=stem)
    layers.add(rng.choice(("Add", "Concatenate")), inputs=[shortcut, end])
    if rng.random() < 0.5:
        layers.add("Conv2D", filters=2 * filters, kernel_size=3, dilation_rate=2)
    else:
        layers.add("DepthwiseConv2D", kernel_size=3, strides=2, padding="same", depth_multiplier=2)
    layers.add("BatchNormalization")
    layers.add("Conv2DTranspose", filters=filters, kernel_size=rng.choice((2, 3)), strides=2,
               padding=rng.choice(("same", "valid")))
    layers.add("GlobalAveragePooling2D")
    layers.add("Dense", units=10, activation="softmax")
    return {"inputs": {"image": [size, size, 3]}, "layers": layers.entries}


def _worth_asking(layer: LayerSummary, ask: str, framework: str = "keras") -> bool:
    """Questions a course would ask: no MACs of a pooling layer, no trainable split without frozen weights."""
    if framework == "torch" and ask == "params" and split_call(layer.name)[1]:
        return False  # a module called again: its parameters are its first call's
    if framework == "torch" and ask not in ("trainable_params", "non_trainable_params", "macs", "receptive_field"):
        return ask != "total_params" and (bool(layer.weights) or layer.type in ("Flatten", *explain_torch.WINDOWED))
    if layer.output_shapes and ask not in ("params", "trainable_params", "non_trainable_params", "macs"):
        return False  # a layer giving several tensors: no single shape to ask for
    if ask in ("trainable_params", "non_trainable_params"):
        return layer.non_trainable_params > 0
    if ask == "macs":
        return bool(layer.macs)
    if ask == "receptive_field":
        return layer.type in WINDOWED + POOLING and all(axis.size.denominator == 1 for axis in layer.field or ())
    return ask != "total_params" and (bool(layer.weights) or layer.type in WINDOWED + POOLING + TRANSPOSED
                                      or layer.type in ("Flatten", "Concatenate") or layer.type.startswith("Global"))


def _candidates(rng: random.Random, summary: Summary) -> dict[str, list[Question]]:
    """Every sensible question, by ask; of a square output's height and width only one."""
    by_ask: dict[str, list[Question]] = {ask: [] for ask in ASKS}
    by_ask["total_params"].append(build_question("", summary, None, "total_params"))
    for layer in summary.counted:
        if not layer.input_shapes:
            continue
        labels = torch_parts.axis_labels(layer) if summary.framework == "torch" else axis_labels(layer)
        sides = {layer.output_shape[axis] for axis, label in labels.items() if label in ("height", "width")}
        side = rng.choice(("height", "width"))
        for ask in ASKS:
            if not _worth_asking(layer, ask, summary.framework) or (ask in ("height", "width") and ask != side
                                                                    and len(sides) == 1):
                continue
            try:
                by_ask[ask].append(build_question("", summary, layer, ask))
            except NotAskable:
                continue
    return by_ask


def pick(rng: random.Random, summary: Summary, level: str, count: int) -> list[Question]:
    """Up to `count` different questions, one kind after another (the level's kinds first), in model order."""
    by_ask = _candidates(rng, summary)
    for pool in by_ask.values():
        rng.shuffle(pool)
    first = list(LEVEL_ASKS[level])
    rng.shuffle(first)
    rest = [ask for ask in ASKS if ask not in first]
    rng.shuffle(rest)
    chosen: list[Question] = []
    for kinds in (first, rest):
        while len(chosen) < count and any(by_ask[ask] for ask in kinds):
            for ask in kinds:
                if by_ask[ask] and len(chosen) < count:
                    chosen.append(by_ask[ask].pop())
    order = {layer.name: index for index, layer in enumerate(summary.counted)}
    chosen.sort(key=lambda q: (order[q.layer.name] if q.layer else len(order), ASKS.index(q.ask)))
    return [q._replace(id=f"q{i}") for i, q in enumerate(chosen, 1)]


def generate(seed: int, level: str, count: int, from_path: str | None = None,
             quiz_dir: str = ".") -> tuple[Quiz, dict[str, Any], dict[str, KeyValue]]:
    """A quiz from the seed alone (random.Random(seed), so the same seed gives the same files): the Quiz, the
    quiz file's data (no answers) and the key's. With `from_path` the questions are about that spec's layers."""
    rng = random.Random(seed)
    title = f"convcalc quiz ({level}, seed {seed})"
    reference: str | dict[str, Any]
    if from_path is None:
        data = {"name": f"quiz_{level}_{seed}", **random_model(rng, level)}
        model, reference = readers.parse(readers.dump(data), "<generated>"), data
    else:
        model, reference = readers.load(from_path), os.path.relpath(from_path, quiz_dir)
    summary = engine.compute(model)
    questions = tuple(pick(rng, summary, level, count))
    quiz_data = {"title": title, "model": reference, "questions": [
        {"id": q.id, **({"layer": q.layer.name} if q.layer else {}), "ask": q.ask} for q in questions]}
    key = {q.id: q.key_value() for q in questions}
    return Quiz(readers.source_name(from_path or "<generated>"), title, model, summary, questions), quiz_data, key


class Variant(NamedTuple):
    """One student's quiz: their seed, the quiz, the quiz file's data and their key."""

    student: str
    seed: int
    quiz: Quiz
    data: dict[str, Any]
    key: dict[str, KeyValue]
    same_as: str | None = None  # an earlier student with the same questions: the model offers too few


TRIES = 50  # seeds tried for a student whose quiz repeats an earlier one


def student_seed(seed: int, student: str) -> int:
    """A student's seed, from the class's seed and their name alone (random.Random hashes text with SHA-512,
    the same on every machine): adding a student to the roster changes nobody else's quiz."""
    return random.Random(f"{seed}/{student}").randrange(10**9)


def variants(seed: int, students: Sequence[str], level: str, count: int, from_path: str | None = None,
             quiz_dir: str = ".") -> list[Variant]:
    """A different quiz per student: their own seed, or the next ones while it repeats an earlier quiz
    (same model and questions), so that two students never share one when the model offers enough."""
    made: list[Variant] = []
    seen: dict[str, str] = {}
    for student in students:
        first = student_seed(seed, student)
        for own in range(first, first + TRIES):
            quiz, data, key = generate(own, level, count, from_path, quiz_dir)
            model = data["model"]
            unnamed = {k: v for k, v in model.items() if k != "name"} if isinstance(model, dict) else model
            content = readers.dump([unnamed, data["questions"]])
            if content not in seen:
                break
        made.append(Variant(student, own, quiz._replace(title=f"{quiz.title}: {student}"),
                            {**data, "title": f"{data['title']}: {student}"}, key, seen.get(content)))
        seen.setdefault(content, student)
    return made
