#!/usr/bin/env python3
"""How the cost of the mapsafety checks grows with the size of a function.

    tools/bench/scaling.py [--build build/llvm-22] [--work-dir build/bench/scaling]
                           [--sizes 100,300,1000,3000,10000] [--repeats 3] [--plot docs/benchmarks-scaling.png]

Generates one TU per shape and size N, each a single function body holding N units:
  loops    N loops over maps (range-for collecting keys, the iterator-erase idiom,
           a range-for erase that is a finding, an index loop), every 4th each;
  locks    N lock scopes (lock_guard / unique_lock / scoped_lock) writing member maps;
  threads  N std::thread launches (two thread functions) writing a shared map under
           its mutex, joined at the end;
  funcs    N small functions (a loop, a lock scope, a launch, in turn) in one class
           (many functions rather than one big one).
Runs clang-tidy-22 with the baseline configuration (a trivial check) and with all
mapsafety rules, REPEATS times, interleaved, and reports CPU seconds (median). A shape
stops growing before a size that would take more than --stop-after seconds if the
checks' cost grew quadratically (the table says 'skipped'). The plot shows absolute
times and the added cost per unit. Used by run-bench.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

HEADER = """#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>
"""


def gen_loops(n):
    body = []
    for i in range(n):
        k = i % 4
        if k == 0:
            body.append(f"  for (auto &[key, v] : m) if (v > {i}) keys.push_back(key);")
        elif k == 1:
            body.append(f"  for (auto it = u.begin(); it != u.end();) {{ if (it->second == {i}) "
                        "it = u.erase(it); else ++it; }")
        elif k == 2:
            body.append(f"  for (auto &[key, v] : m) if (v == {i}) m.erase(key);")
        else:
            body.append(f"  for (int j = 0; j < {i % 7 + 1}; ++j) total += m.count(j);")
    return (HEADER + "int loops(std::map<int, int> &m, std::unordered_map<int, int> &u) {\n"
            "  std::vector<int> keys; int total = 0;\n" + "\n".join(body) +
            "\n  for (int k : keys) m.erase(k);\n  return total;\n}\n")


def gen_locks(n):
    body = []
    for i in range(n):
        k = i % 3
        if k == 0:
            body.append(f"    {{ std::lock_guard<std::mutex> g(mu_); a_[{i}] = {i}; }}")
        elif k == 1:
            body.append(f"    {{ std::unique_lock<std::mutex> l(mu_); b_.erase({i}); l.unlock(); }}")
        else:
            body.append(f"    {{ std::scoped_lock l(mu_, mu2_); a_.erase({i}); b_[{i}] = a_.size(); }}")
    return (HEADER + "class Table {\n public:\n  void update() {\n" + "\n".join(body) +
            "\n  }\n  void start() { t_ = std::thread([this] { update(); }); }\n"
            "  ~Table() { if (t_.joinable()) t_.join(); }\n private:\n  std::mutex mu_, mu2_;\n"
            "  std::map<int, int> a_;\n  std::unordered_map<int, size_t> b_;\n  std::thread t_;\n};\n"
            "void run() { Table t; t.start(); t.update(); }\n")


def gen_threads(n):
    # Two thread functions, N launches: a lambda per launch would make the parse
    # (one std::thread constructor instantiation per closure type) dwarf everything.
    body = []
    for i in range(n):
        fn = "writer" if i % 2 else "eraser"
        body.append(f"  ts.emplace_back({fn}, std::ref(shared), std::ref(mu), {i});")
    return (HEADER + "void writer(std::map<int, int> &m, std::mutex &mu, int k) {\n"
            "  std::lock_guard<std::mutex> g(mu); m[k] += 1;\n}\n"
            "void eraser(std::map<int, int> &m, std::mutex &mu, int k) {\n"
            "  std::unique_lock<std::mutex> l(mu); m.erase(k);\n}\n"
            "int threads() {\n  std::map<int, int> shared;\n  std::mutex mu;\n"
            "  std::vector<std::thread> ts;\n" + "\n".join(body) +
            "\n  for (auto &t : ts) t.join();\n  return shared.size();\n}\n")


def gen_funcs(n):
    parts = [HEADER, "class Service {\n public:\n"]
    for i in range(n):
        k = i % 3
        if k == 0:
            parts.append(f"  void f{i}() {{ for (auto it = m_.begin(); it != m_.end();) "
                         f"{{ if (it->second == {i}) it = m_.erase(it); else ++it; }} }}\n")
        elif k == 1:
            parts.append(f"  void f{i}() {{ std::lock_guard<std::mutex> g(mu_); m_[{i}] = {i}; }}\n")
        else:
            parts.append(f"  void f{i}() {{ ts_.emplace_back([this] {{ f{i - 1}(); }}); }}\n")
    parts.append("  ~Service() { for (auto &t : ts_) t.join(); }\n private:\n  std::mutex mu_;\n"
                 "  std::map<int, int> m_;\n  std::vector<std::thread> ts_;\n};\n")
    return "".join(parts)


SHAPES = {"loops": gen_loops, "locks": gen_locks, "threads": gen_threads, "funcs": gen_funcs}


def run(prefix, work, sizes, repeats, timeout, stop_after=60.0, mem_gib=6, shapes=None):
    """Returns a list of {shape, n, baseline, all, *_rss_kib, warnings, note}. Sizes
    grow per shape; once the next size would take more than STOP_AFTER CPU seconds if
    the checks' cost grew quadratically, the larger sizes of that shape are not run
    (note 'skipped'), and runs over 10 s are not repeated.
    Address space is capped at MEM_GIB so that a blow-up fails instead of swapping."""
    os.makedirs(work, exist_ok=True)
    cfgs = common.configs([])
    flags = ["--", "-std=c++17", "-pthread"]
    limit = mem_gib << 30

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    out = []
    for shape, gen in SHAPES.items():
        if shapes and shape not in shapes:
            continue
        stopped = False
        for n in sizes:
            row = {"shape": shape, "n": n, "baseline": None, "all": None, "warnings": 0,
                   "baseline_rss_kib": 0, "all_rss_kib": 0, "note": ""}
            out.append(row)
            if stopped:
                row["note"] = "skipped"
                continue
            path = os.path.join(work, f"{shape}-{n}.cpp")
            with open(path, "w") as f:
                f.write(gen(n))
            times = {"baseline": [], "all": []}
            for rep in range(repeats):
                for c in ("baseline", "all") if rep % 2 == 0 else ("all", "baseline"):
                    r = common.timed_run(prefix + cfgs[c] + ["--quiet", path] + flags, timeout,
                                         preexec=cap)
                    failed = r["timeout"] or r["rc"] < 0 or "std::bad_alloc" in r["out"] \
                        or "out of memory" in r["out"].lower()
                    if failed:
                        row["note"] = "timeout" if r["timeout"] else f"failed (> {mem_gib} GiB?)"
                    times[c].append(r["cpu"])
                    row[c + "_rss_kib"] = max(row[c + "_rss_kib"], r["rss_kib"])
                    if c == "all":
                        row["warnings"] = r["out"].count("warning: ")
                    print(f"scaling: {shape} {n} {c}: {r['cpu']:.2f} s, "
                          f"{r['rss_kib'] // 1024} MiB {row['note']}", file=sys.stderr, flush=True)
                if row["note"] or max(times["all"]) > 10:
                    break
            if not row["note"]:
                row["baseline"] = statistics.median(times["baseline"])
                row["all"] = statistics.median(times["all"])
            row["repeats"] = len(times["all"])
            # Stop before a size whose run would take over STOP_AFTER seconds if the parse
            # grew linearly and the checks' share quadratically (the lock-scope and launch
            # shapes do, see docs/benchmarks.md).
            if row["note"]:
                stopped = True
            elif n != sizes[-1]:
                r = sizes[sizes.index(n) + 1] / n
                stopped = row["all"] * r + max(row["all"] - row["baseline"], 0) * r * r > stop_after
    return out


PLOT = r'''
import json, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
rows = json.load(open(sys.argv[1]))
fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4.2))
for shape in sorted({r["shape"] for r in rows}):
    rs = sorted((r for r in rows if r["shape"] == shape and r["all"] is not None), key=lambda r: r["n"])
    n = [r["n"] for r in rs]
    line, = a.plot(n, [r["all"] for r in rs], "o-", label=f"{shape}: all rules")
    a.plot(n, [r["baseline"] for r in rs], "s--", color=line.get_color(), alpha=0.6, label=f"{shape}: baseline")
    b.plot(n, [1000 * max(r["all"] - r["baseline"], 0) / r["n"] for r in rs], "o-", color=line.get_color(), label=shape)
a.set_xscale("log"); a.set_yscale("log"); a.set_xlabel("units in the TU (loops / lock scopes / launches / functions)")
a.set_ylabel("clang-tidy CPU seconds"); a.set_title("absolute time"); a.legend(fontsize=7); a.grid(True, which="both", alpha=0.3)
b.set_xscale("log"); b.set_xlabel("units in the TU"); b.set_ylabel("added ms per unit (all - baseline) / N")
b.set_title("cost per unit (flat = linear growth)"); b.legend(fontsize=8); b.grid(True, which="both", alpha=0.3)
fig.tight_layout(); fig.savefig(sys.argv[2], dpi=90)
'''


def plot(rows, png, allow_install=True):
    """PNG with matplotlib from Debian's python3-matplotlib (system python3)."""
    common.ensure_packages(["python3-matplotlib"], allow_install)
    data = png + ".json"
    with open(data, "w") as f:
        json.dump(rows, f)
    try:
        subprocess.run(["/usr/bin/python3", "-c", PLOT, data, png], check=True)
    finally:
        os.unlink(data)
    print(f"scaling: wrote {png}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(common.REPO, "build", "llvm-22"))
    ap.add_argument("--work-dir", default=os.path.join(common.REPO, "build", "bench", "scaling"))
    ap.add_argument("--sizes", default="100,300,1000,3000,10000")
    ap.add_argument("--stop-after", type=float, default=60.0,
                    help="a shape stops growing before a size projected (the checks' cost "
                         "quadratically) to take longer than this many CPU seconds")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--plot", default=None, help="write this PNG")
    ap.add_argument("--shapes", default=None, help="comma-separated subset of " + ",".join(SHAPES))
    args = ap.parse_args()
    prefix = common.find_plugin(os.path.abspath(args.build))
    rows = run(prefix, args.work_dir, [int(s) for s in args.sizes.split(",")], args.repeats,
               args.timeout, args.stop_after, shapes=args.shapes.split(",") if args.shapes else None)
    for r in rows:
        print(json.dumps(r))
    if args.plot:
        plot(rows, args.plot)


if __name__ == "__main__":
    main()
