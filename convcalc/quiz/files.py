"""Quiz files and answers files, read through convcalc.readers so that every mistake names its file and line."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

from .. import engine, readers
from ..errors import ConvcalcError, SpecError, did_you_mean, one_or_all
from ..model import LayerSummary, ModelSpec, Summary
from .parts import NotAskable
from .questions import ASKS, Question, Quiz, build_question

QUIZ_KEYS = ("title", "model", "questions")
QUESTION_KEYS = ("id", "layer", "ask")


def load(path: str) -> Quiz:
    """Read a quiz file: its model (a spec path relative to the quiz, or inline) and its checked questions.

    Every mistake in it is found in one reading (Errors when there are several): unknown keys, the model,
    each question. Only broken YAML, or an inline model that cannot be parsed, stops the reading at once.
    """
    source = readers.source_name(path)
    top = readers.read_mapping(path, "a quiz: a mapping with `model` and `questions`", spec_key="model")
    errors: list[ConvcalcError] = []
    for key, (line, _) in top.items():
        if key not in QUIZ_KEYS:
            errors.append(SpecError(f"unknown key {key!r} in a quiz" + did_you_mean(key, QUIZ_KEYS)
                                    + f"; expected {', '.join(QUIZ_KEYS)}", source=source, line=line))
    for key in ("model", "questions"):
        if key not in top:
            errors.append(SpecError(f"missing `{key}` in the quiz", source=source, line=1))
    title_line, title = top.get("title", (None, None))
    if title is not None and not isinstance(title, str):
        errors.append(SpecError("`title` must be text", source=source, line=title_line))
    model = summary = None
    if "model" in top:
        try:
            model = _model(path, *top["model"])
            summary = engine.compute(model)
        except ConvcalcError as error:
            errors.append(error)
    questions = _questions(source, summary, *top["questions"], errors) if "questions" in top else ()
    if errors:
        errors.sort(key=lambda error: getattr(error, "line", None) or 0)
        raise one_or_all(errors)
    assert model is not None and summary is not None  # else an error was recorded
    return Quiz(source, title, model, summary, questions)


def _model(path: str, line: int | None, value: object) -> ModelSpec:
    if isinstance(value, ModelSpec):
        return value
    if not isinstance(value, str) or not value:
        raise SpecError("`model` must be a spec file's path (relative to the quiz) or an inline spec mapping",
                        source=readers.source_name(path), line=line)
    target = os.path.join(os.path.dirname(path), value)
    if not os.path.isfile(target):
        raise SpecError(f"`model` names {value!r}, which is not a file (paths are relative to the quiz file)",
                        source=readers.source_name(path), line=line)
    return readers.load(target)


def _questions(source: str, summary: Summary | None, line: int | None, items: object,
               errors: list[ConvcalcError]) -> tuple[Question, ...]:
    """The questions, each checked against the model's layers (unless the model is broken); a mistake in one
    question is recorded in `errors` and the next question is read."""
    if not isinstance(items, list) or not items:
        errors.append(SpecError("`questions` must be a non-empty list like `- {id: q1, layer: conv2d, ask: params}`",
                                source=source, line=line))
        return ()
    questions: list[Question] = []
    first_seen: dict[str, int | None] = {}
    layers = {layer.name: layer for layer in summary.counted if layer.input_shapes} if summary else None
    for item in items:
        try:
            question = _question(source, summary, layers, line, item, first_seen)
        except SpecError as error:
            errors.append(error)
            continue
        if question is not None:
            questions.append(question)
    return tuple(questions)


def _question(source: str, summary: Summary | None, layers: dict[str, LayerSummary] | None, line: int | None,
              item: object, first_seen: dict[str, int | None]) -> Question | None:
    """One question, or None when the model it asks about could not be computed (`layers`: the model's layers
    that can be asked about, by name)."""
    if not isinstance(item, dict) or not item:
        raise SpecError("a question must be a mapping like `{id: q1, layer: conv2d, ask: params}`",
                        source=source, line=line)
    where = min(key_line for key_line, _ in item.values())

    def error(message: str, at: int | None = where) -> SpecError:
        return SpecError(message, source=source, line=at)

    for key, (key_line, _) in item.items():
        if key not in QUESTION_KEYS:
            raise error(f"unknown key {key!r} in a question" + did_you_mean(key, QUESTION_KEYS)
                        + f"; expected {', '.join(QUESTION_KEYS)}", key_line)
    raw_id = item.get("id", (where, None))[1]
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int) or raw_id == "":
        raise error("each question needs an `id`, a name or a number like q1")
    question_id = str(raw_id)
    if question_id in first_seen:
        raise error(f"duplicate question id {question_id!r} (first at line {first_seen[question_id]})")
    first_seen[question_id] = where
    ask = item.get("ask", (where, None))[1]
    if ask not in ASKS:
        raise error(f"question {question_id}: unknown ask {ask!r}" + did_you_mean(str(ask), ASKS)
                    + f"; expected one of {', '.join(ASKS)}" if ask is not None
                    else f"question {question_id}: missing `ask`, one of {', '.join(ASKS)}")
    name = item.get("layer", (where, None))[1]
    if ask == "total_params" and name is not None:
        raise error(f"question {question_id}: total_params is about the whole model; leave out `layer`")
    if ask != "total_params" and name is None:
        raise error(f"question {question_id}: missing `layer`")
    if summary is None or layers is None:
        return None
    if ask != "total_params" and name not in layers:
        raise error(f"question {question_id}: unknown layer {name!r}" + did_you_mean(str(name), layers))
    layer = layers[name] if ask != "total_params" else None
    try:
        return build_question(question_id, summary, layer, ask, where)
    except NotAskable as reason:
        kind = layer.type if layer else "the model"
        raise error(f"question {question_id}: cannot ask the {ask} of {name} ({kind}): {reason}") from None


def read_answers(quiz: Quiz, path: str) -> tuple[dict[str, Any], list[SpecError]]:
    """A student's answers by question id, and an error for each answer to a question the quiz does not have."""
    entries = readers.read_mapping(path, "answers: a mapping of question ids to answers, like `q1: 896`")
    return _by_id(quiz, ((key, line, value) for key, (line, value) in entries.items()), readers.source_name(path))


