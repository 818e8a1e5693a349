#!/usr/bin/env python3
"""Runs one mapsafety lit test: clang-tidy on a copy of the file, then FileCheck.

Usage (from a RUN line, through the %check_mapsafety substitution):
  %check_mapsafety FILE CHECK-NAME [clang-tidy args...] -- [compiler args...]

- `// CHECK-MESSAGES:` lines are matched against clang-tidy's output with
  -implicit-check-not for warnings, errors and notes: any diagnostic that is not
  expected fails the test. A file with no CHECK-MESSAGES must produce none.
  `--check-prefixes=CHECK-MESSAGES,CHECK-OTHER` also matches `// CHECK-OTHER:`
  lines (a file run twice, say with and without an option).
- clang-tidy always runs with --fix on the copy. If the file has
  `// CHECK-FIXES:` lines, the fixed copy is matched against them; if it has
  none, the fixed copy must equal the unfixed one, so a fix-it nobody expected
  fails the test (with a diff) instead of going unchecked. Fix-its on notes are
  not applied (no --fix-notes), as for a user running --fix. Diagnostics in
  headers are not shown (--header-filter matches the copy only, the default of
  clang-tidy 14 and 19), so that --fix never edits a shared header in the
  source tree; should a fix still land outside the copy, the test fails.
- A test file of a check folder (test/mapsafety-*/) must hold a positive
  control case: a `CHECK-MESSAGES` line (or one of --check-prefixes) expecting
  a warning, so that the file fails when the check reports nothing. A file where
  that is impossible says why on a line `// NO-POSITIVE-CONTROL: <reason>`.
- Comments holding CHECK lines are blanked in the copy (line numbers are kept),
  so the expectations never appear in the diagnostics' source snippets.
"""
import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys

CHECK_COMMENT = re.compile(r"//\s*CHECK-[A-Z0-9-]*:[^\r\n]*")
DIAGNOSTIC = re.compile(r"^[^\n]*:\d+:\d+: (warning|error|note):", re.M)
# What --fix adds to clang-tidy's output besides the findings: a note per applied
# edit (at the edit, so it names the file changed), the summary line, and the
# refusal to fix a file that does not compile.
FIX_APPLIED = re.compile(r"^(.*):\d+:\d+: note: FIX-IT applied suggested code changes$")
FIX_CHATTER = re.compile(r"^(clang-tidy applied \d+ of \d+ suggested fixes\.|"
                         r"Found compiler errors, but -fix-errors was not specified\.|"
                         r"Fixes will not be applied\.)$")
NO_POSITIVE_CONTROL = re.compile(r"//\s*NO-POSITIVE-CONTROL:(.*)")


def expects_warning(text, prefixes):
    """True if a CHECK line of one of `prefixes` expects a warning."""
    alternatives = "|".join(re.escape(prefix) for prefix in prefixes)
    return re.search(r"//\s*(?:%s)(?:-NEXT|-SAME|-DAG)?:[^\n]*warning:" % alternatives, text) is not None


def positive_control_problem(path, text, prefixes):
    """Why a check-folder test lacks (or wrongly waives) a positive control, or None."""
    if not os.path.basename(os.path.dirname(os.path.abspath(path))).startswith("mapsafety-"):
        return None
    marker = NO_POSITIVE_CONTROL.search(text)
    has_positive = expects_warning(text, prefixes)
    if marker and not marker.group(1).strip():
        return "NO-POSITIVE-CONTROL needs a reason after the colon"
    if marker and has_positive:
        return ("the file is marked NO-POSITIVE-CONTROL but expects a warning: "
                "remove the marker")
    if not marker and not has_positive:
        return ("no positive control case: no %s line expects a warning, so this test "
                "would pass with the check reporting nothing. Add a case the check must "
                "warn about, or a '// NO-POSITIVE-CONTROL: <reason>' line if none can exist"
                % " or ".join(prefix + ":" for prefix in prefixes))
    return None


