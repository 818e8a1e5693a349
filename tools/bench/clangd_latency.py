#!/usr/bin/env python3
"""How long an editor waits for diagnostics: mapsafety-clangd against stock clangd.

    tools/bench/clangd_latency.py [--build build/llvm-22] [--runs 7] [--edits 5]

For each case (a source file and its flags) and each server, RUNS times: a fresh
copy of the file in a temporary project (compile_commands.json and a .clang-tidy
with --checks), a fresh server, initialize, then

  open:  time from sending didOpen to receiving publishDiagnostics for it (the
         server parses the preamble, builds the AST and runs the checks);
  edit:  EDITS times, time from a didChange inside the file's last function
         (the preamble is reused: what every keystroke costs) to its diagnostics.

Both servers get the same flags, checks and settings (no background index, no
standard-library index, a private user config). Stock clangd cannot run our
checks, so the difference between the two is what the mapsafety checks cost;
the run fails if mapsafety-clangd reports none of the findings a case has.
Prints a Markdown table and the machine: wall-clock time (median, min, max) and the
server's own CPU time for the same interval (median; all its threads, from
/proc/PID/stat, 10 ms resolution), which a busy machine disturbs much less.

This is a benchmark, not a test: timings depend on the machine and its load.
docs/editor.md records the numbers.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "test", "clangd", "Inputs"))
import clangd_session  # noqa: E402  (the tests' project set-up and server environment)
import lsp  # noqa: E402  (the tests' LSP client)

OURS = "mapsafety-"


def generated_source(functions):
    """A long file of map loops, correct and buggy, in the shapes the check analyses."""
    parts = ["#include <map>\n#include <string>\n#include <unordered_map>\n#include <vector>\n\n"
             "struct Entry { bool stale = false; int owner = 0; };\n"]
    for i in range(functions):
        if i % 4 == 0:  # a range-for erase: one finding each
            parts.append(f"void sweep{i}(std::map<std::string, Entry> &m) {{\n"
                         "  for (auto &[k, e] : m)\n    if (e.stale) m.erase(k);\n}\n")
        elif i % 4 == 1:  # the correct iterator idiom
            parts.append(f"void prune{i}(std::unordered_map<int, Entry> &m, int owner) {{\n"
                         "  for (auto it = m.begin(); it != m.end();) {\n"
                         "    if (it->second.owner == owner) it = m.erase(it); else ++it;\n  }\n}\n")
        elif i % 4 == 2:  # collect, then mutate after the loop
            parts.append(f"void rehome{i}(std::map<int, Entry> &m) {{\n"
                         "  std::vector<int> moved;\n"
                         "  for (auto &[k, e] : m) if (e.stale) moved.push_back(k);\n"
                         "  for (int k : moved) { Entry e = m[k]; m.erase(k); m[k + 1000] = e; }\n}\n")
        else:  # a read-only loop
            parts.append(f"int count{i}(const std::map<int, Entry> &m) {{\n"
                         "  int n = 0;\n  for (const auto &[k, e] : m) n += e.stale;\n  return n;\n}\n")
    return "".join(parts), (functions + 3) // 4


def cases(build):
    """(name, file name, source text, flags, findings we must report) for each case."""
    sample = os.path.join(REPO, "test", "clangd", "Inputs", "project", "src", "session_table.cpp")
    example = os.path.join(REPO, "test", "example", "src", "scheduler.cpp")
    out = [("sample (test/clangd)", "session_table.cpp", read(sample), ["-std=c++17"], 2),
           ("example scheduler.cpp", "scheduler.cpp", read(example), ["-std=c++20"], 1)]
    text, findings = generated_source(400)
    out.append(("generated, 400 map loops", "many_loops.cpp", text, ["-std=c++17"], findings))
    # A real translation unit with a heavy preamble (clang's AST headers): our own check.
    db = os.path.join(build, "compile_commands.json") if build else ""
    check = os.path.join(REPO, "checks", "MutationInRangeLoopCheck.cpp")
    if db and os.path.exists(db):
        for entry in json.load(open(db, encoding="utf-8")):
            if os.path.realpath(entry["file"]) == os.path.realpath(check):
                out.append(("checks/MutationInRangeLoopCheck.cpp", "MutationInRangeLoopCheck.cpp",
                            read(check), compile_flags(entry, check), 0))
                break
    return out


def compile_flags(entry, source):
    """The flags of a compile-database entry, minus the compiler, output and input."""
    args = entry.get("arguments") or entry["command"].split()
    flags, skip = [], False
    for arg in args[1:]:
        if skip:
            skip = False
        elif arg in ("-o", "-c"):
            skip = arg == "-o"
        elif os.path.realpath(os.path.join(entry["directory"], arg)) != os.path.realpath(source):
            flags.append(arg if not arg.startswith("-I") or os.path.isabs(arg[2:])
                         else "-I" + os.path.join(entry["directory"], arg[2:]))
    return flags + ["-I" + os.path.dirname(source)]


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def edited(text, n):
    """The text with a statement added inside the last function (before its closing brace)."""
    at = text.rstrip().rfind("}")
    return text[:at] + f"  (void){n};\n" + text[at:]


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_ms(pid):
    """CPU time (user + system, all threads) the process has used so far, in ms."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / CLOCK_TICKS


