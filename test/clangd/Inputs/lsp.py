"""A small LSP client over stdio for the clangd tests and the latency benchmark.

Standard library only. Every wait is bounded: a server that stops answering
raises LspTimeout (with the tail of its log) instead of hanging the test, and
leaving the `with` block always ends the server process.

    with LspServer([clangd, "--log=error"], root) as server:
        server.initialize()
        server.open(path, text)
        diags = server.wait_diagnostics(uri_of(path), version=1)
"""
import json
import os
import queue
import subprocess
import threading
import time
import urllib.parse

# How long one wait may take. clangd answers in well under a second here;
# a loaded CI machine building the standard library preamble may take several.
DEFAULT_TIMEOUT = float(os.environ.get("MAPSAFETY_LSP_TIMEOUT", "60"))


class LspError(Exception):
    """The server answered a request with an error, or died."""


class LspTimeout(LspError):
    """A bounded wait ran out."""


def uri_of(path):
    return "file://" + urllib.parse.quote(os.path.abspath(path))


# What we tell the server we support: diagnostics with related information
# (notes as locations, as VS Code and Neovim do) and code actions with kinds.
CLIENT_CAPABILITIES = {
    "textDocument": {
        "publishDiagnostics": {"relatedInformation": True, "versionSupport": True,
                               "codeDescriptionSupport": True},
        "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {
            "valueSet": ["", "quickfix", "refactor", "refactor.extract", "refactor.inline",
                         "refactor.rewrite", "source"]}}},
        "synchronization": {"didSave": True},
    },
    "window": {"workDoneProgress": False},
}


