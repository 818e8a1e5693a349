"""What the gate writes: clang-tidy-style text, the human summary, the suppression
audit and OpenMetrics text (SARIF: ``sarif``).

Text and SARIF are made from the same list (``Verdict.reported``), one result per
finding, so they always agree.
"""
import collections
import os
import re

from . import findings as F
from .source import SourceCache

TOP_N = 10
_FAILURE_WORDS = {"crashed": "crashed", "timeout": "timed out", "compile-errors": "with compile errors",
                  "failed": "clang-tidy failed"}

# -- rule metadata ---------------------------------------------------------------------------

def rule_metadata(rule_id, docs_dirs):
    """id, short and full description and help (the rule's docs page) for SARIF."""
    for directory in docs_dirs:
        page = os.path.join(directory, f"{rule_id}.md")
        if os.path.isfile(page):
            with open(page, encoding="utf-8") as f:
                text = f.read()
            paragraph = _first_paragraph(text)
            first_sentence = re.split(r"(?<=[.!?])\s", paragraph, maxsplit=1)[0]
            return {"id": rule_id, "short": first_sentence, "full": paragraph, "help": text.strip()}
    return {"id": rule_id, "short": f"mapsafety rule {rule_id}.",
            "full": f"mapsafety rule {rule_id} (no documentation page was installed with the gate).",
            "help": f"See the mapsafety documentation for {rule_id}."}


def _first_paragraph(markdown):
    lines = []
    for line in markdown.splitlines():
        if line.startswith("#") and not lines:
            continue
        if not line.strip():
            if lines:
                break
            continue
        lines.append(line.strip())
    return " ".join(lines)


# -- text ----------------------------------------------------------------------------------

def _caret_line(source_line, column):
    prefix = source_line.encode("utf-8")[:max(column - 1, 0)].decode("utf-8", errors="ignore")
    return "".join(c if c == "\t" else " " for c in prefix) + "^"


def text_findings(verdict):
    """The reported findings in clang-tidy's format: `file:line:col: warning: msg [rule]`,
    the source line and a caret, then each note the same way."""
    paths = F.PathMapper(verdict.results["source_root"])
    sources = SourceCache()
    out = []

    def emit(path, line, column, severity, message):
        absolute = paths.absolute(path)
        out.append(f"{absolute}:{line}:{column}: {severity}: {message}")
        src = sources.get(absolute)
        if src and line > 0:
            out.append(src.line_text(line))
            out.append(_caret_line(src.line_text(line), column))

    for f in verdict.reported:
        loc = f["location"]
        emit(loc["path"], loc["line"], loc["column"], f["level"], f"{f['message']} [{f['rule']}]")
        for n in f["notes"]:
            emit(n["path"], n["line"], n["column"], "note", n["message"])
    return "\n".join(out) + ("\n" if out else "")


def audit(verdict):
    """Every suppression of a mapsafety rule, with its reason."""
    supps = verdict.suppressions
    missing = sum(1 for s in supps if not s.has_reason)
    out = [f"suppressions of mapsafety rules: {len(supps)} ({missing} without a reason)"]
    for s in supps:
        where = f"{s.path}:{s.line}"
        if s.directive == "NOLINTBEGIN":
            where += f"-{s.end_line}" if s.end_line else " (no NOLINTEND)"
        rules = ", ".join(s.rules) + ("; a bare NOLINT silences every check" if s.bare else "")
        reason = f"reason: {s.reason}" if s.has_reason else "NO REASON"
        out.append(f"  {where}: {s.spelling()} [{rules}] {reason}")
    return "\n".join(out) + "\n"


def _counted(items, width):
    return [f"    {name:<{width}} {count}" for name, count in items]


def summary(verdict, toolchain_text=None):
    r = verdict.results
    found = r["findings"]
    out = ["", "mapsafety-gate summary" + (f" ({toolchain_text})" if toolchain_text else "")]
    shard = f" (shard {r['shard'][0]}/{r['shard'][1]})" if r.get("shard") else ""
    out.append(f"  translation units: {len(r['units_analysed'])} analysed, {len(r['failures'])} failed, "
               f"{len(r['units_skipped'])} skipped{shard}")
    out += _failure_and_compiler_lines(r)
    for s in r["units_skipped"]:
        out.append(f"    skipped {s['path']}: {s['reason']}")
    if r.get("units_default_checks"):
        out.append(f"  configuration: no .clang-tidy applies to {len(r['units_default_checks'])} translation "
                   "unit(s): ran every mapsafety rule there (mapsafety-*)")
    out += _config_warning_lines(r.get("config_warnings", []))
    out += _project_view_lines(r.get("project_view"))
    detail = [f"{len(verdict.new)} new"]
    if r.get("baseline") is not None:
        detail.append(f"{len(verdict.baselined)} in the baseline")
    scope = f" on lines changed since {r['diff_base']}" if r.get("diff_base") else ""
    elsewhere = f"; {len(r['outside_diff'])} elsewhere, not reported" if r.get("diff_base") else ""
    out.append(f"  findings: {len(found)}{scope} ({', '.join(detail)}){elsewhere}")
    # A shard sees only its share of the findings (and a diff only the changed lines): the
    # rest of the baseline looks stale to it. Only the merge or a whole run can tell.
    if verdict.absent and not r.get("diff_base") and not r.get("shard"):
        out.append(f"  baseline: {len(verdict.absent)} entr{'y' if len(verdict.absent) == 1 else 'ies'} "
                   "matched nothing (fixed?); shrink it with --write-baseline")
    reported = [f for f in verdict.reported if f["rule"] != F.UNEXPLAINED_SUPPRESSION_RULE]
    if reported:
        by_rule = collections.Counter(f["rule"] for f in reported).most_common()
        by_file = collections.Counter(f["location"]["path"] for f in reported).most_common(TOP_N)
        by_function = collections.Counter(
            f"{f['function'] or '(file scope)'} ({f['location']['path']})" for f in reported).most_common(TOP_N)
        width = max(len(n) for n, _ in by_rule + by_file + by_function)
        out += ["  new findings by rule:"] + _counted(by_rule, width)
        out += [f"  by file (top {TOP_N}):"] + _counted(by_file, width)
        out += [f"  top offenders (functions, top {TOP_N}):"] + _counted(by_function, width)
    supps = verdict.suppressions
    out.append(f"  suppressions: {len(supps)} ({sum(1 for s in supps if not s.has_reason)} without a reason"
               f"{', which fail the gate (--require-reason)' if r.get('require_reason') else ''})")
    out.append(f"  result: {verdict.verdict_text} (exit {verdict.exit_code})")
    return "\n".join(out) + "\n"


