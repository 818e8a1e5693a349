"""Runs clang-tidy once per translation unit, in parallel, and turns what it exported
(--export-fixes YAML: diagnostics with byte offsets, notes and replacements) into
findings.

A translation unit's analysis failed when clang-tidy was killed by a signal or
printed LLVM's crash banner (crashed), ran past --timeout (timeout), reported
compiler errors (compile-errors: the checks saw an incomplete AST, so findings may
be missing), or exited non-zero for another reason (failed). Compiler warnings are
not errors here, whatever -Werror the build uses: the AST behind them is whole. Failures are reported
with the command lines that reproduce them; they are never skipped silently.
"""
import concurrent.futures
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import threading

from . import findings as findings_module
from . import suppressions, tidyconfig, tidyyaml

_CRASH_MARKERS = ("PLEASE submit a bug report", "Stack dump:")
# A warning that WarningsAsErrors promoted, as clang-tidy prints it. LLVM 14 still
# exports such a diagnostic with Level: Warning, so the text is what tells.
_PROMOTED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): error: .* \[(?P<rule>[^\],]+)[^\]]*,-warnings-as-errors\]$",
                       re.M)
_OUTPUT_TAIL_LINES = 30
_REAL_COMPILE_ERROR = "clang-diagnostic-error"
# Appended to every analysis: a build's -Werror must not turn the compiler's warnings
# (-Wthread-safety, -Wunused...) into errors that look like a broken translation unit.
NO_WERROR_ARGS = ["--extra-arg=-Wno-error"]


class UnitResult:
    """What one clang-tidy run produced."""

    def __init__(self, unit):
        self.unit = unit
        self.diagnostics = []   # export-fixes "Diagnostics" entries of mapsafety rules
        self.promoted = set()   # (absolute path, line, byte column, rule) made errors by WarningsAsErrors
        self.failure = None     # a failure dict (see _failure), or None
        self.config_warnings = []  # clang-tidy-config warnings ({"where", "text"})
        self.werror_warnings = 0   # compiler warnings a -Werror=<group> kept errors (not a failure)


def _tail(text):
    lines = text.rstrip().splitlines()
    return "\n".join(lines[-_OUTPUT_TAIL_LINES:])


def _signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