def inline_answers(quiz: Quiz, pairs: Sequence[str]) -> tuple[dict[str, Any], list[SpecError]]:
    """`q1=896 q2=32` from the command line."""
    entries: list[tuple[str, int | None, object]] = []
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals:
            raise SpecError(f"expected an answers file or answers like q1=896, received {pair!r}",
                            source="<command line>")
        entries.append((key.strip(), None, value))
    return _by_id(quiz, entries, "<command line>")


def _by_id(quiz: Quiz, entries: Iterable[tuple[object, int | None, object]],
           source: str) -> tuple[dict[str, Any], list[SpecError]]:
    answers, unknown, ids = {}, [], quiz.ids
    for key, line, value in entries:
        if str(key) in ids:
            answers[str(key)] = value
        else:
            unknown.append(SpecError(f"an answer for {str(key)!r}, which is not a question of {quiz.source}"
                                     + did_you_mean(str(key), ids), source=source, line=line))
    return answers, unknown


def read_roster(path: str) -> list[str]:
    """A class list: one student a line (blank lines and `#` comments skipped), each name a file name for their
    quiz, answers and feedback. Every unusable line is reported (Errors when several)."""
    source = readers.source_name(path)
    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise SpecError("no such file", source=source) from None
    except (OSError, UnicodeDecodeError) as error:
        raise SpecError(f"cannot read it as UTF-8 text: {error}", source=source) from None
    names: list[str] = []
    seen: dict[str, int] = {}
    errors: list[ConvcalcError] = []
    for number, line in enumerate(text.splitlines(), 1):
        name = line.strip()
        if not name or name.startswith("#"):
            continue
        if name.startswith(".") or any(c in name for c in '/\\:*?"<>|') or not name.isprintable():
            errors.append(SpecError(f"{name!r} cannot be a file name: no leading dot, no / \\ : * ? \" < > |",
                                    source=source, line=number))
        elif name.casefold() in seen:
            errors.append(SpecError(f"{name!r} again (first at line {seen[name.casefold()]}); names must differ "
                                    "in more than letter case", source=source, line=number))
        else:
            seen[name.casefold()] = number
            names.append(name)
    if not names and not errors:
        errors.append(SpecError("no students: expected one name a line", source=source))
    if errors:
        raise one_or_all(errors)
    return names