def fail(message, output=""):
    sys.stderr.write(f"check_mapsafety: {message}\n")
    if output:
        sys.stderr.write("---- clang-tidy output ----\n" + output + "\n---------------------------\n")
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clang-tidy", required=True)
    parser.add_argument("--load", default="", help="plugin to load; empty for mapsafety-tidy")
    parser.add_argument("--filecheck", required=True)
    parser.add_argument("--tmp", required=True, help="lit's %%t: a path this test may use")
    parser.add_argument("--expect-clang-tidy-failure", action="store_true")
    parser.add_argument("--stdlib", default="", help="e.g. libc++: compile with -stdlib=...")
    parser.add_argument("--check-prefixes", default="CHECK-MESSAGES",
                        help="FileCheck prefixes for the expected diagnostics")
    parser.add_argument("--checks-override", default="",
                        help="run these checks instead of CHECK-NAME (break_rule_selftest.py "
                             "replaces the rule by a check that never fires, to show that the "
                             "rule's tests then fail)")
    parser.add_argument("input")
    parser.add_argument("check")
    argv = sys.argv[1:]
    if "--" in argv:
        split = argv.index("--")
        own, compiler_args = argv[:split], argv[split + 1:]
    else:
        own, compiler_args = argv, []
    args, tidy_args = parser.parse_known_args(own)

    with open(args.input, encoding="utf-8") as f:
        text = f.read()
    prefixes = args.check_prefixes.split(",")
    has_messages = any(prefix + ":" in text for prefix in prefixes)
    has_fixes = "CHECK-FIXES:" in text
    problem = positive_control_problem(args.input, text, prefixes)
    if problem:
        fail(problem)

    os.makedirs(args.tmp, exist_ok=True)
    copy = os.path.join(args.tmp, os.path.basename(args.input))
    unfixed = CHECK_COMMENT.sub("//", text)
    with open(copy, "w", encoding="utf-8") as f:
        f.write(unfixed)

    src_dir = os.path.dirname(os.path.abspath(args.input))
    cmd = [args.clang_tidy]
    if args.load:
        cmd.append(f"--load={args.load}")
    # --fix applies the fix-its of every diagnostic clang-tidy shows, and clang-tidy 22
    # shows those of every non-system header (--header-filter defaults to '.*'): a
    # fix-it in a shared header under Inputs/ would be written into the source tree.
    # Only the copy may be shown and fixed, as clang-tidy 14 and 19 do by default.
    cmd += [f"-checks=-*,{args.checks_override or args.check}", "--quiet", "--fix",
            f"--header-filter=^{re.escape(copy)}$"]
    stdlib_args = [f"-stdlib={args.stdlib}"] if args.stdlib else []
    cmd += tidy_args + [copy, "--", f"-I{src_dir}"] + stdlib_args + compiler_args
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    # What --fix adds is not a finding: keep it out of what FileCheck sees.
    lines = proc.stdout.splitlines()
    fixed_files = {m.group(1) for m in map(FIX_APPLIED.match, lines) if m}
    output = "\n".join(line for line in lines
                       if not FIX_APPLIED.match(line) and not FIX_CHATTER.match(line))
    if proc.returncode != 0 and not args.expect_clang_tidy_failure:
        fail(f"clang-tidy exited with {proc.returncode}: {' '.join(cmd)}", output)
    if re.search(r"Error (opening|loading)|undefined symbol|-load request ignored", output):
        fail("the plugin did not load", output)
    elsewhere = sorted(f for f in fixed_files if os.path.realpath(f) != os.path.realpath(copy))
    if elsewhere:
        fail("--fix changed files other than the test's copy (check them with git status): "
             + ", ".join(elsewhere), output)

    if has_messages:
        result = subprocess.run(
            [args.filecheck, args.input, "--check-prefixes=" + args.check_prefixes,
             "-implicit-check-not={{warning|error|note}}:", "--dump-input=fail"],
            input=output, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if result.returncode != 0:
            fail("CHECK-MESSAGES did not match\n" + result.stdout, output)
    else:
        unexpected = [m.group(0) for m in DIAGNOSTIC.finditer(output)]
        if unexpected:
            fail("expected no diagnostics, got:\n  " + "\n  ".join(unexpected), output)

    with open(copy, encoding="utf-8") as f:
        fixed = f.read()
    if not has_fixes and fixed != unfixed:
        diff = "".join(difflib.unified_diff(
            unfixed.splitlines(True), fixed.splitlines(True),
            os.path.basename(args.input) + " (as written)",
            os.path.basename(args.input) + " (after --fix)"))
        fail("clang-tidy --fix changed the file, but the test has no CHECK-FIXES lines: "
             "add CHECK-FIXES for the fix-it (after checking the fixed code is right)\n" + diff)
    if has_fixes:
        result = subprocess.run(
            [args.filecheck, args.input, "--check-prefix=CHECK-FIXES", "--input-file", copy,
             "--dump-input=fail"],
            text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if result.returncode != 0:
            fail("CHECK-FIXES did not match the fixed file\n" + result.stdout, fixed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
