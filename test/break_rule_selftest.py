#!/usr/bin/env python3
"""Shows that each rule's test folder fails when the rule reports nothing.

Usage:
  test/break_rule_selftest.py BUILD_DIR [--rule RULE]... [--noop CHECK] [-j N] [--param K=V]...

For each rule (default: the three), runs lit on test/<rule>/ of BUILD_DIR with
`--param checks-override=<noop>`: the runner (check_mapsafety.py) then enables
<noop> instead of the rule, with the plugin loaded as usual, so the rule's tests
run against a clang-tidy in which the rule does not report. The default no-op,
objc-avoid-nserror-init, registers its matchers for Objective-C only and never
fires on C++ (a C++ check such as readability-braces-around-statements would warn
and fix on the test files, and the tests would fail for the wrong reason).

Every test of every folder must then fail for the right reason: the runner says
"CHECK-MESSAGES did not match" and clang-tidy printed nothing. The script prints,
per rule, the tests run and the tests failing that way, lists any test that passed
or failed otherwise, and exits 0 only if there is none. It is not a lit test
(lit.cfg.py excludes it): it runs each folder once more, expecting failures.
--param passes lit parameters through (stdlib=libc++, driver=standalone).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

RULES = ["mapsafety-mutation-in-range-loop", "mapsafety-unguarded-thread-write",
         "mapsafety-shared-map-copy"]
RIGHT_REASON = "check_mapsafety: CHECK-MESSAGES did not match"
TIDY_OUTPUT = "---- clang-tidy output ----"


def find_lit(build):
    cache = os.path.join(build, "CMakeCache.txt")
    with open(cache, encoding="utf-8") as f:
        for line in f:
            if line.startswith("MAPSAFETY_LIT:"):
                return line.split("=", 1)[1].strip()
    sys.exit(f"break_rule_selftest: no MAPSAFETY_LIT in {cache}: configure the build with tests")


def runner_message(output):
    """The runner's first complaint in a test's output, or the output's last line."""
    for line in output.splitlines():
        line = line.lstrip("# |")
        if line.startswith("check_mapsafety:") or line.startswith("tsan_run:"):
            return line
    lines = [line for line in output.splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


def run_rule(args, lit, rule):
    fd, results = tempfile.mkstemp(prefix="break-rule-", suffix=".json")
    os.close(fd)
    cmd = [sys.executable, lit, "-v", f"-j{args.jobs}", "--param", f"checks-override={args.noop}",
           "--filter", ":: " + re.escape(rule) + "/", "-o", results]
    for param in args.param:
        cmd += ["--param", param]
    cmd.append(os.path.join(args.build, "test"))
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with open(results, encoding="utf-8") as f:
            tests = json.load(f).get("tests", [])
    except (OSError, ValueError):
        sys.exit(f"break_rule_selftest: lit wrote no results for {rule}: {' '.join(cmd)}")
    finally:
        os.unlink(results)
    right, wrong, skipped = [], [], []
    for test in sorted(tests, key=lambda t: t["name"]):
        name = test["name"].split(" :: ", 1)[-1]
        output = test.get("output", "")
        if test["code"] == "FAIL" and RIGHT_REASON in output and TIDY_OUTPUT not in output:
            right.append(name)
        elif test["code"] == "UNSUPPORTED":
            skipped.append(name)
        elif test["code"] == "FAIL":
            wrong.append((name, "fails for another reason: " + runner_message(output)))
        else:
            wrong.append((name, f"{test['code']} with the rule off"))
    return tests, right, wrong, skipped


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build", help="a configured and built mapsafety build directory")
    parser.add_argument("--rule", action="append", choices=RULES, help="default: all three")
    parser.add_argument("--noop", default="objc-avoid-nserror-init",
                        help="the check run instead of the rule (must never fire on C++)")
    parser.add_argument("-j", "--jobs", type=int, default=1)
    parser.add_argument("--param", action="append", default=[], help="lit parameter K=V")
    args = parser.parse_args()
    lit = find_lit(args.build)
    source = os.path.dirname(os.path.abspath(__file__))
    ok = True
    print(f"rules replaced by '{args.noop}' (build {args.build})")
    print(f"{'rule':36} {'files':>5} {'run':>5} {'fail':>5}  (fail = CHECK-MESSAGES unmatched, no output)")
    for rule in args.rule or RULES:
        files = len([f for f in os.listdir(os.path.join(source, rule))
                     if f.endswith((".cpp", ".c", ".test"))])
        tests, right, wrong, skipped = run_rule(args, lit, rule)
        print(f"{rule:36} {files:>5} {len(tests) - len(skipped):>5} {len(right):>5}")
        for name in skipped:
            print(f"  unsupported in this configuration, not run: {name}")
        for name, why in wrong:
            print(f"  NOT BROKEN: {name}: {why}")
        if wrong or not tests:
            ok = False
    print("every test fails without its rule" if ok else "some tests do not depend on their rule")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
