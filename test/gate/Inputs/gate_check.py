"""Checks for the gate's end-to-end tests. Each command prints one line that the
test FileChecks, and exits 1 with the reasons when the check fails.

  sarif FILE                      SARIF 2.1.0, checked field by field: the fields the
                                  spec requires and GitHub code scanning documents
                                  (sarif-schema.test validates against a JSON schema)
  agree TEXT SARIF                the text findings and the SARIF results agree one-to-one
                                  (baselined and suppressed results aside)
  tidy-agrees TEXT TIDY_OUT...    every gate finding and note is one clang-tidy printed
                                  itself, at the same place, and nothing it printed is missing
  same-results A.sarif B.sarif    two runs reported the same results and rules
  review FILE                     what a review viewer reads: tool, automation id, rule
                                  links, each result's baseline state and suppression
  edit FILE insert-at N TEXT | replace OLD NEW | append TEXT
  join-db OUT DB...               one compile_commands.json from several
"""
import json
import os
import re
import sys
import urllib.parse

_DIAG = re.compile(r"^(?P<file>/[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>warning|error|note): (?P<msg>.*)$")
LEVELS = {"none", "note", "warning", "error"}


class Problems(list):
    def need(self, condition, what):
        if not condition:
            self.append(what)
        return condition


def _is_absolute_uri(value):
    return isinstance(value, str) and bool(urllib.parse.urlparse(value).scheme)


def _is_text(obj, key="text"):
    return isinstance(obj, dict) and isinstance(obj.get(key), str) and obj[key] != ""


def _check_region(p, region, where):
    if not p.need(isinstance(region, dict), f"{where}: region must be an object"):
        return
    p.need(isinstance(region.get("startLine"), int) and region["startLine"] >= 1, f"{where}: startLine >= 1")
    for key in ("startColumn", "endLine", "endColumn"):
        if key in region:
            p.need(isinstance(region[key], int) and region[key] >= 1, f"{where}: {key} >= 1")
    if "endLine" in region:
        p.need(region["endLine"] >= region["startLine"], f"{where}: endLine before startLine")
        if region["endLine"] == region["startLine"] and "endColumn" in region:
            p.need(region["endColumn"] >= region.get("startColumn", 1), f"{where}: endColumn before startColumn")


def _check_artifact(p, art, base_ids, where):
    if not p.need(isinstance(art, dict) and isinstance(art.get("uri"), str) and art["uri"], f"{where}: uri"):
        return
    parsed = urllib.parse.urlparse(art["uri"])
    if "uriBaseId" in art:
        p.need(art["uriBaseId"] in base_ids, f"{where}: uriBaseId {art['uriBaseId']} not in originalUriBaseIds")
        p.need(not parsed.scheme and not art["uri"].startswith("/"), f"{where}: relative uri expected")
    else:
        p.need(parsed.scheme == "file", f"{where}: an absolute uri needs a scheme")


def _check_physical(p, loc, base_ids, where):
    if not p.need(isinstance(loc, dict), f"{where}: physicalLocation must be an object"):
        return
    _check_artifact(p, loc.get("artifactLocation"), base_ids, where)
    if "region" in loc:
        _check_region(p, loc["region"], where)


