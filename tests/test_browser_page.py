"""The browser page (web/, built by `python -m tools.web build`) in a real Chromium, against the command line.

The page runs convcalc in Pyodide; each check here compares what it draws with what `convcalc` prints for the same
file and options, the options read off the command line the page shows. These tests need the built site and
Debian's Chromium with Playwright (.ci/run installs them); without them they are skipped, unless
CONVCALC_BROWSER_TESTS=1 asks for them, when a missing piece fails instead. Screenshots are saved in the test's
temporary folder (pytest's basetemp), and their paths printed.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shlex
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("CONVCALC_WEB_SITE", ROOT / "build" / "web"))
CHROMIUM = os.environ.get("CONVCALC_CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("CONVCALC_BROWSER_TESTS") == "1"
# Chromium as root in a container with a closed network: no sandbox, no calls home
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
READY = "document.body.dataset.ready === 'true'"


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install playwright)"
    if not (SITE / "manifest.json").is_file():
        return f"no built page in {SITE} (python -m tools.web build)"
    if not Path(CHROMIUM).is_file():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


if (_why := _missing()) is not None:
    if REQUIRED:
        raise RuntimeError(f"CONVCALC_BROWSER_TESTS=1, but {_why}")
    pytest.skip(_why, allow_module_level=True)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

from tools.web.serve import QuietHandler  # noqa: E402

MANIFEST = json.loads((SITE / "manifest.json").read_text())


@pytest.fixture(scope="module")
def address() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, address: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(str(error)))
    opened.goto(address)
    opened.wait_for_function(READY, timeout=60_000)
    yield opened
    context.close()
    assert problems == []  # no uncaught JavaScript error on the way


def _rendered(page: Page, before: int) -> None:
    page.wait_for_function(f"Number(document.body.dataset.renders) > {before}")


def _renders(page: Page) -> int:
    return int(page.evaluate("document.body.dataset.renders"))


def _cli(command: str, file: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """The command line the page shows (`convcalc summary NAME ...`), run by this checkout's convcalc on a copy of
    the file under the page's name, in a pipe as the page's 80 columns."""
    words = shlex.split(command)
    assert words[:2] == ["convcalc", "summary"]
    folder = tmp_path / "cli"
    folder.mkdir(exist_ok=True)
    shutil.copy(file, folder / words[2])
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    environment.pop("COLUMNS", None)
    return subprocess.run([sys.executable, "-m", "convcalc", *words[1:]], cwd=folder, capture_output=True,
                          text=True, env=environment)


def _view(page: Page, name: str) -> None:
    before = _renders(page)
    page.click(f"[data-view={name}]")
    _rendered(page, before)


@pytest.mark.parametrize("seed", MANIFEST["seeds"], ids=[seed["file"] for seed in MANIFEST["seeds"]])
def test_each_example_and_view_prints_what_the_command_line_prints(page: Page, seed: dict[str, str],
                                                                   tmp_path: Path) -> None:
    before = _renders(page)
    page.select_option("#seed", seed["file"])
    if page.input_value("#code") != (SITE / seed["file"]).read_text():
        _rendered(page, before)
    for view in ("summary", "costs", "field"):
        _view(page, view)
        command = page.text_content("#command") or ""
        printed = _cli(command, SITE / seed["file"], tmp_path)
        assert printed.returncode == 0, printed.stderr
        assert page.text_content("#table") == printed.stdout.rstrip("\n"), command
        assert page.text_content("#errors") == ""


def test_a_keras_file_opened_prints_what_the_command_line_prints(page: Page, tmp_path: Path) -> None:
    keras_file = ROOT / "tests" / "keras_files" / "shared" / "siamese.keras"
    before = _renders(page)
    page.set_input_files("#file", str(keras_file))
    _rendered(page, before)
    assert page.is_visible("#binary") and not page.is_visible("#editor")
    command = page.text_content("#command") or ""
    assert command == "convcalc summary siamese.keras"
    printed = _cli(command, keras_file, tmp_path)
    assert page.text_content("#table") == printed.stdout.rstrip("\n")
    page.screenshot(path=tmp_path / "keras-file.png", full_page=True)
    print(f"screenshot: {tmp_path / 'keras-file.png'}")


def test_a_mistake_is_shown_at_its_line_as_the_command_line_words_it(page: Page, tmp_path: Path) -> None:
    lesson = (SITE / "seeds" / "mnist_lesson.py").read_text()
    broken = lesson.replace('layers.Conv2D(64, kernel_size=(3, 3), activation="relu")',
                            'layers.Conv2D(64, kernel_size=(15, 15), activation="relu")')
    assert broken != lesson
    before = _renders(page)
    page.fill("#code", broken)
    _rendered(page, before)
    file = tmp_path / "mnist_lesson.py"
    file.write_text(broken)
    printed = _cli("convcalc summary mnist_lesson.py", file, tmp_path)
    assert printed.returncode == 2 and printed.stdout == ""
    (message,) = [line.removeprefix("Error: ") for line in printed.stderr.splitlines() if line.startswith("Error:")]
    assert page.text_content("#errors li") == f"line 18{message}"
    assert message.startswith("mnist_lesson.py:18:")
    assert page.text_content("#gutter .error") == "18\n"  # the line's number marked in the editor's gutter
    assert page.text_content("#table") == ""
    # the working up to the layer that fails, as `convcalc explain` shows it
    assert "conv2d_1 (Conv2D)" in (page.text_content("#explain") or "")
    page.screenshot(path=tmp_path / "mistake.png", full_page=True)
    print(f"screenshot: {tmp_path / 'mistake.png'}")


def test_a_selected_layer_shows_explains_working_and_the_link_keeps_it(page: Page, browser: Browser,
                                                                       tmp_path: Path) -> None:
    before = _renders(page)
    page.click(".row[data-layer=conv2d_1]")
    _rendered(page, before)
    file = SITE / "seeds" / "mnist_lesson.py"
    shutil.copy(file, tmp_path / file.name)
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "1000"}  # unwrapped, as the page's lines
    explained = subprocess.run([sys.executable, "-m", "convcalc", "explain", file.name, "--layer", "conv2d_1"],
                               cwd=tmp_path, capture_output=True, text=True, env=environment, check=True)
    title, *lines = explained.stdout.strip("\n").split("\n")
    assert page.text_content("#explain h2") == title
    assert (page.text_content("#explain pre") or "").split("\n") == [line[2:] for line in lines]
    _view(page, "field")
    page.screenshot(path=tmp_path / "page.png", full_page=True)
    print(f"screenshot: {tmp_path / 'page.png'}")
    # a teacher's link: the same text, view and layer in a new tab
    shared = browser.new_page()
    shared.goto(page.url)
    shared.wait_for_function(READY, timeout=60_000)
    assert shared.input_value("#code") == page.input_value("#code")
    assert shared.get_attribute("[data-view=field]", "aria-pressed") == "true"
    assert shared.text_content("#explain h2") == title
    assert shared.text_content("#table") == page.text_content("#table")
    shared.close()


def test_rows_are_reached_and_opened_from_the_keyboard(page: Page) -> None:
    page.focus(".row[data-layer=conv2d]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    before = _renders(page)
    page.keyboard.press("Enter")
    _rendered(page, before)
    assert page.text_content("#explain h2") == "conv2d_1 (Conv2D)"
    assert page.evaluate("document.activeElement.dataset.layer") == "conv2d_1"


def test_a_pytorch_model_without_an_input_takes_the_input_size_field(page: Page, tmp_path: Path) -> None:
    lesson = (SITE / "seeds" / "lenet_lesson.py").read_text()
    without = lesson.replace("summary(model, input_size=(64, 1, 28, 28))\n", "")
    before = _renders(page)
    page.fill("#code", without)
    _rendered(page, before)
    assert "--input-size" in (page.text_content("#errors") or "")
    before = _renders(page)
    page.fill("#input-size", "8,1,28,28")
    _rendered(page, before)
    command = page.text_content("#command") or ""
    assert command == "convcalc summary mnist_lesson.py --input-size 8,1,28,28"  # the example's name, edited
    file = tmp_path / "mnist_lesson.py"
    file.write_text(without)
    printed = _cli(command, file, tmp_path)
    assert page.text_content("#table") == printed.stdout.rstrip("\n")


def test_dark_mode_follows_the_system(browser: Browser, address: str, tmp_path: Path) -> None:
    colors = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme, viewport={"width": 1500, "height": 1100})
        opened = context.new_page()
        opened.goto(address)
        opened.wait_for_function(READY, timeout=60_000)
        colors[scheme] = opened.evaluate("getComputedStyle(document.body).backgroundColor")
        # the tables' font is the page's own (every box-drawing glyph), at its own line height: no gaps
        assert opened.evaluate("document.fonts.ready.then(fonts => [...fonts].map(f => f.family + ' ' + f.status))"
                               ) == ["DejaVu Sans Mono (convcalc) loaded"]
        assert opened.evaluate("getComputedStyle(document.getElementById('table')).lineHeight") == "normal"
        opened.screenshot(path=tmp_path / f"{scheme}.png", full_page=True)
        print(f"screenshot: {tmp_path / f'{scheme}.png'}")
        context.close()
    assert colors["light"] != colors["dark"]


def test_a_file_of_several_models_offers_a_picker(page: Page, tmp_path: Path) -> None:
    from conftest import TWO_MODELS

    before = _renders(page)
    page.fill("#code", TWO_MODELS)
    _rendered(page, before)
    page.wait_for_selector("#model-label:not([hidden])")
    assert page.eval_on_selector_all("#model option", "options => options.map(o => o.value)") == [
        "sequential", "sequential_1"]
    before = _renders(page)
    page.select_option("#model", "sequential")
    _rendered(page, before)
    command = page.text_content("#command") or ""
    assert command == "convcalc summary mnist_lesson.py --model sequential"
    file = tmp_path / "mnist_lesson.py"
    file.write_text(TWO_MODELS)
    assert page.text_content("#table") == _cli(command, file, tmp_path).stdout.rstrip("\n")
    assert "model=sequential" in page.url


def _drop(page: Page, path: Path) -> None:
    """Drop the file on the page, as a user drags it from their files."""
    transfer = page.evaluate_handle(
        "([name, bytes]) => { const transfer = new DataTransfer();"
        " transfer.items.add(new File([new Uint8Array(bytes)], name)); return transfer; }",
        [path.name, list(path.read_bytes())])
    page.dispatch_event("body", "drop", {"dataTransfer": transfer})


@pytest.mark.parametrize("name", ["week3_fashion_mnist.ipynb", "VGG16.json"])
def test_a_dropped_notebook_or_keras_config_prints_what_the_command_line_prints(page: Page, name: str,
                                                                               tmp_path: Path) -> None:
    import gzip

    file = tmp_path / name
    if name.endswith(".ipynb"):
        shutil.copy(ROOT / "tests" / "python_source" / "notebooks" / name, file)
    else:  # a config tf.keras 2.21 wrote: its own table
        file.write_bytes(gzip.decompress((ROOT / "tests" / "keras_files" / "tf_keras2" / f"{name}.gz").read_bytes()))
    before = _renders(page)
    _drop(page, file)
    _rendered(page, before)
    command = page.text_content("#command") or ""
    assert command == f"convcalc summary {name}"
    assert page.text_content("#table") == _cli(command, file, tmp_path).stdout.rstrip("\n")
    assert page.is_visible("#editor") == name.endswith(".json")  # a config is text to edit; a notebook a file
    rows = page.query_selector_all("#table .row")
    assert len(rows) > 5
    before = _renders(page)
    rows[2].click()
    _rendered(page, before)
    assert (page.text_content("#explain h2") or "").startswith(rows[2].get_attribute("data-layer") or "?")
