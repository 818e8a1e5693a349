#!/usr/bin/env python3
"""Lists the tracked C++ sources of lib/, checks/, tools/ (not the hostile
benchmark inputs) and test/unit/ that
clang-format (argv[1]) would change under the repository's .clang-format, then
prints "format: N files, M to reformat"."""
import os
import subprocess
import sys

clang_format, repo = sys.argv[1], sys.argv[2]
if not os.path.exists(clang_format):
    sys.exit(f"check_format: {clang_format} not found (apt-get install clang-format-22)")
files = subprocess.run(
    ["git", "-C", repo, "ls-files", "lib/*.cpp", "lib/*.h", "checks/*.cpp", "checks/*.h",
     "tools/*.cpp", "tools/*.h", "test/unit/*.cpp", "test/unit/*.h"],
    check=True, capture_output=True, text=True).stdout.split()
# The benchmark's hostile inputs are deliberately laid out badly (long lines,
# macros): they are inputs, not our code.
files = [f for f in files if not f.startswith("tools/bench/hostile/")]
bad = []
for name in files:
    path = os.path.join(repo, name)
    with open(path, encoding="utf-8") as f:
        before = f.read()
    after = subprocess.run([clang_format, f"--assume-filename={path}", "--style=file"],
                           input=before, capture_output=True, text=True, cwd=repo).stdout
    if after != before:
        bad.append(name)
for name in bad:
    print(f"format: {name} differs from clang-format's output")
print(f"format: {len(files)} files, {len(bad)} to reformat")