def check_sarif(path):
    with open(path, encoding="utf-8") as f:
        log = json.load(f)
    p = Problems()
    p.need(log.get("version") == "2.1.0", "version must be 2.1.0")
    p.need("sarif-2.1.0" in log.get("$schema", ""), "$schema must name sarif-2.1.0")
    p.need(set(log) <= {"$schema", "version", "runs", "inlineExternalProperties", "properties"},
           f"unknown top-level keys {sorted(set(log))}")
    runs = log.get("runs")
    if not p.need(isinstance(runs, list) and len(runs) == 1, "runs must be a one-element array"):
        return p, 0
    run = runs[0]
    driver = run.get("tool", {}).get("driver", {})
    p.need(isinstance(driver.get("name"), str) and driver["name"], "tool.driver.name")
    p.need(isinstance(driver.get("version"), str) and driver["version"], "tool.driver.version")
    p.need(_is_absolute_uri(driver.get("informationUri")), "tool.driver.informationUri: an absolute URI")
    p.need(isinstance(run.get("automationDetails", {}).get("id"), str) and "/" in run["automationDetails"]["id"],
           "automationDetails.id: 'category/instance'")
    rules = driver.get("rules", [])
    ids = [r.get("id") for r in rules]
    p.need(len(ids) == len(set(ids)), "rule ids must be unique")
    for r in rules:
        w = f"rule {r.get('id')}"
        p.need(isinstance(r.get("id"), str) and r["id"], f"{w}: id")
        p.need(_is_text(r.get("shortDescription")) and len(r["shortDescription"]["text"]) <= 1024,
               f"{w}: shortDescription.text (at most 1024 characters for GitHub)")
        p.need(_is_text(r.get("fullDescription")), f"{w}: fullDescription.text")
        p.need(_is_absolute_uri(r.get("helpUri")), f"{w}: helpUri, an absolute URI")
        p.need(_is_text(r.get("help")) and _is_text(r["help"], "markdown"), f"{w}: help.text and help.markdown")
        p.need(r.get("defaultConfiguration", {}).get("level") in LEVELS, f"{w}: defaultConfiguration.level")
        props = r.get("properties", {})
        p.need(isinstance(props.get("tags"), list) and all(isinstance(t, str) for t in props["tags"]), f"{w}: tags")
        p.need(props.get("precision") in {"very-high", "high", "medium", "low"}, f"{w}: precision")
    bases = run.get("originalUriBaseIds", {})
    for key, value in bases.items():
        uri = value.get("uri", "")
        p.need(urllib.parse.urlparse(uri).scheme == "file" and uri.endswith("/"),
               f"originalUriBaseIds.{key}: an absolute file uri ending in '/'")
    p.need(run.get("columnKind") in {"utf16CodeUnits", "unicodeCodePoints"}, "columnKind")
    for inv in run.get("invocations", []):
        p.need(isinstance(inv.get("executionSuccessful"), bool), "invocation.executionSuccessful")
        for n in inv.get("toolExecutionNotifications", []):
            p.need(_is_text(n.get("message")) and n.get("level") in LEVELS, "notification message/level")
    results = run.get("results")
    if not p.need(isinstance(results, list), "results must be an array"):
        return p, 0
    for i, res in enumerate(results):
        w = f"result {i}"
        p.need(_is_text(res.get("message")), f"{w}: message.text")
        p.need(res.get("ruleId") in ids, f"{w}: ruleId {res.get('ruleId')} is not a rule")
        if "ruleIndex" in res:
            p.need(0 <= res["ruleIndex"] < len(rules) and rules[res["ruleIndex"]]["id"] == res.get("ruleId"),
                   f"{w}: ruleIndex does not point at ruleId")
        p.need(res.get("level") in LEVELS, f"{w}: level")
        p.need(res.get("baselineState", "new") in {"new", "unchanged", "updated", "absent"}, f"{w}: baselineState")
        locs = res.get("locations")
        if p.need(isinstance(locs, list) and len(locs) == 1, f"{w}: exactly one location"):
            _check_physical(p, locs[0].get("physicalLocation"), bases, w)
        fps = res.get("partialFingerprints")
        p.need(isinstance(fps, dict) and fps and all(isinstance(v, str) and v for v in fps.values()),
               f"{w}: partialFingerprints")
        for sup in res.get("suppressions", []):
            p.need(sup.get("kind") in {"inSource", "external"}, f"{w}: suppression kind")
            p.need(sup.get("status", "accepted") in {"accepted", "underReview", "rejected"}, f"{w}: suppression status")
            p.need(isinstance(sup.get("justification", ""), str), f"{w}: suppression justification")
            if "location" in sup:
                _check_physical(p, sup["location"].get("physicalLocation"), bases, f"{w} suppression")
        related_ids = [r.get("id") for r in res.get("relatedLocations", [])]
        p.need(len(related_ids) == len(set(related_ids)), f"{w}: relatedLocation ids unique")
        for r in res.get("relatedLocations", []):
            p.need(isinstance(r.get("id"), int) and r["id"] >= 0 and _is_text(r.get("message")),
                   f"{w}: relatedLocation id and message")
            _check_physical(p, r.get("physicalLocation"), bases, f"{w} related")
        for fix in res.get("fixes", []):
            p.need(_is_text(fix.get("description")), f"{w}: fix description")
            changes = fix.get("artifactChanges")
            if p.need(isinstance(changes, list) and changes, f"{w}: fix.artifactChanges"):
                for ch in changes:
                    _check_artifact(p, ch.get("artifactLocation"), bases, f"{w} fix")
                    reps = ch.get("replacements")
                    if p.need(isinstance(reps, list) and reps, f"{w}: replacements"):
                        for rep in reps:
                            _check_region(p, rep.get("deletedRegion"), f"{w} fix")
                            p.need(isinstance(rep.get("insertedContent", {}).get("text"), str),
                                   f"{w}: insertedContent.text")
    return p, len(results)


