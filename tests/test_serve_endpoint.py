"""``kg serve``: a real read-only SPARQL 1.1 Protocol endpoint, tested over HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdf_samples import sample_corpus

from kg.errors import UsageError
from kg.export.rdf import write_rdf
from kg.serve import Endpoint, running_endpoint

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_rdf(sample_corpus(), tmp_path_factory.mktemp("serve"), validate=False)[0]


@pytest.fixture(scope="module")
def endpoint(export: Path) -> Iterator[Endpoint]:
    with running_endpoint(export, port=_free_port(), timeout_s=1) as running:
        yield running


def _get(url: str, query: str) -> bytes:
    request = urllib.request.Request(f"{url}?query={urllib.parse.quote(query)}",
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def test_answers_a_select_over_get(endpoint: Endpoint) -> None:
    body = json.loads(_get(endpoint.query_url, "PREFIX kg: <https://w3id.org/paperkg/ontology#> "
                                               "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Paper }"))
    assert body["results"]["bindings"][0]["n"]["value"] == "3"


def test_answers_a_form_encoded_post(endpoint: Endpoint) -> None:
    data = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
    request = urllib.request.Request(endpoint.query_url, data=data, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert json.loads(response.read())["boolean"] is True


@pytest.mark.parametrize(("path", "content_type", "body"), [
    ("/update", "application/sparql-update", b"INSERT DATA { <http://a.example/s> <http://a.example/p> 1 }"),
    ("/store?default", "application/n-triples", b"<http://a.example/s> <http://a.example/p> <http://a.example/o> .\n"),
])
def test_refuses_updates(endpoint: Endpoint, path: str, content_type: str, body: bytes) -> None:
    request = urllib.request.Request(endpoint.url + path, data=body, headers={"Content-Type": content_type},
                                     method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403
    count = json.loads(_get(endpoint.query_url, "SELECT (COUNT(*) AS ?n) WHERE { <http://a.example/s> ?p ?o }"))
    assert count["results"]["bindings"][0]["n"]["value"] == "0"


def test_cancels_a_query_past_the_timeout(endpoint: Endpoint) -> None:
    started = time.monotonic()
    body = _get(endpoint.query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    assert b"cancelled" in body
    assert time.monotonic() - started < 15


def test_a_taken_port_is_a_clear_error(export: Path, endpoint: Endpoint) -> None:
    port = int(endpoint.url.rsplit(":", 1)[1])
    with pytest.raises(UsageError, match=f"cannot listen on 127.0.0.1:{port}"):
        with running_endpoint(export, port=port):
            pass


def test_stopping_removes_the_server(export: Path) -> None:
    with running_endpoint(export, port=_free_port()) as running:
        process = running.process
    assert process.poll() is not None


def test_sigterm_stops_the_server_and_removes_its_store(export: Path, tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys

    port = _free_port()
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    command = f"from kg.serve import serve; serve({str(export)!r}, port={port})"
    process = subprocess.Popen([sys.executable, "-c", command], stderr=subprocess.PIPE, text=True, env=env)
    try:
        ready = process.stderr.readline()
        assert ready.startswith(f"SPARQL endpoint: http://127.0.0.1:{port}/query")
        assert b'"boolean":true' in _get(f"http://127.0.0.1:{port}/query", "ASK { ?s ?p ?o }")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=5)
    assert not list(tmp_path.glob("paperkg-serve-*"))
