"""The finding model, fingerprints, de-duplication and baselines.

A finding's fingerprint identifies it across runs and edits: it hashes the rule,
the file (relative to the source root), the enclosing function and the finding's
line with comments and whitespace removed. Line numbers are left out, so adding
or removing lines elsewhere keeps a finding matched; editing the line itself, or
moving it to another function or file, makes it a new finding. Identical
fingerprints (the same statement twice in one function) are matched as a
multiset: a baseline with two of them accepts two findings, not three.
"""
import hashlib
import json
import os

from . import jsonfiles
from .errors import SetupError

# The gate's own rule: with --require-reason, a mapsafety suppression without a reason.
UNEXPLAINED_SUPPRESSION_RULE = "mapsafety-gate/unexplained-suppression"
BASELINE_FORMAT = "mapsafety-gate-baseline"
BASELINE_VERSION = 1


class PathMapper:
    """Maps absolute paths to the paths findings carry: relative to the source root
    (with '/' separators) when inside it, so that results from CI jobs checked out
    in different places compare equal; absolute otherwise."""

    def __init__(self, source_root):
        self.source_root = os.path.normpath(os.path.abspath(source_root))
        self._real_root = os.path.realpath(self.source_root)

    def display(self, path):
        path = os.path.normpath(path)
        for root, candidate in ((self.source_root, path), (self._real_root, os.path.realpath(path))):
            if candidate == root or candidate.startswith(root.rstrip(os.sep) + os.sep):
                return os.path.relpath(candidate, root).replace(os.sep, "/")
        return path

    def absolute(self, display_path):
        if os.path.isabs(display_path):
            return display_path
        return os.path.join(self.source_root, *display_path.split("/"))


def fingerprint(rule, path, function, normalised_line):
    text = "\n".join((rule, path, function, normalised_line))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def make_location(sources, paths, path, offset):
    """A location dict for a byte offset in a file; line 0 when the file is unreadable."""
    src = sources.get(path)
    line, column, column16 = src.position(offset) if src else (0, 0, 0)
    return {"path": paths.display(path), "line": line, "column": column, "column16": column16,
            "offset": offset}


def make_finding(rule, level, message, location, notes, fixes, sources, paths):
    """A finding dict; `location`/notes/fixes as built by make_location."""
    src = sources.get(paths.absolute(location["path"]))
    function = src.enclosing_function(location["offset"]) if src else ""
    normalised = src.normalised_line(location["line"]) if src else ""
    return {
        "rule": rule, "level": level, "message": message, "location": location,
        "notes": notes, "fixes": fixes, "function": function,
        "fingerprint": fingerprint(rule, location["path"], function, normalised),
    }


def sort_key(finding):
    loc = finding["location"]
    return (loc["path"], loc["line"], loc["column"], finding["rule"], finding["message"])


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"))


def deduplicate(findings):
    """One finding per (rule, place, message), however many translation units reported
    it (a header's findings come once per TU that includes it). Where the copies
    differ (notes seen from different TUs), the choice is deterministic, so that
    shards merged give the same result as one run."""
    chosen = {}
    for f in findings:
        key = sort_key(f)
        if key not in chosen or canonical(f) < canonical(chosen[key]):
            chosen[key] = f
    return sorted(chosen.values(), key=sort_key)


def occurrence_fingerprints(findings):
    """`fingerprint:k` with k counting equal fingerprints in order: unique per run,
    for SARIF partialFingerprints."""
    seen = {}
    out = []
    for f in findings:
        k = seen.get(f["fingerprint"], 0)
        seen[f["fingerprint"]] = k + 1
        out.append(f"{f['fingerprint']}:{k}")
    return out


# -- baselines ----------------------------------------------------------------------------

def baseline_entries(findings):
    return [{"fingerprint": f["fingerprint"], "rule": f["rule"], "path": f["location"]["path"],
             "function": f["function"], "line": f["location"]["line"], "message": f["message"]}
            for f in findings]


def write_baseline(path, findings):
    jsonfiles.write(path, {"format": BASELINE_FORMAT, "version": BASELINE_VERSION,
                           "comment": "Accepted mapsafety findings; matched by fingerprint, not line. "
                                      "Regenerate with mapsafety-gate --write-baseline.",
                           "findings": baseline_entries(findings)})


def read_baseline(path):
    """The baseline's entries; SetupError (exit 2) with a readable message."""
    if not os.path.exists(path):
        raise SetupError(f"baseline {path} does not exist. Create it from the current findings by running "
                         f"the gate once with --write-baseline {path} instead of --baseline, and commit it")
    data = jsonfiles.read_versioned(path, BASELINE_FORMAT, BASELINE_VERSION, "baseline",
                                    "write one with --write-baseline")
    entries = data.get("findings")
    if not isinstance(entries, list) or not all(isinstance(e, dict) and "fingerprint" in e for e in entries):
        raise SetupError(f"baseline {path}: 'findings' must be a list of entries with a fingerprint")
    return entries


def apply_baseline(findings, entries):
    """Splits findings into (new, baselined) and returns the baseline entries that
    matched nothing (fixed, or changed beyond recognition)."""
    remaining = {}
    for e in entries:
        remaining.setdefault(e["fingerprint"], []).append(e)
    new, baselined = [], []
    for f in findings:
        pool = remaining.get(f["fingerprint"])
        if pool:
            pool.pop(0)
            baselined.append(f)
        else:
            new.append(f)
    absent = [e for pool in remaining.values() for e in pool]
    return new, baselined, absent