class Runner:
    """Runs `command_for(unit, export_path)` for every unit with `jobs` workers."""

    def __init__(self, jobs, timeout, paths):
        self.jobs = jobs
        self.timeout = timeout
        self.paths = paths
        self._progress_lock = threading.Lock()
        self._show_progress = sys.stderr.isatty()
        self.env = None  # clang-tidy's environment (None: the gate's own)

    def _failure(self, unit, kind, detail, command, output):
        # The export file and the bare-NOLINT overlay live in a scratch directory that
        # is gone by the time someone reruns the command; the failure reproduces without.
        rerun = [c for c in command if not c.startswith(("--export-fixes=", "--vfsoverlay="))]
        return {"path": self.paths.display(unit.path), "kind": kind, "detail": detail,
                "compile_commands": unit.command_lines(),
                "clang_tidy_command": " ".join(shlex.quote(c) for c in rerun),
                "output": _tail(output)}

    def run_one(self, index, unit, command_for, scratch):
        result = UnitResult(unit)
        export = os.path.join(scratch, f"unit-{index}.yaml")
        command = command_for(unit, export)
        try:
            proc = subprocess.run(command, capture_output=True, text=True, errors="replace",
                                  timeout=self.timeout, check=False, env=self.env)
        except subprocess.TimeoutExpired as e:
            output = (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
            result.failure = self._failure(unit, "timeout", f"no result within {self.timeout} s",
                                           command, output)
            return result
        except OSError as e:
            result.failure = self._failure(unit, "failed", f"cannot run clang-tidy: {e.strerror}", command, "")
            return result
        output = proc.stdout + proc.stderr
        result.config_warnings = tidyconfig.config_warnings(output)
        try:
            diagnostics = _exported(export)
        except tidyyaml.YamlError as e:
            result.failure = self._failure(unit, "failed", f"cannot read {e}", command, output)
            return result
        result.diagnostics = [d for d in diagnostics if d.get("DiagnosticName", "").startswith("mapsafety-")]
        result.promoted = {(os.path.normpath(m["path"]), int(m["line"]), int(m["col"]), m["rule"])
                           for m in _PROMOTED.finditer(proc.stdout)}
        compile_errors, result.werror_warnings = _compiler_errors(diagnostics)
        reported_errors = bool(result.promoted or result.werror_warnings)
        result.failure = self._judge_run(unit, proc, output, compile_errors, reported_errors, command)
        return result

    def _judge_run(self, unit, proc, output, compile_errors, reported_errors, command):
        """The failure dict of a finished clang-tidy run, or None. Exit status 1 is no
        failure when clang-tidy reported errors that are not compile errors:
        WarningsAsErrors findings, or compiler warnings a -Werror=<group> kept errors."""
        if proc.returncode < 0:
            return self._failure(unit, "crashed", f"clang-tidy was killed by {_signal_name(-proc.returncode)}",
                                 command, output)
        if any(marker in output for marker in _CRASH_MARKERS):
            return self._failure(unit, "crashed", f"clang-tidy crashed (exit {proc.returncode})", command, output)
        if compile_errors:
            first = compile_errors[0]["DiagnosticMessage"]
            return self._failure(unit, "compile-errors", f"{len(compile_errors)} compiler error(s), the first: "
                                 f"{first.get('Message', '?')}", command, output)
        if proc.returncode != 0 and not (proc.returncode == 1 and reported_errors):
            return self._failure(unit, "failed", f"clang-tidy exited with status {proc.returncode}", command, output)
        return None

    def run_all(self, units, command_for, project_files=(), rules=()):
        """UnitResults in the order of `units`; `command_for(unit, export, overlay_args)`.
        clang-tidy sees `project_files` with the NOLINTs that may silence `rules`
        hidden (write_overlay)."""
        results = [None] * len(units)
        done = 0
        found = 0
        with tempfile.TemporaryDirectory(prefix="mapsafety-gate-") as scratch, \
                concurrent.futures.ThreadPoolExecutor(max_workers=self.jobs) as pool:
            overlay = write_overlay(project_files, rules, scratch)

            def command(unit, export):
                return command_for(unit, export, overlay)

            futures = {pool.submit(self.run_one, i, u, command, scratch): i for i, u in enumerate(units)}
            for future in concurrent.futures.as_completed(futures):
                results[futures[future]] = future.result()
                done += 1
                found += len(results[futures[future]].diagnostics)
                self._progress(done, len(units), found)
        self._progress_done()
        return results

    def _progress(self, done, total, found):
        if self._show_progress:
            with self._progress_lock:
                sys.stderr.write(f"\rmapsafety-gate: {done}/{total} files, {found} findings so far")
                sys.stderr.flush()

    def _progress_done(self):
        if self._show_progress:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def write_overlay(files, rules, scratch):
    """Writes, for each of `files` with a NOLINT that may silence one of `rules`, a copy
    with them hidden (suppressions.neutralised) and a clang VFS overlay that shows the
    copies under the files' own names; returns the clang-tidy arguments that use it."""
    by_directory = {}
    for i, path in enumerate(sorted(set(files))):
        try:
            with open(path, "rb") as f:
                text = f.read().decode("utf-8", errors="surrogateescape")  # bytes kept: offsets stay
        except OSError:
            continue
        hidden = suppressions.neutralised(text, rules)
        if hidden is None:
            continue
        copy = os.path.join(scratch, f"nolint-hidden-{i}-{os.path.basename(path)}")
        with open(copy, "wb") as f:
            f.write(hidden.encode("utf-8", errors="surrogateescape"))
        by_directory.setdefault(os.path.dirname(path), []).append(
            {"type": "file", "name": os.path.basename(path), "external-contents": copy})
    if not by_directory:
        return []
    overlay = os.path.join(scratch, "nolint-hidden-overlay.yaml")
    with open(overlay, "w", encoding="utf-8") as f:
        json.dump({"version": 0, "use-external-names": False,  # diagnostics name the real files
                   "roots": [{"type": "directory", "name": d, "contents": c} for d, c in by_directory.items()]}, f)
    return [f"--vfsoverlay={overlay}"]


def _exported(path):
    """The Diagnostics clang-tidy exported to `path` ([] if it wrote none)."""
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    os.unlink(path)
    document = tidyyaml.load(text, "clang-tidy's exported diagnostics (--export-fixes)") or {}
    return (document.get("Diagnostics") or []) if isinstance(document, dict) else []


def _compiler_errors(diagnostics):
    """(real compile errors, count of compiler warnings made errors). clang-tidy names
    a real error `clang-diagnostic-error`; a warning that -Werror=<group> (or a
    pragma) made an error keeps its group's name, and the AST behind it is whole."""
    errors = [d for d in diagnostics if d.get("Level") == "Error"
              and d.get("DiagnosticName", "").startswith("clang-diagnostic-")]
    real = [d for d in errors if d["DiagnosticName"] == _REAL_COMPILE_ERROR]
    return real, len(errors) - len(real)


def to_findings(unit_result, build_dir, sources, paths):
    """Findings from a unit's export-fixes diagnostics (file paths there may be relative
    to the diagnostic's build directory)."""
    out = []
    for d in unit_result.diagnostics:
        message = d.get("DiagnosticMessage") or {}
        if not message.get("FilePath"):
            continue  # a diagnostic without a place (e.g. about the command line)
        base = d.get("BuildDirectory") or build_dir

        def location(path, offset, base=base):
            absolute = os.path.normpath(path if os.path.isabs(path) else os.path.join(base, path))
            return findings_module.make_location(sources, paths, absolute, int(offset))

        primary = location(message["FilePath"], message.get("FileOffset", 0))
        notes = [dict(location(n["FilePath"], n.get("FileOffset", 0)), message=n.get("Message", ""))
                 for n in (d.get("Notes") or []) if n.get("FilePath")]
        fixes = []
        for r in message.get("Replacements") or []:
            offset, length = int(r.get("Offset", 0)), int(r.get("Length", 0))
            start, end = location(r["FilePath"], offset), location(r["FilePath"], offset + length)
            fixes.append({"path": start["path"], "offset": offset, "length": length,
                          "text": r.get("ReplacementText", ""),
                          "start": [start["line"], start["column16"]], "end": [end["line"], end["column16"]]})
        promoted = (os.path.normpath(paths.absolute(primary["path"])), primary["line"], primary["column"],
                    d["DiagnosticName"]) in unit_result.promoted
        level = "error" if d.get("Level") == "Error" or promoted else "warning"
        out.append(findings_module.make_finding(d["DiagnosticName"], level, message.get("Message", ""),
                                                primary, notes, fixes, sources, paths))
    return out