def measure(server_path, case, work, checks, edits):
    name, filename, text, flags, _ = case
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    path = os.path.join(work, filename)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(work, ".clang-tidy"), "w", encoding="utf-8") as f:
        f.write(f"Checks: '{checks}'\n")
    with open(os.path.join(work, "compile_commands.json"), "w", encoding="utf-8") as f:
        json.dump([{"directory": work, "file": path,
                    "arguments": ["clang++", *flags, "-c", path, "-o", "/dev/null"]}], f)
    cmd = [server_path, "--background-index=false", "--log=error"]
    with lsp.LspServer(cmd, work, log_path=os.path.join(work, "server.log"),
                       env=clangd_session.server_environment(work), timeout=300) as server:
        server.initialize()
        pid = server.proc.pid
        start, cpu = time.monotonic(), cpu_ms(pid)
        server.open(path, text)
        diagnostics = server.wait_diagnostics(path, 1)
        opened = ((time.monotonic() - start) * 1000, cpu_ms(pid) - cpu)
        edits_ms = []
        for n in range(edits):
            start, cpu = time.monotonic(), cpu_ms(pid)
            server.change(path, edited(text, n), version=n + 2)
            server.wait_diagnostics(path, n + 2)
            edits_ms.append(((time.monotonic() - start) * 1000, cpu_ms(pid) - cpu))
    ours = sum(1 for d in diagnostics if str(d.get("code", "")).startswith(OURS))
    errors = [d["message"] for d in diagnostics if d.get("severity") == 1]
    if errors:
        sys.exit(f"clangd_latency.py: {name} does not compile in {server_path}: {errors[:3]}")
    return opened, edits_ms, ours


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, load average {load}"


def version(server_path):
    out = subprocess.run([server_path, "--version"], stdout=subprocess.PIPE, text=True, check=False).stdout
    return out.splitlines()[0] if out else "?"


def summary(samples):
    """`wall median (min–max) / CPU median` of (wall, cpu) pairs."""
    wall, cpu = [w for w, _ in samples], [c for _, c in samples]
    return f"{statistics.median(wall):.0f} ({min(wall):.0f}–{max(wall):.0f}) / {statistics.median(cpu):.0f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(REPO, "build", "llvm-22"),
                        help="mapsafety build directory (default: build/llvm-22)")
    parser.add_argument("--mapsafety-clangd", help="default: BUILD/bin/mapsafety-clangd")
    parser.add_argument("--stock-clangd", help="default: the same LLVM's clangd")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--checks", default="-*,bugprone-*,mapsafety-*",
                        help="the .clang-tidy Checks of every case (default: %(default)s)")
    parser.add_argument("--only", help="run only the cases whose name contains this")
    args = parser.parse_args()

    ours = args.mapsafety_clangd or os.path.join(args.build, "bin", "mapsafety-clangd")
    if not os.access(ours, os.X_OK):
        sys.exit(f"clangd_latency.py: no mapsafety-clangd at {ours} (build it, or pass --mapsafety-clangd)")
    major = version(ours).split("version ")[-1].split(".")[0]
    stock = args.stock_clangd or f"/usr/lib/llvm-{major}/bin/clangd"
    if not os.access(stock, os.X_OK):
        sys.exit(f"clangd_latency.py: no stock clangd at {stock} (apt-get install clangd-{major})")
    servers = [("stock clangd", stock), ("mapsafety-clangd", ours)]

    print(f"{datetime.date.today().isoformat()}, {machine()}")
    print(f"stock: {stock} ({version(stock)}); ours: {ours}")
    print(f"Checks: '{args.checks}'; {args.runs} runs, {args.edits} edits per run; milliseconds: "
          "wall-clock median (min–max) / the server's CPU time, median\n")
    print("| file | lines | server | didOpen → diagnostics | didChange → diagnostics | our findings |")
    print("|---|---:|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="mapsafety-bench-") as tmp:
        for case in cases(args.build):
            if args.only and args.only not in case[0]:
                continue
            for label, server_path in servers:
                opens, changes, found = [], [], 0
                for run in range(args.runs):
                    opened, edits_ms, found = measure(server_path, case, os.path.join(tmp, f"run{run}"),
                                                      args.checks, args.edits)
                    opens.append(opened)
                    changes.extend(edits_ms)
                if server_path == ours and OURS in args.checks and found < case[4]:
                    sys.exit(f"clangd_latency.py: {case[0]}: mapsafety-clangd reported {found} "
                             f"findings, expected {case[4]}")
                print(f"| {case[0]} | {case[2].count(chr(10))} | {label} | {summary(opens)} | "
                      f"{summary(changes)} | {found} |", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except lsp.LspError as err:
        sys.exit(f"clangd_latency.py: {err}")
