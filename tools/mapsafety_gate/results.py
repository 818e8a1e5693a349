"""The results file and the verdict.

Every run, sharded or not, first gathers a *results* dict (what clang-tidy found,
after the diff filter, before the baseline), then judges it (``judge``): baseline,
--require-reason, exit code. ``merge`` unions the results of shards and judges the
union the same way, which is why shards merged equal one unsharded run. The
results file (--results, and OUT_PREFIX.json from merge) is this dict as JSON.
"""
from . import VERSION, jsonfiles
from . import findings as F
from .errors import EXIT_ANALYSIS_FAILED, EXIT_CLEAN, EXIT_FINDINGS, SetupError
from .suppressions import Suppression, resolve_bare
from .tidyconfig import unique_warnings

RESULTS_FORMAT = "mapsafety-gate-results"
RESULTS_VERSION = 1
# Settings every shard of one run must share, or merging them is meaningless.
# (Not the source root: CI jobs may check out in different places; paths are relative.)
_SHARED_SETTINGS = ("diff_base", "require_reason", "baseline")


def new_results(source_root, toolchain_description, llvm_major, rules, shard, diff_base,
                require_reason, baseline_entries):
    return {
        "format": RESULTS_FORMAT, "version": RESULTS_VERSION, "gate_version": VERSION,
        "toolchain": toolchain_description, "llvm_major": llvm_major,
        "source_root": source_root, "shard": list(shard) if shard else None,
        "diff_base": diff_base, "require_reason": require_reason, "baseline": baseline_entries,
        "rules": rules,               # rule metadata dicts (report.rule_metadata)
        "docs": None,                 # SARIF's documentation links (sarif.docs_links)
        "units_analysed": [],         # display paths
        "units_skipped": [],          # {"path", "reason"}
        "units_default_checks": [],   # display paths without a .clang-tidy (ran mapsafety-*)
        "failures": [],               # runner failure dicts
        "config_warnings": [],        # clang-tidy's configuration warnings {"where", "text"}
        "units_werror_warnings": [],  # [display path, count] of compiler warnings -Werror=<group> kept errors
        "findings": [],               # finding dicts, de-duplicated and sorted
        "outside_diff": [],           # sort keys of findings dropped by --diff-base
        "silenced": [],               # findings a NOLINT silenced, each with its "suppression"
        "suppressions": [],           # Suppression.to_json(); bare ones with no rules yet
        "bare_silenced": [],          # [path, line, column, rule]: what each bare NOLINT silenced
    }


def load(path):
    return jsonfiles.read_versioned(path, RESULTS_FORMAT, RESULTS_VERSION, "results file",
                                    "write one with --results, with this version of the gate; "
                                    "SARIF files cannot be merged")


def merge(parts, names):
    """The union of shard results; SetupError when they are not the shards of one run."""
    first = parts[0]
    counts = {tuple(p["shard"])[1] if p.get("shard") else 1 for p in parts}
    if len(counts) != 1:
        raise SetupError("the results come from runs with different --shard counts: "
                         + ", ".join(f"{n}: {p.get('shard')}" for n, p in zip(names, parts)))
    count = counts.pop()
    seen = {}
    for name, p in zip(names, parts):
        index = p["shard"][0] if p.get("shard") else 1
        if index in seen:
            raise SetupError(f"shard {index}/{count} is given twice: {seen[index]} and {name}")
        seen[index] = name
        for setting in _SHARED_SETTINGS:
            if p.get(setting) != first.get(setting):
                raise SetupError(f"{name} was run with a different {setting.replace('_', '-')} than "
                                 f"{names[0]}: every shard must use the same options")
    missing = [i for i in range(1, count + 1) if i not in seen]
    if missing:
        raise SetupError(f"missing shard(s) {', '.join(f'{i}/{count}' for i in missing)}: merge needs "
                         f"the results of all {count} shards, or the verdict would be incomplete")
    merged = dict(first)
    merged["shard"] = None
    rules = {}
    for p in parts:
        for r in p["rules"]:
            rules.setdefault(r["id"], r)
    merged["rules"] = [rules[k] for k in sorted(rules)]
    merged["units_analysed"] = sorted({u for p in parts for u in p["units_analysed"]})
    merged["units_skipped"] = _unique_sorted([s for p in parts for s in p["units_skipped"]])
    merged["units_default_checks"] = sorted({u for p in parts for u in p.get("units_default_checks", [])})
    merged["failures"] = _unique_sorted([f for p in parts for f in p["failures"]])
    merged["units_werror_warnings"] = sorted({tuple(u) for p in parts for u in p.get("units_werror_warnings", [])})
    merged["units_werror_warnings"] = [list(u) for u in merged["units_werror_warnings"]]
    merged["config_warnings"] = unique_warnings([w for p in parts for w in p.get("config_warnings", [])])
    merged["findings"] = F.deduplicate([f for p in parts for f in p["findings"]])
    merged["silenced"] = F.deduplicate([f for p in parts for f in p.get("silenced", [])])
    merged["outside_diff"] = sorted({tuple(k) for p in parts for k in p["outside_diff"]})
    merged["outside_diff"] = [list(k) for k in merged["outside_diff"]]
    suppressions = {}
    for p in parts:
        for s in p["suppressions"]:
            suppressions.setdefault((s["path"], s["line"], s["column"]), s)
    merged["suppressions"] = [suppressions[k] for k in sorted(suppressions)]
    merged["bare_silenced"] = sorted({tuple(b) for p in parts for b in p.get("bare_silenced", [])})
    merged["bare_silenced"] = [list(b) for b in merged["bare_silenced"]]
    return merged


