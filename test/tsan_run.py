#!/usr/bin/env python3
"""Builds a complete test program with ThreadSanitizer, runs it, and checks the verdict.

Usage (RUN line, through %tsan_run):  %tsan_run --expect=race|clean FILE [-- compiler args]

--expect=race: ThreadSanitizer must report a data race (what the check flags is real).
--expect=clean: the program must run without any ThreadSanitizer report (the idiom
the check accepts really is race-free on this run).
The program is built with clang++ -fsanitize=thread -O1 -g -pthread and run with a
time limit; TSan's happens-before detection does not depend on timing, so a race
between two accesses that both execute is reported on every run.
"""
import argparse
import os
import subprocess
import sys


def main():
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    parser = argparse.ArgumentParser()
    parser.add_argument("--clang", required=True)
    parser.add_argument("--tmp", required=True)
    parser.add_argument("--expect", choices=["race", "clean"], required=True)
    parser.add_argument("--skip", default="", help="reason this configuration cannot run TSan")
    parser.add_argument("input")
    args = parser.parse_args(argv[:split])
    extra = argv[split + 1:]
    if args.skip:
        print(f"tsan_run: not run here: {args.skip}")
        return 0
    os.makedirs(args.tmp, exist_ok=True)
    exe = os.path.join(args.tmp, "tsan.out")
    build = [args.clang, "-fsanitize=thread", "-O1", "-g", "-pthread", "-std=c++17", *extra,
             args.input, "-o", exe]
    proc = subprocess.run(build, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0:
        sys.stderr.write("tsan_run: build failed: " + " ".join(build) + "\n" + proc.stdout)
        return 1
    env = dict(os.environ, TSAN_OPTIONS="exitcode=66 halt_on_error=0 report_signal_unsafe=0")
    try:
        run = subprocess.run([exe], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             env=env, timeout=60)
    except subprocess.TimeoutExpired:
        sys.stderr.write("tsan_run: the program did not finish within 60 s\n")
        return 1
    raced = "WARNING: ThreadSanitizer: data race" in run.stdout
    if args.expect == "race" and not raced:
        sys.stderr.write("tsan_run: expected ThreadSanitizer to report a data race; it did not\n"
                         + run.stdout[-4000:])
        return 1
    if args.expect == "clean" and (raced or "ThreadSanitizer" in run.stdout or run.returncode != 0):
        sys.stderr.write(f"tsan_run: expected a clean run (exit {run.returncode})\n" + run.stdout[-4000:])
        return 1
    print(f"tsan_run: {'data race reported' if raced else 'clean run'}, as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
