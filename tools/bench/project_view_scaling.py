#!/usr/bin/env python3
"""How the project view's merge step grows with the size of the project.

    tools/bench/project_view_scaling.py [--sizes 1000,10000,100000] [--files 200] [--seed 1]

Generates facts files (the format the thread rules write, see docs/design.md) for a
synthetic project of N functions spread over --files translation units: classes of
10 methods, each method calling 3 others (half of them on `this`, some in other
files), a quarter of the calls holding the class's mutex, one call cycle per class,
a factory per class calling Open() on a fresh object, and every 50th method
publishing `this`. Then times `projectview.merge` (CPU seconds, the best of 3) and
reports its peak memory growth and the facts' size. Used for docs/benchmarks.md,
"Project view".
"""
import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from mapsafety_gate import projectview  # noqa: E402


def usr(c, m):
    return f"c:@S@C{c}@F@m{m}#"


def synthetic(functions, files, rng):
    classes = max(1, functions // 10)
    docs = [{"format": projectview.FACTS_FORMAT, "version": projectview.FACTS_VERSION,
             "main_file": f"/p/f{i}.cpp", "functions": [], "premises": []} for i in range(files)]
    for c in range(classes):
        mutex = f"this:c:@S@C{c}@FI@mu_"
        for m in range(10):
            doc = docs[(c * 10 + m) % files]
            calls = []
            for k in range(3):
                target = (m + 1 + k) % 10 if k < 2 else rng.randrange(10)
                on_this = rng.random() < 0.5
                callee_class = c if on_this else rng.randrange(classes)
                locks = [{"key": mutex, "shared": False}] if rng.random() < 0.25 else []
                calls.append({"callee": usr(callee_class, target), "file": doc["main_file"], "line": 10 + k,
                              "column": 3, "offset": 100 + k, "receiver": "this" if on_this else "other",
                              "locks": locks, "escaped_before": False, "calls_before": []})
            if m == 0:
                calls.append({"callee": usr(c, 1), "file": doc["main_file"], "line": 20, "column": 3,
                              "offset": 200, "receiver": "fresh", "locks": [], "escaped_before": False,
                              "calls_before": []})
            doc["functions"].append({
                "usr": usr(c, m), "name": f"C{c}::m{m}", "file": doc["main_file"], "line": m + 1,
                "kind": "function", "virtual": False, "overrides": [], "publishes_this": m % 50 == 7,
                "address_taken": [], "calls": calls})
            doc["premises"].append({"check": "mapsafety-unguarded-thread-write", "file": doc["main_file"],
                                    "line": m, "column": 1, "offset": m, "unconditional": False,
                                    "root": usr(c, m), "root_name": f"C{c}::m{m}", "lock": mutex,
                                    "lock_name": "mu_", "needs_exclusive": True, "on_this": True,
                                    "this_escaped_before": False, "this_calls_before": []})
    return docs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    options = ap.parse_args()
    print("| functions | calls | facts (MiB) | merge CPU s | per function (µs) | view (MiB) | peak RSS (MiB) |")
    print("|---|---|---|---|---|---|---|")
    for n in (int(s) for s in options.sizes.split(",")):
        docs = synthetic(n, options.files, random.Random(options.seed))
        with tempfile.TemporaryDirectory() as d:
            size = 0
            for i, doc in enumerate(docs):
                path = os.path.join(d, f"f{i}{projectview.FACTS_SUFFIX}")
                with open(path, "w") as f:
                    json.dump(doc, f, separators=(",", ":"))
                size += os.path.getsize(path)
            best = None
            for _ in range(3):
                start = time.process_time()
                view = projectview.merge([projectview.read_facts(f)
                                          for f in projectview.facts_files([d])])
                spent = time.process_time() - start
                best = spent if best is None else min(best, spent)
            out = os.path.join(d, "view.json")
            projectview.write_view(view, out)
            view_size = os.path.getsize(out)
        calls = sum(len(f["calls"]) for doc in docs for f in doc["functions"])
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"| {n} | {calls} | {size / 2**20:.1f} | {best:.2f} | {best / n * 1e6:.1f} | "
              f"{view_size / 2**20:.1f} | {rss:.0f} |")


if __name__ == "__main__":
    main()
