"""Lints mapsafety's own sources with the repository's .clang-tidy.

self_lint.py CLANG_TIDY PLUGIN BUILD_DIR REPO_ROOT: runs clang-tidy (with our
plugin, so our own checks run too) on every source of the compile database
that lives in the repository outside test/, and prints every diagnostic and
a closing count line. Exits 1 if there is any warning or error.
"""
import concurrent.futures
import json
import os
import re
import subprocess
import sys

clang_tidy, plugin, build_dir, repo = sys.argv[1:5]
repo = os.path.realpath(repo)
with open(os.path.join(build_dir, "compile_commands.json"), encoding="utf-8") as f:
    files = sorted({os.path.realpath(e["file"]) for e in json.load(f)})
files = [f for f in files if f.startswith(repo + os.sep) and "/test/" not in f[len(repo):]]


def lint(path):
    cmd = [clang_tidy, f"--load={plugin}", "-p", build_dir, "--quiet",
           f"--config-file={os.path.join(repo, '.clang-tidy')}", path]
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout


with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
    out = "".join(pool.map(lint, files))
found = re.findall(r"^.*: (?:warning|error): .*$", out, re.M)
for line in found:
    print(line)
print(f"self-lint: {len(files)} files, {len(found)} diagnostics")
sys.exit(1 if found or not files else 0)