def _project_view_lines(view):
    if not view:
        return []
    if not view.get("enabled"):
        return ["  project view: off (--no-project-view): each file judged on its own"]
    if "functions" not in view:
        return ["  project view: facts written; merge the shards to judge them"]
    if not view.get("cleared"):
        return []  # nothing to say: no finding depended on another file
    return [f"  project view: {view['functions']} functions from {view['facts_files']} facts files; "
            f"{view['cleared']} finding(s) cleared by facts from other files"]


def _failure_and_compiler_lines(r):
    """Failures by kind (each is exit 3), then compiler warnings that stayed errors
    (-Werror=<group>), which are not failures: the checks saw the whole unit."""
    out = []
    if r["failures"]:
        kinds = collections.Counter(f["kind"] for f in r["failures"])
        out.append("    failed: " + ", ".join(f"{n} {_FAILURE_WORDS.get(k, k)}" for k, n in sorted(kinds.items())))
    werror = r.get("units_werror_warnings", [])
    if werror:
        out.append(f"    compiler warnings made errors by -Werror=<group>: {sum(n for _, n in werror)} in "
                   f"{len(werror)} unit(s) (not analysis failures: the code compiled, the checks saw it all)")
    return out


def _config_warning_lines(warnings):
    """clang-tidy's configuration warnings: each leaves a rule off or on its defaults."""
    if not warnings:
        return []
    out = [f"  configuration warnings: {len(warnings)} (a check or option clang-tidy does not know, "
           "or a value it cannot read, is ignored)"]
    return out + [f"    {w['where'] + ': ' if w['where'] else ''}{w['text']}" for w in warnings]


def failure_report(failure, source_root):
    """A failed translation unit, with what reproduces it."""
    paths = F.PathMapper(source_root)
    lines = [f"mapsafety-gate: error: {failure['kind']}: {paths.absolute(failure['path'])}: {failure['detail']}"]
    for c in failure["compile_commands"]:
        lines.append(f"  compile command: {c}")
    lines.append(f"  clang-tidy command: {failure['clang_tidy_command']}")
    if failure["output"]:
        lines.append("  its output (last lines):")
        lines += ["    " + l for l in failure["output"].splitlines()]
    return "\n".join(lines) + "\n"


# -- OpenMetrics ---------------------------------------------------------------------------------

def _label(value):
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def metrics(verdict):
    """OpenMetrics text (also valid Prometheus text format) for dashboards."""
    r = verdict.results
    rule_ids = [m["id"] for m in r["rules"]]
    out = []

    def family(name, help_text, samples):
        out.append(f"# HELP {name} {help_text}")
        out.append(f"# TYPE {name} gauge")
        for labels, value in samples:
            text = ",".join(f'{k}="{_label(v)}"' for k, v in labels)
            out.append(f"{name}{{{text}}} {value}")

    new = collections.Counter(f["rule"] for f in verdict.new)
    baselined = collections.Counter(f["rule"] for f in verdict.baselined)
    family("mapsafety_findings", "Findings per rule: new ones fail the gate, baselined ones are accepted.",
           [((("rule", rid), ("state", state)), counter[rid])
            for rid in rule_ids for state, counter in (("new", new), ("baselined", baselined))])
    given = collections.Counter()
    missing = collections.Counter()
    for s in verdict.suppressions:
        for rid in s.rules:
            (given if s.has_reason else missing)[rid] += 1
    suppressed_rules = rule_ids + sorted((set(given) | set(missing)) - set(rule_ids))
    family("mapsafety_suppressions", "NOLINT suppressions covering each rule, with and without a reason.",
           [((("rule", rid), ("reason", state)), counter[rid])
            for rid in suppressed_rules for state, counter in (("given", given), ("missing", missing))])
    family("mapsafety_translation_units", "Translation units by outcome.",
           [((("outcome", "analysed"),), len(r["units_analysed"])),
            ((("outcome", "failed"),), len(r["failures"])),
            ((("outcome", "skipped"),), len(r["units_skipped"]))])
    out.append("# EOF")
    return "\n".join(out) + "\n"
