"""Runs a documentation page's first ```sh block as written, one line at a time.

run_doc_steps.py DOC PROJECT_DIR [BIN_DIR]

Each line of the block (comments after `#` kept: bash ignores them) runs with bash in
PROJECT_DIR, with this process's environment and BIN_DIR first on PATH (where the test
puts `mapsafety-gate`).
Prints `$ <command>`, its output (stdout and stderr), and `exit N` for each line, so that
the test can check what the page says happens. Exits 0 whatever the steps do.
"""
import os
import re
import subprocess
import sys

doc, project = sys.argv[1], sys.argv[2]
env = dict(os.environ)
if len(sys.argv) > 3:
    env["PATH"] = os.path.abspath(sys.argv[3]) + os.pathsep + env.get("PATH", "")
with open(doc, encoding="utf-8") as f:
    block = re.search(r"^```sh\n(.*?)^```", f.read(), re.M | re.S)
if not block:
    sys.exit(f"run_doc_steps.py: no ```sh block in {doc}")
for line in block.group(1).splitlines():
    if not line.strip() or line.lstrip().startswith("#"):
        continue
    print(f"$ {line}", flush=True)
    result = subprocess.run(["bash", "-c", line], cwd=project, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, check=False)
    sys.stdout.write(result.stdout)
    print(f"exit {result.returncode}", flush=True)
