"""Recording specs in a worker process, which XLA may abort (see the package docstring)."""

import multiprocessing
import sys
import traceback
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from .graph import record_graph_spec
from .records import OracleDisagreement, spec_label
from .sequential import record_sequential_spec
from .spec_reader import SpecError, is_graph, read_spec


def record_spec(path, crashed=None):
    """Build one spec with Keras; return the fixture dict.

    ``crashed``: the exit code of a process that died running this model
    eagerly; the model is not run again and its runtime records the crash.
    """
    if is_graph(*read_spec(path)):
        return record_graph_spec(path, crashed)
    return record_sequential_spec(path, crashed)


class WorkerDied(Exception):
    """The worker process died (XLA can abort the whole process on some models)."""


def _worker_main(conn):
    while True:
        job = conn.recv()
        if job is None:
            return
        path, crashed = job
        try:
            conn.send((True, record_spec(path, crashed)))
        except (SpecError, OracleDisagreement) as exc:
            conn.send((False, exc))
        except Exception as exc:  # anything else, as text (it may not pickle)
            conn.send((False, RuntimeError(f"{path}: {type(exc).__name__}: {exc}\n{traceback.format_exc()}")))


class Recorder:
    """Records specs in a worker process, so that a model whose eager run
    aborts the process (an XLA compiler CHECK failure, which no Python code
    can catch) costs a new worker, not the whole run: the spec is recorded
    again without the eager run, and its runtime says what happened."""

    def __init__(self) -> None:
        self.conn: Connection | None = None
        self.process: BaseProcess | None = None

    def _running(self) -> tuple[Connection, BaseProcess]:
        """The worker's end of the pipe and the worker, started if need be."""
        if self.conn is None or self.process is None:
            context = multiprocessing.get_context("spawn")
            self.conn, child = context.Pipe()
            self.process = context.Process(target=_worker_main, args=(child,), daemon=True)
            self.process.start()
            child.close()
        return self.conn, self.process

    def _ask(self, path, crashed):
        conn, process = self._running()
        conn.send((str(path), crashed))
        try:
            ok, value = conn.recv()
        except EOFError:
            process.join()
            exitcode = process.exitcode
            self.conn = self.process = None
            raise WorkerDied(exitcode) from None
        if not ok:
            raise value
        return value

    def record(self, path):
        try:
            return self._ask(path, None)
        except WorkerDied as died:
            (exitcode,) = died.args
            print(f"note: {spec_label(path)}: the worker died (exit code {exitcode}) running the model "
                  "eagerly; recorded again without the eager run", file=sys.stderr)
            return self._ask(path, exitcode)

    def close(self):
        if self.conn is not None and self.process is not None:
            self.conn.send(None)
            self.process.join()
            self.conn = self.process = None
