"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over an export, on Oxigraph's own server.

The ``oxigraph`` package ships a Rust HTTP server; its ``serve-read-only`` mode refuses updates
(and the graph-store writes) and takes ``--timeout-s`` for queries. It serves a store directory, not
a file, so the export is first bulk-loaded (``oxigraph load``) into a temporary store that is
deleted when the server stops.
"""

from __future__ import annotations

import contextlib
import math
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import ExportError, UsageError

READY_TIMEOUT_S = 60.0
"""How long the server may take to open the store before we give up."""


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A running endpoint: ``query_url`` takes SPARQL 1.1 Protocol requests."""

    url: str
    process: subprocess.Popen[bytes]

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"


def oxigraph_binary() -> str:
    """The ``oxigraph`` executable installed next to this Python (or else on ``PATH``)."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise UsageError("the oxigraph server binary is missing; install the `oxigraph` package")
    return found


def _check_port_free(host: str, port: int) -> None:
    """Fail clearly when the port is taken: otherwise the readiness probe could reach the other server."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            raise UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}") from error


def _load(binary: str, data: Path, location: Path) -> None:
    if not data.is_file():
        raise ExportError("no such export file (run `kg build` first, or pass --data)", path=data)
    done = subprocess.run([binary, "load", "--location", str(location), "--file", str(data)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise ExportError(f"cannot load into the server store: {lines[-1] if lines else done.returncode}", path=data)


def _wait_ready(endpoint: Endpoint, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    probe = endpoint.query_url + "?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if endpoint.process.poll() is not None:
            lines = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
            raise UsageError(f"the SPARQL server stopped: {lines[0] if lines else endpoint.process.returncode}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200:
                    return
        time.sleep(0.05)
    raise UsageError(f"the SPARQL server did not answer on {endpoint.url} within {READY_TIMEOUT_S:.0f} s")


@contextlib.contextmanager
def running_endpoint(data: Path, host: str = "127.0.0.1", port: int = 7878,
                     timeout_s: float = 30.0) -> Iterator[Endpoint]:
    """Load ``data`` into a temporary store, serve it read-only, and stop and clean up on exit.

    The server takes whole seconds, so ``timeout_s`` is rounded up.
    """
    if timeout_s <= 0:
        raise UsageError("the query timeout must be positive")
    binary = oxigraph_binary()
    _check_port_free(host, port)
    with tempfile.TemporaryDirectory(prefix="paperkg-serve-") as folder:
        location, log = Path(folder) / "store", Path(folder) / "server.log"
        _load(binary, Path(data), location)
        with log.open("wb") as log_handle:
            process = subprocess.Popen(
                [binary, "serve-read-only", "--location", str(location), "--bind", f"{host}:{port}",
                 "--timeout-s", str(math.ceil(timeout_s))],
                stdout=log_handle, stderr=subprocess.STDOUT,
            )
            endpoint = Endpoint(url=f"http://{host}:{port}", process=process)
            try:
                _wait_ready(endpoint, log)
                yield endpoint
            finally:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(data: Path, host: str = "127.0.0.1", port: int = 7878, timeout_s: float = 30.0,
          on_ready: Callable[[str], None] | None = None) -> None:
    """Serve ``data`` read-only until interrupted; ``on_ready`` gets the query URL once it answers.

    SIGTERM stops it like Ctrl-C does, so the server process and its temporary store never outlive
    the command.
    """
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        # The whole body, not just the wait: a signal that lands while the ready line is being printed
        # must stop the server just as cleanly (it did not, once, under load).
        with contextlib.suppress(KeyboardInterrupt), running_endpoint(data, host, port, timeout_s) as endpoint:
            (on_ready or (lambda url: print(f"SPARQL endpoint: {url} (read-only; Ctrl-C stops)",
                                            file=sys.stderr, flush=True)))(endpoint.query_url)
            endpoint.process.wait()
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
