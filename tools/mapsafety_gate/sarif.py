"""SARIF 2.1.0 for code review (GitHub code scanning and other SARIF viewers).

One result per reported finding, in the text output's order; after them, for the
viewer's history, the findings the baseline accepted (`baselineState: unchanged`) and
those a NOLINT silenced (`suppressions`, kind `inSource`, the reason as
`justification`). Every rule links its documentation page (`helpUri`), the tool its
README (`informationUri`), and `automationDetails.id` names the run or shard, so that
shards uploaded apart do not replace each other.
"""
import collections
import os
import re
import time
import urllib.parse

from . import VERSION
from . import findings as F

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "mapsafetyFingerprint/v1"

GATE_RULE = {
    "id": F.UNEXPLAINED_SUPPRESSION_RULE,
    "short": "A NOLINT that silences a mapsafety rule without saying why.",
    "full": "With --require-reason, every suppression of a mapsafety rule must carry a reason after it, "
            "so that reviewers can check the reasoning.",
    "help": "Write the reason after the directive, e.g.\n\n"
            "    m.erase(k);  // NOLINT(mapsafety-mutation-in-range-loop): loop exits right after\n\n"
            "See docs/suppressions.md for the accepted forms.",
}


# -- documentation links -----------------------------------------------------------------------

def _file_uri(path):
    return "file://" + urllib.parse.quote(os.path.abspath(path))


def docs_links(docs_dirs, docs_url=None):
    """Where the rule pages, the suppressions page and the README are, as absolute URIs:
    under `docs_url` (--docs-url, the top of a mapsafety source tree on the web: its
    docs/checks/<rule>.md) or else the pages the gate itself reads (docs/ of its source
    checkout, share/doc/mapsafety when installed)."""
    if docs_url:
        base = docs_url.rstrip("/")
        return {"checks": base + "/docs/checks/", "suppressions": base + "/docs/suppressions.md",
                "information": base + "/README.md"}
    checks = next((d for d in docs_dirs if os.path.isdir(d)), docs_dirs[0])
    docs = os.path.dirname(checks)
    readme = next((p for p in (os.path.join(os.path.dirname(docs), "README.md"), os.path.join(docs, "README.md"))
                   if os.path.isfile(p)), os.path.join(docs, "README.md"))
    return {"checks": _file_uri(checks) + "/", "suppressions": _file_uri(os.path.join(docs, "suppressions.md")),
            "information": _file_uri(readme)}


# -- locations and fixes -----------------------------------------------------------------------

def _artifact(path):
    if os.path.isabs(path):
        return {"uri": "file://" + urllib.parse.quote(path)}
    return {"uri": urllib.parse.quote(path), "uriBaseId": SRCROOT}


def _physical(loc):
    region = {"startLine": max(loc["line"], 1)}
    if loc.get("column16"):
        region["startColumn"] = loc["column16"]
    return {"artifactLocation": _artifact(loc["path"]), "region": region}


def _fix(finding):
    by_file = collections.OrderedDict()
    for r in finding["fixes"]:
        by_file.setdefault(r["path"], []).append({
            "deletedRegion": {"startLine": r["start"][0], "startColumn": r["start"][1],
                              "endLine": r["end"][0], "endColumn": r["end"][1]},
            "insertedContent": {"text": r["text"]},
        })
    return {"description": {"text": f"Apply the fix-it of {finding['rule']}"},
            "artifactChanges": [{"artifactLocation": _artifact(p), "replacements": reps}
                                for p, reps in by_file.items()]}


# -- rules and results ---------------------------------------------------------------------------

def _pascal_case(rule_id):
    return "".join(part.capitalize() for part in re.split(r"[-/]", rule_id.replace("mapsafety-", "", 1)))


def _rule(meta, links):
    gate_rule = meta["id"] == F.UNEXPLAINED_SUPPRESSION_RULE
    return {
        "id": meta["id"], "name": _pascal_case(meta["id"]),
        "shortDescription": {"text": meta["short"]}, "fullDescription": {"text": meta["full"]},
        "help": {"text": meta["help"], "markdown": meta["help"]},
        "helpUri": links["suppressions"] if gate_rule else links["checks"] + meta["id"] + ".md",
        "defaultConfiguration": {"level": "error" if gate_rule else "warning"},
        "properties": {"tags": ["correctness", "mapsafety"], "precision": "high"},
    }


