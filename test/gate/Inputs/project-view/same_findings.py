"""same_findings.py A.json B.json: the two gate results hold the same findings,
notes included (the one-pass re-judge against two full passes)."""
import json
import sys


def findings(path):
    with open(path, encoding="utf-8") as f:
        results = json.load(f)
    return [{k: f[k] for k in ("rule", "message", "location", "notes", "fingerprint")}
            for f in results["findings"]]


a, b = findings(sys.argv[1]), findings(sys.argv[2])
if a != b:
    sys.exit(f"different findings:\n{json.dumps(a, indent=1)}\n---\n{json.dumps(b, indent=1)}")
if not a and "--allow-empty" not in sys.argv:
    pass
print(f"same {len(a)} finding(s)")
