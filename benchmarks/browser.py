"""The browser page's speed in headless Chromium (issue 22): cold load to a first table, and re-render after an edit.

    python -m tools.web build && python benchmarks/browser.py [--runs 5]

Needs Playwright (pip install playwright) and Debian's Chromium (/usr/bin/chromium). The built site is served on
localhost. A cold load is a new browser context (an empty cache) from navigation to the first table. A re-render is
timed by the page itself, from the edit's handler to the table drawn (document.body.dataset.renderMs), for an edit
that changes the model (a layer's size), and by the wall clock from the keystroke to the table. Targets: cold load
<= 5 s; re-render <= 100 ms for a lesson model, <= 500 ms for ResNet50. It prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import sys
import threading
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository: tools.web
from tools.web.serve import QuietHandler  # noqa: E402

SITE = Path(__file__).resolve().parent.parent / "build" / "web"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
# (label, example, the text an edit swaps back and forth)
EDITS = (("Keras lesson (34 lines)", "seeds/mnist_lesson.py", ("Conv2D(64,", "Conv2D(48,")),
         ("PyTorch lesson", "seeds/lenet_lesson.py", ("num_classes=10", "num_classes=12")),
         ("ResNet50 (Keras code)", "seeds/resnet50.py", ("weights=None", "weights=None, classes=10")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        loads, in_page = [], []
        for _ in range(runs):
            context = browser.new_context()
            page = context.new_page()
            started = time.perf_counter()
            page.goto(address)
            page.wait_for_function("document.body.dataset.ready === 'true'", timeout=60_000)
            loads.append(time.perf_counter() - started)
            in_page.append(float(page.evaluate("document.body.dataset.loadMs")) / 1000)
            context.close()
        print(f"cold load to the first table: median {statistics.median(loads):.2f} s (worst {max(loads):.2f} s; "
              f"{statistics.median(in_page):.2f} s from the page's script start)  target <= 5 s")
        page = browser.new_page()
        page.goto(address)
        page.wait_for_function("document.body.dataset.ready === 'true'", timeout=60_000)
        for label, seed, (before, after) in EDITS:
            page.select_option("#seed", seed)
            page.wait_for_function(f"document.getElementById('code').value.includes({before!r})")
            renders, walls = _edits(page, before, after, runs * 2)
            print(f"re-render, {label}: median {statistics.median(renders):.1f} ms in the page "
                  f"(worst {max(renders):.1f}), {statistics.median(walls):.1f} ms keystroke to table")
        browser.close()
    server.shutdown()


def _edits(page: Page, before: str, after: str, count: int) -> tuple[list[float], list[float]]:
    renders, walls = [], []
    for index in range(count):
        old, new = (before, after) if index % 2 == 0 else (after, before)
        text = page.input_value("#code").replace(old, new)
        done = int(page.evaluate("document.body.dataset.renders"))
        started = time.perf_counter()
        page.fill("#code", text)
        page.wait_for_function(f"Number(document.body.dataset.renders) > {done}")
        walls.append((time.perf_counter() - started) * 1000)
        renders.append(float(page.evaluate("document.body.dataset.renderMs")))
        assert page.text_content("#errors") == "", page.text_content("#errors")
    return renders, walls


if __name__ == "__main__":
    main()