def _result(finding, fingerprint, rule_index):
    result = {
        "ruleId": finding["rule"], "level": finding["level"],
        "message": {"text": finding["message"]},
        "locations": [{"physicalLocation": _physical(finding["location"])}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if finding["rule"] in rule_index:
        result["ruleIndex"] = rule_index[finding["rule"]]
    if finding["function"]:
        result["locations"][0]["logicalLocations"] = [{"fullyQualifiedName": finding["function"],
                                                       "kind": "function"}]
    if finding["notes"]:
        result["relatedLocations"] = [{"id": i, "message": {"text": n["message"]}, "physicalLocation": _physical(n)}
                                      for i, n in enumerate(finding["notes"], start=1)]
    if finding["fixes"]:
        result["fixes"] = [_fix(finding)]
    return result


def _suppression(finding):
    """SARIF's record of the NOLINT that silenced `finding`."""
    s = finding["suppression"]
    record = {"kind": "inSource", "status": "accepted",
              "location": {"physicalLocation": _physical({"path": s["path"], "line": s["line"]})}}
    if s["reason"]:
        record["justification"] = s["reason"]
    return record


def _results(verdict, rule_index):
    """Reported findings first (as the text output lists them), then the baselined and
    the silenced ones; fingerprints are counted over all of them, so each is unique."""
    r = verdict.results
    silenced = r.get("silenced", [])
    every = verdict.reported + verdict.baselined + silenced
    out = []
    for n, (finding, fp) in enumerate(zip(every, F.occurrence_fingerprints(every))):
        result = _result(finding, fp, rule_index)
        if n >= len(verdict.reported) + len(verdict.baselined):
            result["suppressions"] = [_suppression(finding)]
        elif r.get("baseline") is not None:
            result["baselineState"] = "new" if n < len(verdict.reported) else "unchanged"
        out.append(result)
    return out


def automation_id(results):
    """`category/instance`: one category per shard (uploaded apart, they must not
    replace each other) and one for the whole or merged run; the instance is the CI
    run where there is one, else the time."""
    shard = results.get("shard")
    category = f"mapsafety/shard-{shard[0]}-of-{shard[1]}" if shard else "mapsafety/all"
    instance = (os.environ.get("GITHUB_RUN_ID") or os.environ.get("CI_PIPELINE_ID")
                or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    return f"{category}/{instance}"


def _invocation(r):
    notifications = [{
        "level": "error", "descriptor": {"id": f"analysis-{f['kind']}"},
        "message": {"text": f"{f['kind']}: {f['detail']}; compile command: " + " | ".join(f["compile_commands"])},
        "locations": [{"physicalLocation": {"artifactLocation": _artifact(f["path"])}}],
    } for f in r["failures"]]
    configuration = [{"level": "warning", "descriptor": {"id": "clang-tidy-config"},
                      "message": {"text": (w["where"] + ": " if w["where"] else "") + w["text"]}}
                     for w in r.get("config_warnings", [])]
    return {"executionSuccessful": not r["failures"], "toolExecutionNotifications": notifications,
            "toolConfigurationNotifications": configuration}


def sarif(verdict):
    r = verdict.results
    rules = list(r["rules"]) + ([GATE_RULE] if r.get("require_reason") else [])
    rule_index = {meta["id"]: i for i, meta in enumerate(rules)}
    links = r.get("docs") or docs_links([""])
    run = {
        "tool": {"driver": {"name": "mapsafety", "semanticVersion": VERSION, "version": VERSION,
                            "informationUri": links["information"],
                            "rules": [_rule(m, links) for m in rules]}},
        "automationDetails": {"id": automation_id(r)},
        "originalUriBaseIds": {SRCROOT: {"uri": "file://" + urllib.parse.quote(r["source_root"].rstrip("/")) + "/"}},
        "columnKind": "utf16CodeUnits",
        "invocations": [_invocation(r)],
        "results": _results(verdict, rule_index),
        "properties": {"llvmMajor": r.get("llvm_major"), "baselinedFindings": len(verdict.baselined),
                       "findingsOutsideDiff": len(r["outside_diff"]),
                       "translationUnitsAnalysed": len(r["units_analysed"])},
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