def _diagnostics(path):
    """(file, line, col, severity, message) for each diagnostic line of clang-tidy-style text."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = _DIAG.match(line.rstrip("\n"))
            if m:
                yield os.path.normpath(m["file"]), int(m["line"]), int(m["col"]), m["sev"], m["msg"]


def _text_findings(path):
    """[(file, line, col, severity, message, [notes])] from clang-tidy-style text."""
    found = []
    for entry in _diagnostics(path):
        if entry[3] != "note":
            found.append(entry + ([],))
        elif found:
            found[-1][5].append(entry[:3] + (entry[4],))
    return found


def _sarif_findings(path):
    with open(path, encoding="utf-8") as f:
        run = json.load(f)["runs"][0]
    root = urllib.parse.unquote(urllib.parse.urlparse(run["originalUriBaseIds"]["%SRCROOT%"]["uri"]).path)

    def place(phys):
        art = phys["artifactLocation"]
        uri = urllib.parse.unquote(art["uri"])
        file = os.path.join(root, uri) if "uriBaseId" in art else urllib.parse.urlparse(art["uri"]).path
        return os.path.normpath(file), phys["region"]["startLine"], phys["region"]["startColumn"]

    found = []
    for res in run["results"]:
        if res.get("suppressions") or res.get("baselineState") == "unchanged":
            continue  # kept for the viewer's history; the text output reports neither
        notes = [place(r["physicalLocation"]) + (r["message"]["text"],) for r in res.get("relatedLocations", [])]
        found.append(place(res["locations"][0]["physicalLocation"])
                     + (res["level"], f"{res['message']['text']} [{res['ruleId']}]", notes))
    return found


def agree(text_path, sarif_path):
    text, sarif = _text_findings(text_path), _sarif_findings(sarif_path)
    p = Problems()
    p.need(len(text) == len(sarif), f"{len(text)} text findings but {len(sarif)} SARIF results")
    for t, s in zip(text, sarif):
        p.need(t == s, f"text {t}\n   != SARIF {s}")
    return p, f"agree: {len(text)} findings, {sum(len(t[5]) for t in text)} notes"


def tidy_agrees(text_path, tidy_outputs):
    gate = set()
    for f in _text_findings(text_path):
        gate.add(f[:5])
        gate.update(n[:3] + ("note", n[3]) for n in f[5])
    tidy = set()
    for path in tidy_outputs:
        ours = False  # a note belongs to the warning before it
        for entry in _diagnostics(path):
            if entry[3] != "note":
                ours = "[mapsafety-" in entry[4]
            if ours:
                tidy.add(entry)
    p = Problems()
    for missing in sorted(tidy - gate):
        p.append(f"clang-tidy printed {missing}, the gate did not")
    for extra in sorted(gate - tidy):
        p.append(f"the gate printed {extra}, clang-tidy did not")
    return p, f"tidy-agrees: {len(gate)} diagnostics"


def same_results(a, b):
    def load(path):
        with open(path, encoding="utf-8") as f:
            run = json.load(f)["runs"][0]
        return run["results"], run["tool"]["driver"]["rules"], run["invocations"][0]["toolExecutionNotifications"]
    ra, rb = load(a), load(b)
    p = Problems()
    for name, x, y in zip(("results", "rules", "notifications"), ra, rb):
        p.need(x == y, f"{name} differ:\n{json.dumps(x, indent=1)[:3000]}\n---\n{json.dumps(y, indent=1)[:3000]}")
    return p, f"same: {len(ra[0])} results"


def review_lines(path):
    """What a code-review viewer reads from a SARIF run, one line each: the tool, the run's
    automation id, each rule's help link, and each result's state and suppression."""
    with open(path, encoding="utf-8") as f:
        run = json.load(f)["runs"][0]
    driver = run["tool"]["driver"]
    lines = [f"tool {driver['name']} {driver.get('version')} info {driver.get('informationUri')}",
             f"automation {run.get('automationDetails', {}).get('id')}"]
    lines += [f"rule {r['id']} help {r.get('helpUri')}" for r in driver["rules"]]
    for res in run["results"]:
        line = res["locations"][0]["physicalLocation"]["region"]["startLine"]
        where = f"{res['locations'][0]['physicalLocation']['artifactLocation']['uri']}:{line}"
        sups = "; ".join(f"{x['kind']} '{x.get('justification', '')}'" for x in res.get("suppressions", []))
        lines.append(f"result {res['ruleId']} {where} state {res.get('baselineState', '-')}"
                     f" suppressed {sups or '-'}")
    return lines


def edit(path, op, *args):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if op == "insert-at":
        lines = text.split("\n")
        lines.insert(int(args[0]) - 1, args[1].replace("\\n", "\n").rstrip("\n"))
        text = "\n".join(lines)
    elif op == "replace":
        if text.count(args[0]) != 1:
            sys.exit(f"edit: '{args[0]}' occurs {text.count(args[0])} times in {path}, expected once")
        text = text.replace(args[0], args[1].replace("\\n", "\n"))
    elif op == "append":
        text += args[0].replace("\\n", "\n") + "\n"
    else:
        sys.exit(f"edit: unknown operation {op}")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main(argv):
    command, args = argv[0], argv[1:]
    if command == "edit":
        edit(*args)
        return 0
    if command == "join-db":
        entries = []
        for path in args[1:]:
            with open(path, encoding="utf-8") as f:
                entries += json.load(f)
        with open(args[0], "w", encoding="utf-8") as f:
            json.dump(entries, f, indent=1)
        return 0
    if command == "review":
        print("\n".join(review_lines(args[0])))
        return 0
    if command == "sarif":
        problems, count = check_sarif(args[0])
        summary = f"sarif: valid 2.1.0, {count} results"
    elif command == "agree":
        problems, summary = agree(*args)
    elif command == "tidy-agrees":
        problems, summary = tidy_agrees(args[0], args[1:])
    elif command == "same-results":
        problems, summary = same_results(*args)
    else:
        sys.exit(f"unknown command {command}")
    if problems:
        print("\n".join(problems))
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
