"""The outside tools that judge what decisionaid exports: Graphviz, mermaid-cli and the YAML
language server (the FHIR R4 rules live in `tests/fhir_r4.py`).

`make tools` installs them (Debian packages for Graphviz and Chromium, npm packages into the
ignored folder .tools/ from tests/tools/package-lock.json). A test that needs a tool which is
not there is skipped, naming the tool and the command that installs it; CI installs them all.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / ".tools"
NODE_MODULES = TOOLS / "node_modules"
PUPPETEER_CONFIG = ROOT / "tests" / "tools" / "puppeteer.json"


def need(path: Path | str | None, what: str) -> str:
    """The tool's path, or skip the test saying which tool is missing and how to get it."""
    if path is None or not Path(path).exists():
        pytest.skip(
            f"{what} is not installed: run `make tools` (as root it also installs Debian's packages)"
        )
    return str(path)


def texts(svg: str) -> list[str]:
    """Every piece of text an SVG shows (SVG <text> and the HTML labels Mermaid puts in
    <foreignObject>), whitespace collapsed."""
    shown = []
    for element in ET.fromstring(svg).iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in ("text", "p"):
            shown.append(" ".join("".join(element.itertext()).split()))
    return shown


# Graphviz ------------------------------------------------------------------------------


def graphviz_svg(dot_text: str) -> str:
    """DOT rendered by Graphviz's `dot -Tsvg`; fails the test with dot's own message."""
    dot = need(shutil.which("dot"), "Graphviz (`dot`)")
    run = subprocess.run(
        [dot, "-Tsvg"], input=dot_text.encode("utf-8"), capture_output=True, timeout=60
    )
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
    assert not run.stderr, f"dot warned: {run.stderr.decode('utf-8', 'replace')}"
    return run.stdout.decode("utf-8")


# mermaid-cli ---------------------------------------------------------------------------


def mermaid_svgs(charts: list[str], folder: Path) -> list[str]:
    """Each Mermaid chart rendered to SVG by mermaid-cli (`mmdc`) in Debian's Chromium, all
    in one run so the browser starts once; fails the test with Mermaid's parse error."""
    mmdc = need(NODE_MODULES / ".bin" / "mmdc", "mermaid-cli (`mmdc`)")
    need(shutil.which("chromium"), "Chromium (Debian package `chromium`)")
    source = folder / "charts.md"
    source.write_text(
        "\n\n".join(f"```mermaid\n{chart}```" for chart in charts) + "\n", encoding="utf-8"
    )
    run = subprocess.run(
        [mmdc, "-p", str(PUPPETEER_CONFIG), "-i", str(source), "-o", str(folder / "out.md")],
        capture_output=True,
        timeout=300,
        cwd=folder,
        env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"},
    )
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")[:3000]
    return [
        (folder / f"out-{n}.svg").read_text(encoding="utf-8") for n in range(1, len(charts) + 1)
    ]


# the YAML language server --------------------------------------------------------------


class YamlLanguageServer:
    """`yaml-language-server --stdio`, the server behind VS Code's YAML extension and other
    editors, spoken to over the Language Server Protocol. Schemas come from each file's
    `# yaml-language-server: $schema=…` comment, as in an editor."""

    def __init__(self) -> None:
        server = need(
            NODE_MODULES / "yaml-language-server" / "bin" / "yaml-language-server",
            "yaml-language-server",
        )
        node = need(shutil.which("node"), "Node.js")
        self.process = subprocess.Popen(
            [node, server, "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self._request(
            1,
            "initialize",
            {
                "processId": None,
                "rootUri": ROOT.as_uri(),
                "capabilities": {"workspace": {"configuration": True}},
            },
        )
        self._wait(lambda m: m.get("id") == 1)
        self._notify("initialized", {})
        self._notify("workspace/didChangeConfiguration", {"settings": {"yaml": self.SETTINGS}})

    # schemaStore off: on this closed network, and so that only the file's own comment counts
    SETTINGS = {"validate": True, "schemaStore": {"enable": False}}

    def diagnostics(self, path: Path) -> list[dict[str, Any]]:
        """What the server reports for one file once it has checked it against its schema."""
        uri = path.resolve().as_uri()
        text = path.read_text(encoding="utf-8")
        document = {"uri": uri, "languageId": "yaml", "version": 1, "text": text}
        self._notify("textDocument/didOpen", {"textDocument": document})
        found = self._wait(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
            )
        )
        self._notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        return found["params"]["diagnostics"]

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while line := stream.readline():
                if not line.strip():
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length is None:
                return
            body = stream.read(length)
            if len(body) < length:  # the server was stopped part-way through a message
                return
            self.messages.put(json.loads(body))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()

    def _request(self, number: int, method: str, params: dict[str, Any]) -> None:
        self._send({"id": number, "method": method, "params": params})

    def _notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def _wait(self, wanted, timeout: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = self.messages.get(timeout=left)
            except queue.Empty:
                break
            if "method" in message and "id" in message:
                self._answer(message)
            elif wanted(message):
                return message
        raise AssertionError("yaml-language-server did not answer in time")

    def _answer(self, request: dict[str, Any]) -> None:
        """Requests the server makes of its editor: our settings, or an empty yes."""
        result: Any = None
        if request["method"] == "workspace/configuration":
            items = request["params"]["items"]
            result = [self.SETTINGS if i.get("section") == "yaml" else None for i in items]
        self._send({"id": request["id"], "result": result})