def _unique_sorted(dicts):
    unique = {F.canonical(d): d for d in dicts}
    return [unique[k] for k in sorted(unique)]


class Verdict:
    """The judged results: what is reported, what the baseline accepted, the exit code."""

    def __init__(self, results, new, baselined, absent, unexplained, exit_code, verdict_text):
        self.results = results
        self.new = new                  # mapsafety findings not accepted by the baseline
        self.baselined = baselined      # findings the baseline accepted
        self.absent = absent            # baseline entries no finding matched
        self.unexplained = unexplained  # --require-reason findings
        self.reported = sorted(new + unexplained, key=F.sort_key)
        self.exit_code = exit_code
        self.verdict_text = verdict_text

    @property
    def suppressions(self):
        return mapsafety_suppressions(self.results)


def mapsafety_suppressions(results):
    """The suppressions of mapsafety rules (bare ones only where they silenced one)."""
    return resolve_bare([Suppression.from_json(s) for s in results["suppressions"]],
                        results.get("bare_silenced", []))


def unexplained_findings(results):
    """With --require-reason: one error per mapsafety suppression without a reason."""
    out = []
    for supp in mapsafety_suppressions(results):
        if supp.has_reason or not supp.in_diff:  # old suppressions never block a change
            continue
        spelling = supp.spelling()
        # A bare one is better written naming what it is for.
        example = f"{supp.directive}({','.join(supp.rules)})" if supp.bare else spelling
        message = (f"{spelling} silences {', '.join(supp.rules)}{' (and every other check)' if supp.bare else ''} "
                   f"without a reason; say why after it, e.g. '// {example}: <why this is safe>'")
        location = {"path": supp.path, "line": supp.line, "column": supp.column,
                    "column16": supp.column16, "offset": 0}
        out.append({"rule": F.UNEXPLAINED_SUPPRESSION_RULE, "level": "error", "message": message,
                    "location": location, "notes": [], "fixes": [], "function": "",
                    "fingerprint": F.fingerprint(F.UNEXPLAINED_SUPPRESSION_RULE, supp.path, spelling, "")})
    return out


def judge(results, recording_baseline=False):
    """The verdict. Exit code: 3 if any translation unit failed; else 1 if anything is
    reported (new findings, unexplained suppressions) unless this is one shard of a
    run (the merge decides) or the findings are being recorded as a baseline; else 0."""
    findings = results["findings"]
    if results.get("baseline") is not None:
        new, baselined, absent = F.apply_baseline(findings, results["baseline"])
    else:
        new, baselined, absent = list(findings), [], []
    unexplained = unexplained_findings(results) if results.get("require_reason") else []
    is_shard = results.get("shard") is not None
    failing = ([] if recording_baseline else new) + unexplained
    if results["failures"]:
        code = EXIT_ANALYSIS_FAILED
        text = (f"FAILED: the analysis of {len(results['failures'])} translation unit(s) did not complete "
                "(see the errors above)")
    elif failing and not is_shard:
        code = EXIT_FINDINGS
        parts = []
        if not recording_baseline and new:
            parts.append(f"{len(new)} new finding(s)")
        if unexplained:
            parts.append(f"{len(unexplained)} suppression(s) without a reason")
        text = "FAILED: " + " and ".join(parts)
    else:
        code = EXIT_CLEAN
        if is_shard:
            text = (f"shard {results['shard'][0]}/{results['shard'][1]} done: {len(new)} new finding(s); "
                    "`mapsafety-gate merge` gives the verdict")
        elif recording_baseline:
            text = f"baseline written with {len(findings)} finding(s)"
        else:
            text = "passed: no new findings"
    return Verdict(results, new, baselined, absent, unexplained, code, text)
