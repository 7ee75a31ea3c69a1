"""Propose a recipe's kept lines: every top-level statement that makes a layer or a model, and what it needs.

A statement is a seed when it calls something in Keras's layers, models or applications (through whatever
names the file imported), a function or class of the file that does (transitively), sets `.trainable`, or
calls `.add`/`.build` on a name a seed made. The statements defining each name a kept statement reads are kept
too (the last definition before it), recursively, except names the recipe gives as constants. Everything else
(data loading, training, plotting, model calls on data) is dropped. This is a proposal: the manifest stores
the resulting line ranges, and a maintainer adjusts them (or adds constants) when Keras refuses the cut.
"""

from __future__ import annotations

import ast
import builtins

KERAS_ROOTS = ("keras", "tensorflow", "tf_keras")
BUILD_PARTS = {"layers", "models", "applications"}
BUILD_LAST = {"Sequential", "Model", "Input", "InputLayer", "Functional"}
MUTATORS = {"add", "build", "pop"}
# Keras functions under layers/models that read a file or work on data rather than build.
NOT_BUILDS = {"load_model", "model_from_json", "save_model", "load_weights"}
# Calls that use a model (on data, to train it or to show it): a statement that is one of them is never a seed.
USES = {"fit", "fit_generator", "compile", "evaluate", "predict", "summary", "save", "save_weights",
        "load_weights", "plot_model", "predict_on_batch", "train_on_batch"}


def _dotted(node: ast.expr) -> list[str]:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return [node.id, *reversed(parts)]
    return []


def _aliases(tree: ast.Module) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                full = alias.name.split(".")
                names[alias.asname or full[0]] = full if alias.asname else full[:1]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                names[alias.asname or alias.name] = [*node.module.split("."), alias.name]
    return names


def _is_keras_build(parts: list[str], aliases: dict[str, list[str]]) -> bool:
    if not parts:
        return False
    full = aliases.get(parts[0], [parts[0]]) + parts[1:]
    if full[0] not in KERAS_ROOTS:
        return False
    if full[-1] in NOT_BUILDS:
        return False
    if "applications" in full[1:]:  # ResNet50(...) builds; preprocess_input(...) works on data
        return full[-1][:1].isupper()
    return bool(BUILD_PARTS & set(full[1:-1])) or full[-1] in BUILD_LAST


def _calls(node: ast.AST) -> list[list[str]]:
    return [_dotted(call.func) for call in ast.walk(node) if isinstance(call, ast.Call)]


def _bound(stmt: ast.stmt) -> set[str]:
    """Names a top-level statement binds (not those inside its functions)."""
    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {stmt.name}
    names: set[str] = set()
    local = _comprehension_names(stmt)
    for node in ast.walk(stmt):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id not in local:
            names.add(node.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def _comprehension_names(stmt: ast.stmt) -> set[str]:
    """Variables of the statement's comprehensions and loops: bound before they are read, in the statement."""
    comprehensions = ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp
    targets = [g.target for node in ast.walk(stmt) if isinstance(node, comprehensions) for g in node.generators]
    targets += [node.target for node in ast.walk(stmt) if isinstance(node, ast.For)]
    return {n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name)}


def _read(stmt: ast.stmt) -> set[str]:
    """Names a statement reads; for a function or class, those it does not bind itself (roughly, its globals)."""
    loads = {node.id for node in ast.walk(stmt) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
    loads -= _comprehension_names(stmt)
    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        loads -= {node.id for node in ast.walk(stmt) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
        loads -= {node.arg for node in ast.walk(stmt) if isinstance(node, ast.arg)}
        heads: list[ast.expr] = list(stmt.decorator_list)  # read when the statement runs: defaults, bases
        if isinstance(stmt, ast.ClassDef):
            heads += stmt.bases + [keyword.value for keyword in stmt.keywords]
        else:
            heads += stmt.args.defaults + [d for d in stmt.args.kw_defaults if d is not None]
        loads |= {n.id for head in heads for n in ast.walk(head) if isinstance(n, ast.Name)}
    return loads


def _builders(tree: ast.Module, aliases: dict[str, list[str]]) -> set[str]:
    defs = [s for s in tree.body if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)]
    found: set[str] = set()
    for stmt in defs:
        bases = [_dotted(b) for b in stmt.bases] if isinstance(stmt, ast.ClassDef) else []
        if any(_is_keras_build(b, aliases) for b in bases):
            found.add(stmt.name)
    changed = True
    while changed:
        changed = False
        for stmt in defs:
            if stmt.name in found:
                continue
            calls = _calls(stmt)
            bases = [_dotted(b) for b in stmt.bases] if isinstance(stmt, ast.ClassDef) else []
            if any(_is_keras_build(c, aliases) or (c and c[0] in found) for c in calls + bases):
                found.add(stmt.name)
                changed = True
    return found


def _seed(stmt: ast.stmt, aliases: dict[str, list[str]], builders: set[str], made: set[str]) -> bool:
    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Import | ast.ImportFrom):
        return False
    value = stmt.value if isinstance(stmt, ast.Expr | ast.Assign | ast.AnnAssign) else None
    if isinstance(value, ast.Call) and _dotted(value.func)[-1:] and _dotted(value.func)[-1] in USES:
        return False
    for parts in _calls(stmt):
        if _is_keras_build(parts, aliases) or (len(parts) == 1 and parts[0] in builders):
            return True
        if len(parts) >= 2 and parts[-1] in MUTATORS and parts[0] in made:
            return True
    return any(isinstance(node, ast.Attribute) and node.attr == "trainable" and isinstance(node.ctx, ast.Store)
               for node in ast.walk(stmt))


def bound_names(text: str) -> set[str]:
    """Every name the recipe's constants bind (`a = b = 0`, `import numpy as np`)."""
    return set().union(*(_bound(stmt) for stmt in ast.parse(text).body))


def propose(text: str, constants: set[str], drop: set[int] = frozenset()) -> list[int]:  # type: ignore[assignment]
    """Line numbers of the statements to keep (see the module docstring); `drop` are first lines never kept."""
    tree = ast.parse(text)
    aliases = _aliases(tree)
    builders = _builders(tree, aliases)
    body = [s for s in tree.body if s.lineno not in drop]
    keep: set[int] = set()
    made: set[str] = set()
    for index, stmt in enumerate(body):
        if _seed(stmt, aliases, builders, made):
            keep.add(index)
            made |= _bound(stmt)
    ignored = set(dir(builtins)) | constants
    todo = sorted(keep)
    while todo:
        index = todo.pop()
        for name in _read(body[index]) - ignored:
            earlier = [j for j in range(index - 1, -1, -1) if name in _bound(body[j])]
            later = [j for j in range(index + 1, len(body)) if name in _bound(body[j])]
            isdef = isinstance(body[index], ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            chosen = earlier[:1] or (later[:1] if isdef else [])
            for j in chosen:
                if j not in keep:
                    keep.add(j)
                    todo.append(j)
    lines: list[int] = []
    for index in sorted(keep):
        stmt = body[index]
        first = min([stmt.lineno, *(d.lineno for d in getattr(stmt, "decorator_list", []))])
        lines.extend(range(first, (stmt.end_lineno or stmt.lineno) + 1))
    return lines
