#!/usr/bin/env python3
"""Turn the findings of a robustness run into the triage table of docs/real-world.md.

    tools/bench/triage.py [--work-dir build/bench] [--verdicts tools/bench/verdicts.tsv]

Reads WORK/findings.json (written by tools/bench/robustness, every mapsafety warning on
every TU of the code bases) and the hand-written verdicts (verdicts.tsv: code base, file,
line, rule, verdict, one-line reason), and prints a Markdown table, the counts per code
base, rule and verdict, and false positives per 100 kLOC of the analysed TUs' main files.
Findings without a verdict are listed as UNTRIAGED and make the exit status 1, so a new
finding (or one that moved) cannot slip into the document unread.
"""
import argparse
import collections
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work-dir", default=os.path.join(REPO, "build", "bench"))
    ap.add_argument("--verdicts", default=os.path.join(HERE, "verdicts.tsv"))
    ap.add_argument("--project-view", action="store_true",
                    help="triage what the project view keeps (robustness --project-view)")
    args = ap.parse_args()
    name = "findings-view.json" if args.project_view else "findings.json"
    findings = json.load(open(os.path.join(args.work_dir, name)))
    verdicts = {}
    for line in open(args.verdicts):
        if line.startswith("#") or not line.strip():
            continue
        cb, path, ln, rule, verdict, reason = line.rstrip("\n").split("\t")
        verdicts[(cb, path, int(ln), rule)] = (verdict, reason)
    infos = {}
    # every configured code base counts, also one without findings (its kLOC and zero)
    dirs = {d for d in os.listdir(args.work_dir)
            if os.path.exists(os.path.join(args.work_dir, d, "ready.json"))}
    for cb in sorted({f["codebase"] for f in findings} | {k[0] for k in verdicts} | dirs):
        ready = os.path.join(args.work_dir, cb, "ready.json")
        if os.path.exists(ready):
            infos[cb] = json.load(open(ready))
    rows, untriaged = [], []
    counts = collections.Counter()
    for f in findings:
        if f["codebase"] not in infos:  # the hostile inputs are not real code
            continue
        info = infos[f["codebase"]]
        rel = os.path.relpath(f["file"], info["srcdir"])
        key = (f["codebase"], rel, f["line"], f["rule"])
        verdict, reason = verdicts.get(key, ("UNTRIAGED", f["message"]))
        if verdict == "UNTRIAGED":
            untriaged.append(key)
        rows.append((f["codebase"], f"{rel}:{f['line']}", f["rule"].replace("mapsafety-", ""),
                     verdict, reason))
        counts[(f["codebase"], f["rule"], verdict.split(" (")[0])] += 1
    print("| code base | file:line | rule | verdict | reason |")
    print("|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join([r[0], f"`{r[1]}`", r[2], r[3], r[4]]) + " |")
    print("\n| code base | version | TUs | kLOC (main files) | findings | true bug | intended | "
          "false positive | FP / 100 kLOC |")
    print("|---|---|---|---|---|---|---|---|---|")
    tot = collections.Counter()
    for cb, info in infos.items():
        c = {v: sum(n for (b, _, vv), n in counts.items() if b == cb and vv == v)
             for v in ("true bug", "intended", "false positive", "UNTRIAGED")}
        n = sum(c.values())
        kloc = info["tu_lines"] / 1000
        tot.update(c)
        tot["n"] += n
        tot["kloc"] += kloc
        tot["tus"] += len(info["tus"])
        print(f"| {cb} | {info['source']} {info['version']} | {len(info['tus'])} | {kloc:.1f} | {n} | "
              f"{c['true bug']} | {c['intended']} | {c['false positive']} | "
              f"{100 * c['false positive'] / kloc:.1f} |")
    print(f"| **all** | | {tot['tus']} | {tot['kloc']:.1f} | {tot['n']} | {tot['true bug']} | "
          f"{tot['intended']} | {tot['false positive']} | "
          f"{100 * tot['false positive'] / tot['kloc']:.1f} |")
    print("\nPer rule: " + ", ".join(f"{cb}/{rule.replace('mapsafety-', '')}/{v}: {n}"
                                     for (cb, rule, v), n in sorted(counts.items())))
    if untriaged:
        print(f"\n{len(untriaged)} UNTRIAGED findings:", file=sys.stderr)
        for k in untriaged:
            print("  " + "\t".join(map(str, k)), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