class LspServer:
    """One language server process spoken to over its stdin/stdout."""

    def __init__(self, cmd, root, log_path=None, env=None, timeout=DEFAULT_TIMEOUT):
        self.root = os.path.abspath(root)
        self.timeout = timeout
        self.log_path = log_path or os.devnull
        self._log = open(self.log_path, "wb")  # pylint: disable=consider-using-with
        self.proc = subprocess.Popen(  # pylint: disable=consider-using-with
            cmd, cwd=self.root, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self._log)
        self._inbox = queue.Queue()
        self._next_id = 0
        self.notifications = []  # every notification received, in order
        threading.Thread(target=self._read, daemon=True).start()

    # -- framing ---------------------------------------------------------------
    def _read(self):
        stream = self.proc.stdout
        try:
            while True:
                length = None
                while True:
                    line = stream.readline()
                    if not line:
                        self._inbox.put(None)  # end of stream
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.decode("ascii").partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                if length is None:
                    continue
                self._inbox.put(json.loads(stream.read(length)))
        except (OSError, ValueError) as err:
            self._inbox.put(err)

    def _send(self, message):
        body = json.dumps(message).encode("utf-8")
        try:
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.proc.stdin.flush()
        except OSError as err:
            raise LspError(f"server stopped reading: {err}\n{self.log_tail()}") from err

    def log_tail(self, lines=30):
        """The last lines of the server's stderr log, for error messages."""
        if self.log_path == os.devnull:
            return "(server log not kept)"
        self._log.flush()
        with open(self.log_path, "rb") as f:
            tail = f.read().decode("utf-8", "replace").splitlines()[-lines:]
        return "server log (last lines):\n" + "\n".join(tail)

    # -- messages --------------------------------------------------------------
    def notify(self, method, params):
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def _next_message(self, deadline, waiting_for):
        left = deadline - time.monotonic()
        if left <= 0:
            raise LspTimeout(f"no {waiting_for} within {self.timeout:g}s\n{self.log_tail()}")
        try:
            message = self._inbox.get(timeout=left)
        except queue.Empty:
            raise LspTimeout(f"no {waiting_for} within {self.timeout:g}s\n{self.log_tail()}") from None
        if message is None or isinstance(message, Exception):
            raise LspError(f"server closed its output (exit code {self.proc.poll()}) while "
                           f"waiting for {waiting_for}\n{self.log_tail()}")
        if "method" in message and "id" in message:  # a request from the server
            self._answer_server_request(message)
        elif "method" in message:
            self.notifications.append(message)
        return message

    def _answer_server_request(self, message):
        # workspace/configuration wants one item per request; the rest want null.
        if message["method"] == "workspace/configuration":
            result = [None] * len(message.get("params", {}).get("items", []))
        else:
            result = None
        self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})

    def request(self, method, params, timeout=None):
        """Sends a request and returns its result; raises LspError on an error answer."""
        self._next_id += 1
        request_id = self._next_id
        self._send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            message = self._next_message(deadline, f"answer to {method}")
            if message.get("id") == request_id and "method" not in message:
                if "error" in message:
                    raise LspError(f"{method} failed: {message['error']}")
                return message.get("result")

    def wait_notification(self, predicate, what, timeout=None):
        """Returns the first notification, already received or coming, that satisfies predicate."""
        for message in self.notifications:
            if predicate(message):
                return message
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            message = self._next_message(deadline, what)
            if "method" in message and "id" not in message and predicate(message):
                return message

    # -- the calls the tests make ----------------------------------------------
    def initialize(self, options=None):
        result = self.request("initialize", {
            "processId": os.getpid(), "rootUri": uri_of(self.root),
            "workspaceFolders": [{"uri": uri_of(self.root), "name": "project"}],
            "capabilities": CLIENT_CAPABILITIES, "initializationOptions": options or {}})
        self.notify("initialized", {})
        return result

    def open(self, path, text, version=1):
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri_of(path), "languageId": "cpp", "version": version, "text": text}})

    def change(self, path, text, version):
        """Replaces the whole document (full sync, which every server accepts)."""
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": uri_of(path), "version": version},
            "contentChanges": [{"text": text}]})

    def wait_diagnostics(self, path, version, timeout=None):
        """The diagnostics published for this version of the document."""
        uri = uri_of(path)

        def matches(message):
            params = message.get("params", {})
            return (message.get("method") == "textDocument/publishDiagnostics"
                    and params.get("uri") == uri and params.get("version") == version)
        message = self.wait_notification(
            matches, f"publishDiagnostics for {os.path.basename(path)} version {version}", timeout)
        return message["params"]["diagnostics"]

    def code_actions(self, path, diagnostic):
        return self.request("textDocument/codeAction", {
            "textDocument": {"uri": uri_of(path)}, "range": diagnostic["range"],
            "context": {"diagnostics": [diagnostic], "only": ["quickfix"]}}) or []

    def close(self, polite=True):
        """Shuts the server down (politely if asked and it still answers), then for sure."""
        try:
            if polite and self.proc.poll() is None:
                self.request("shutdown", None, timeout=10)
                self.notify("exit", None)
                self.proc.wait(timeout=10)
        except (LspError, subprocess.TimeoutExpired):
            pass
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self._log.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        # After a failure (a timeout, most likely) do not wait for the server again.
        self.close(polite=exc_type is None)


def apply_edits(text, edits):
    """Applies LSP TextEdits (line/character positions, all against `text`)."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(position):
        # UTF-16 units equal characters for the ASCII sources the tests use.
        return starts[min(position["line"], len(lines))] + position["character"]
    for edit in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
        text = (text[:offset(edit["range"]["start"])] + edit["newText"]
                + text[offset(edit["range"]["end"]):])
    return text


def format_diagnostic(diagnostic):
    """One line per diagnostic, clang-style with 1-based positions, then its notes."""
    severity = {1: "error", 2: "warning", 3: "information", 4: "hint"}.get(
        diagnostic.get("severity"), "?")
    start, end = diagnostic["range"]["start"], diagnostic["range"]["end"]
    message = diagnostic["message"].replace("\n", "\\n")
    out = [f"{start['line'] + 1}:{start['character'] + 1}-{end['line'] + 1}:{end['character'] + 1}: "
           f"{severity}: {message} [{diagnostic.get('code', '')}] source={diagnostic.get('source', '')}"]
    for related in diagnostic.get("relatedInformation", []):
        location = related["location"]
        position = location["range"]["start"]
        name = os.path.basename(urllib.parse.unquote(location["uri"]))
        out.append(f"  note: {name}:{position['line'] + 1}:{position['character'] + 1}: "
                   f"{related['message']}")
    return "\n".join(out)
