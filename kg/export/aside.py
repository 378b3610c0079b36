"""One function run in a process of its own while the build goes on: an export step on another core.

A build's client is one Python process, so of a 2-core machine's cores one sits idle while the exports
are written. Steps that only need a small input (the SHACL sample, the path of the N-Triples file) can
run beside the others: pySHACL and the Turtle writer are Python-bound, so a thread would wait for the
interpreter lock, while a process runs at once. Processes are spawned, not forked: the build may hold
threads (a Dask client), and a forked child would also look as large as the whole build to anyone
adding up the RSS of the process tree.

Whatever goes wrong in the process (an exception, no process to start, a killed child) ends as "no
answer", and the caller does the step itself: so an error reaches the user exactly as it would
without the process, and a platform without processes still builds.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Aside(Generic[T]):
    """``function(*args)`` running in a spawned process; ``result`` waits for its value."""

    def __init__(self, process: BaseProcess, connection: Connection) -> None:
        self.process, self.connection = process, connection

    @classmethod
    def start(cls, function: Callable[..., T], *args: Any) -> Aside[T] | None:
        """The running process; ``None`` where none can be started (the caller does the work itself).

        ``function`` and ``args`` are pickled to the process, so ``function`` must be importable.
        """
        if multiprocessing.current_process().daemon:  # a pool's worker, say: it may not have children
            return None
        if not _main_reimportable():
            return None
        context = multiprocessing.get_context("spawn")
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_run, args=(function, args, sender), daemon=True,
                                  name=f"paperkg-{function.__name__.strip('_')}")
        try:
            process.start()
        except (OSError, RuntimeError):
            receiver.close()
            sender.close()
            return None
        sender.close()  # only the child holds its end now, so receiving from a dead child ends (EOFError)
        return cls(process, receiver)

    def result(self) -> tuple[bool, T | None]:
        """``(True, value)`` once the function returned; ``(False, None)`` when it raised or the process died."""
        try:
            answer = self.connection.recv()
        except (EOFError, OSError):
            answer = (False, None)
        self.stop()
        return answer

    def stop(self) -> None:
        """End the process (at once, if it is still working) and release its pipe; safe to repeat."""
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.connection.close()


def _main_reimportable() -> bool:
    """Whether a spawned child can re-run the parent's main script, as spawning does first: a script
    read from standard input ("python - < build.py") names a file that does not exist, and its child
    would die with a traceback on stderr before doing anything."""
    main = getattr(sys.modules.get("__main__"), "__file__", None)
    return main is None or Path(main).is_file()


def _run(function: Callable[..., T], args: tuple[Any, ...], connection: Connection) -> None:
    try:
        answer: tuple[bool, T | None] = (True, function(*args))
    except Exception:  # noqa: BLE001 - the parent does the step again and raises the error itself
        answer = (False, None)
    connection.send(answer)
    connection.close()
