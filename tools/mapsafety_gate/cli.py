"""Command line: `mapsafety-gate -p BUILD [FILES...] [options] [-- CLANG_TIDY_ARGS...]` and
`mapsafety-gate merge OUT_PREFIX RESULTS...`. docs/ci.md is the user's guide."""
import argparse
import json
import os
import sys

from . import VERSION, compdb, gitdiff, report, results as R, runner, sarif, suppressions, tidyconfig
from . import toolchain
from . import findings as F
from . import projectview as PV
from .errors import EXIT_SETUP, SetupError
from .source import SourceCache

EXIT_CODES_HELP = """\
exit codes:
  0  clean: no new finding (and, with --require-reason, no suppression without a reason)
  1  new findings, or suppressions without a reason under --require-reason
  2  usage or setup error (no compile_commands.json, LLVM version mismatch, bad option...)
  3  the analysis of a translation unit crashed, timed out or hit compiler errors; each is
     reported with its compile command and the clang-tidy command that reproduces it
A shard (--shard) exits 0 on findings: `mapsafety-gate merge` gives the verdict.
"""
# What runs where no .clang-tidy applies (docs/ci.md, "The project's .clang-tidy").
DEFAULT_CHECKS = "mapsafety-*"


def _cpu_count():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _parser(prog, description, usage=None):
    return argparse.ArgumentParser(prog=prog, usage=usage, description=description, epilog=EXIT_CODES_HELP,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)


def build_parser():
    p = _parser(
        "mapsafety-gate",
        "Run the mapsafety clang-tidy checks over a compile database and fail on new findings.\n"
        "Arguments after `--` go to clang-tidy unchanged (e.g. --extra-arg=-DNDEBUG).",
        usage="mapsafety-gate -p BUILD_DIR [FILES...] [options] [-- CLANG_TIDY_ARGS...]\n"
              "       mapsafety-gate merge OUT_PREFIX SHARD_RESULTS... [--write-baseline FILE] [--audit]")
    p.add_argument("--version", action="version", version=f"mapsafety-gate {VERSION}",
                   help="print mapsafety's version and exit")
    p.add_argument("-p", "--build-dir", required=True, metavar="BUILD_DIR",
                   help="compile_commands.json, or the directory holding it (or its build/ subdirectory)")
    p.add_argument("files", nargs="*", metavar="FILES",
                   help="analyse only these translation units: a file, a directory (everything under it) "
                        "or a glob on the absolute path")
    p.add_argument("-j", "--jobs", type=_positive_int, default=_cpu_count(),
                   help="clang-tidy processes in parallel (default: all cores, here %(default)s)")
    p.add_argument("--timeout", type=float, metavar="SECONDS",
                   help="give up on a translation unit after this long (counts as a failure, exit 3)")
    g = p.add_argument_group("which clang-tidy")
    g.add_argument("--llvm", type=int, metavar="NN", help="use clang-tidy-NN and mapsafety's build for LLVM NN")
    g.add_argument("--clang-tidy", metavar="PATH", help="the clang-tidy executable (its LLVM is read from --version)")
    g.add_argument("--plugin", metavar="PATH", help="libmapsafety.so to --load (default: found beside the gate, "
                                                    "in $MAPSAFETY_PLUGIN or in build/llvm-*/lib)")
    g.add_argument("--standalone", action="store_true", help="run mapsafety-tidy instead of clang-tidy --load")
    g.add_argument("--mapsafety-tidy", metavar="PATH", help="the mapsafety-tidy executable (implies --standalone)")
    g.add_argument("--checks", metavar="GLOBS", help="appended to the .clang-tidy Checks, like clang-tidy's "
                                                     "--checks (e.g. 'mapsafety-*' to run every rule everywhere)")
    o = p.add_argument_group("output")
    o.add_argument("--sarif", metavar="OUT", help="write SARIF 2.1.0")
    o.add_argument("--docs-url", metavar="BASE", help="SARIF links rule pages as BASE/docs/checks/<rule>.md "
                                                     "(the top of mapsafety's source tree on the web; default: "
                                                     "the documentation installed with the gate)")
    o.add_argument("--metrics", metavar="OUT", help="write OpenMetrics text (counts per rule, suppressions)")
    o.add_argument("--text", metavar="OUT", help="write the findings in clang-tidy's text format")
    o.add_argument("--results", metavar="OUT", help="write the results file that `merge` reads")
    o.add_argument("--audit", action="store_true", help="list every suppression of a mapsafety rule")
    o.add_argument("--source-root", metavar="DIR", help="paths in SARIF and baselines are relative to it "
                                                        "(default: the git work tree of the sources)")
    s = p.add_argument_group("what fails the gate")
    b = s.add_mutually_exclusive_group()
    b.add_argument("--baseline", metavar="FILE", help="fail only on findings not in this baseline")
    b.add_argument("--write-baseline", metavar="FILE", help="record the current findings as the baseline")
    s.add_argument("--diff-base", metavar="REV", help="report only findings on lines changed since git REV")
    s.add_argument("--shard", metavar="I/N", help="analyse the I-th of N deterministic shares of the units")
    v = p.add_argument_group("project view (facts from every file; docs/ci.md)")
    v.add_argument("--no-project-view", action="store_true",
                   help="judge each translation unit on its own, as plain clang-tidy does")
    v.add_argument("--project-view-passes", type=int, choices=(1, 2), default=1,
                   help="1 (default): one clang-tidy run writes the facts, the findings are re-judged "
                        "against the merged view; 2: a second run reads the view (same results, twice "
                        "the time)")
    s.add_argument("--require-reason", action="store_true",
                   help="fail on a suppression of a mapsafety rule that does not say why")
    return p


def build_merge_parser():
    p = _parser("mapsafety-gate merge",
                "Combine the --results files of every shard into OUT_PREFIX.sarif, .txt, .prom "
                "and .json, print the summary and exit with the run's verdict.")
    p.add_argument("out_prefix", metavar="OUT_PREFIX")
    p.add_argument("shard_results", nargs="+", metavar="SHARD_RESULTS")
    p.add_argument("--write-baseline", metavar="FILE", help="record the merged findings as the baseline")
    p.add_argument("--audit", action="store_true", help="list every suppression of a mapsafety rule")
    return p


def _write(path, text):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def _emit(verdict, outputs, audit, toolchain_text=None):
    """Prints failures (stderr), findings, audit and summary (stdout); writes files."""
    for failure in verdict.results["failures"]:
        sys.stderr.write(report.failure_report(failure, verdict.results["source_root"]))
    text = report.text_findings(verdict)
    sys.stdout.write(text)
    if audit:
        sys.stdout.write(report.audit(verdict))
    sys.stdout.write(report.summary(verdict, toolchain_text))
    writers = {"text": lambda: text,
               "sarif": lambda: json.dumps(sarif.sarif(verdict), indent=1) + "\n",
               "metrics": lambda: report.metrics(verdict),
               "results": lambda: json.dumps(verdict.results, indent=1, sort_keys=True) + "\n"}
    for kind, path in outputs.items():
        if path:
            _write(path, writers[kind]())


def _split_tidy_args(argv):
    if "--" in argv:
        i = argv.index("--")
        return argv[:i], argv[i + 1:]
    return argv, []


def _docs_dirs(gate_dir):
    root = os.path.dirname(os.path.abspath(gate_dir))
    return [os.path.join(root, "docs", "checks"), os.path.join(root, "share", "doc", "mapsafety", "checks")]


def _select_units(options, units, paths):
    wanted = compdb.FileFilter(options.files)
    selected = [u for u in units if wanted.matches(u.path)]
    for pattern in wanted.unused():
        sys.stderr.write(f"mapsafety-gate: warning: no translation unit in compile_commands.json "
                         f"matches {pattern}\n")
    if wanted and not selected:
        raise SetupError("none of the FILES is a translation unit of compile_commands.json "
                         "(headers are analysed through the files that include them)")
    shard = compdb.parse_shard(options.shard) if options.shard else None
    return wanted, shard, compdb.shard_slice(selected, shard, key=lambda u: paths.display(u.path))


def _default_checks(config_files, options, tidy_args):
    """The checks to add where no .clang-tidy applies and neither --checks nor a
    clang-tidy --config/--config-file says what to run: clang-tidy's defaults enable no
    mapsafety rule, and a project that runs the gate wants them (None otherwise)."""
    if config_files or options.checks or any(a.lstrip("-").startswith("config") for a in tidy_args):
        return None
    return DEFAULT_CHECKS


def _configure(chain, units, options, tidy_args, rules, source_root):
    """ConfigView per unit (one clang-tidy query per distinct set of .clang-tidy files)."""
    views = {}
    per_unit = {}
    for u in units:
        key = tidyconfig.config_key(u.path)
        if key not in views:
            default = _default_checks(key, options, tidy_args)
            views[key] = tidyconfig.read_config(chain, u.path, default or options.checks, tidy_args, rules)
            views[key].defaulted = default is not None
        per_unit[u.path] = views[key]
    explicit_filter = any(a.lstrip("-").startswith("header-filter") for a in tidy_args)
    header_filter_arg = {}
    for path, view in per_unit.items():
        # clang-tidy's default header filter changed (none before LLVM 21, every
        # header after): when the project does not choose, report the project's own.
        if not explicit_filter and view.header_filter in ("", ".*"):
            header_filter_arg[path] = [f"--header-filter=^{toolchain.ere_escape(source_root)}/"]
        else:
            header_filter_arg[path] = []
    return per_unit, header_filter_arg


def run_gate(argv, gate_dir):
    own_args, tidy_args = _split_tidy_args(argv)
    options = build_parser().parse_args(own_args)
    if options.write_baseline and (options.diff_base or options.shard or options.files):
        raise SetupError("--write-baseline records every finding of the whole code base: do not combine it "
                         "with --diff-base, FILES or --shard (for shards, use `merge --write-baseline`)")
    build_dir = compdb.locate(options.build_dir)
    units = compdb.load(build_dir)
    source_root = os.path.abspath(options.source_root) if options.source_root else compdb.detect_source_root(units)
    paths = F.PathMapper(source_root)
    wanted, shard, shard_units = _select_units(options, units, paths)

    chain = toolchain.select(options, gate_dir)
    rules = toolchain.registered_rules(chain)
    baseline = F.read_baseline(options.baseline) if options.baseline else None
    changed = gitdiff.changed_lines(source_root, options.diff_base) if options.diff_base else None

    per_unit, header_filter_arg = _configure(chain, shard_units, options, tidy_args, rules, source_root)
    to_run = [u for u in shard_units if per_unit[u.path].enabled_rules]
    skipped = [{"path": paths.display(u.path), "reason": "its .clang-tidy enables no mapsafety rule"}
               for u in shard_units if not per_unit[u.path].enabled_rules]
    if shard_units and not to_run:
        raise SetupError("the project's .clang-tidy enables no mapsafety rule for any file to analyse: add "
                         "'mapsafety-*' to its Checks, or run the gate with --checks='mapsafety-*'")

    headers = compdb.project_headers(source_root, [build_dir])
    view = ProjectViewRun(options, build_dir, paths)
    unit_results, found, silenced, bare_silenced = _analyse(chain, options, tidy_args, to_run, per_unit,
                                                            header_filter_arg, headers, build_dir, paths, rules,
                                                            view)

    results = R.new_results(source_root, chain.describe(), chain.major,
                            [report.rule_metadata(r, _docs_dirs(gate_dir)) for r in rules],
                            shard, options.diff_base, options.require_reason, baseline)
    results["docs"] = sarif.docs_links(_docs_dirs(gate_dir), options.docs_url)
    _record_units(results, unit_results, per_unit, to_run, skipped, paths)
    _record_findings(results, found, silenced, bare_silenced, changed, paths)
    results["project_view"] = view.summary
    if options.shard and view.docs is not None:
        results["project_facts"] = view.docs  # merged and judged by `merge`
    results["suppressions"] = _audit_suppressions(shard_units, headers, wanted, shard, rules, paths, changed)

    verdict = R.judge(results, recording_baseline=bool(options.write_baseline))
    _emit(verdict, {"text": options.text, "sarif": options.sarif, "metrics": options.metrics,
                    "results": options.results}, options.audit, chain.describe())
    _write_baseline(options.write_baseline, verdict)
    return verdict.exit_code


def _record_units(results, unit_results, per_unit, to_run, skipped, paths):
    """What happened to each translation unit, and what clang-tidy said about the
    configuration (once per distinct configuration and per run)."""
    results["units_analysed"] = sorted(paths.display(ur.unit.path) for ur in unit_results if not ur.failure)
    results["units_skipped"] = skipped
    results["units_default_checks"] = sorted(paths.display(u.path) for u in to_run if per_unit[u.path].defaulted)
    results["failures"] = [ur.failure for ur in unit_results if ur.failure]
    results["units_werror_warnings"] = sorted([paths.display(ur.unit.path), ur.werror_warnings]
                                              for ur in unit_results if ur.werror_warnings and not ur.failure)
    views = {id(v): v for v in per_unit.values()}.values()
    results["config_warnings"] = tidyconfig.unique_warnings(
        [w for view in views for w in view.warnings] + [w for ur in unit_results for w in ur.config_warnings])


def _record_findings(results, found, silenced, bare_silenced, changed, paths):
    """The findings and the silenced ones, on the changed lines only under --diff-base
    (what bare NOLINTs silenced is kept whole: it decides which of them are ours)."""
    if changed is not None:
        results["outside_diff"] = [list(F.sort_key(f)) for f in found
                                   if not gitdiff.touches_changed_line(f, changed, paths)]
        found = [f for f in found if gitdiff.touches_changed_line(f, changed, paths)]
        silenced = [f for f in silenced if gitdiff.touches_changed_line(f, changed, paths)]
    results["findings"] = found
    results["silenced"] = silenced
    results["bare_silenced"] = bare_silenced


def _write_baseline(path, verdict):
    """Records the findings, unless part of the code was not analysed: a baseline
    missing those findings would report them as new once the failure is fixed."""
    if not path:
        return
    if verdict.results["failures"]:
        sys.stderr.write(f"mapsafety-gate: error: baseline {path} not written: the analysis of "
                         f"{len(verdict.results['failures'])} translation unit(s) failed\n")
        return
    F.write_baseline(path, verdict.results["findings"])


class ProjectViewRun:
    """The project view of one gate run: the facts directory clang-tidy writes to
    (beside compile_commands.json, emptied first), the merged view written next to
    it (the editor reads it there), and the re-judge of the findings."""

    def __init__(self, options, build_dir, paths):
        self.enabled = not options.no_project_view
        self.passes = options.project_view_passes
        self.deferred = bool(options.shard)  # a shard sees only its share of the facts
        self.paths = paths
        self.facts_dir = os.path.join(build_dir, "mapsafety-facts")
        self.view_path = os.path.join(build_dir, "mapsafety-view.json")
        self.docs = None
        self.summary = {"enabled": self.enabled}
        if self.enabled:
            for name in os.listdir(self.facts_dir) if os.path.isdir(self.facts_dir) else ():
                if name.endswith(PV.FACTS_SUFFIX) or name.endswith(".tmp"):
                    os.remove(os.path.join(self.facts_dir, name))

    def collect(self):
        """Reads the facts the run wrote, one file at a time."""
        self.collected = PV.collect(PV.read_facts(f) for f in PV.facts_files([self.facts_dir]))
        self.docs = [self.collected.as_doc()]

    def facts_env(self):
        return dict(os.environ, MAPSAFETY_FACTS_DIR=self.facts_dir) if self.enabled else None

    def view_env(self):
        env = dict(os.environ, MAPSAFETY_PROJECT_VIEW=self.view_path)
        env.pop("MAPSAFETY_FACTS_DIR", None)
        return env

    def build(self):
        """Reads the facts the run wrote and writes the view; returns it."""
        self.collect()
        view = PV.merge(self.collected)
        PV.write_view(view, self.view_path)
        self.summary.update({"functions": len(view["functions"]), "facts_files": self.collected.files,
                             "facts_bytes": sum(os.path.getsize(f) for f in PV.facts_files([self.facts_dir])),
                             "passes": self.passes, "cleared": 0})
        return view

    def rejudge(self, found, sources):
        if not self.enabled:
            return found
        if self.deferred:  # the shard's facts go into its results, for `merge`
            self.collect()
            return found
        if self.passes != 1:
            return found
        view = self.build()

        def locate(path, offset, message):
            return dict(F.make_location(sources, self.paths, path, offset), message=message)

        found, cleared = PV.rejudge(found, PV.premise_index(self.docs), view, self.paths.absolute, locate)
        self.docs = None  # only shards keep their facts
        self.summary["cleared"] = cleared
        return found


def _analyse(chain, options, tidy_args, to_run, per_unit, header_filter_arg, headers, build_dir, paths, rules,
             view):
    """Runs clang-tidy on `to_run`: (unit results, de-duplicated findings, the findings
    NOLINTs silenced, what bare NOLINTs silenced). clang-tidy sees the project's files
    with the NOLINTs that may silence a mapsafety rule hidden, and the gate applies
    them (suppressions.apply_directives): so it knows what each one silenced."""

    def command_for(unit, export_path, overlay):
        enabled = ",".join(per_unit[unit.path].enabled_rules)
        return (chain.prefix() + ["-p", build_dir, f"--checks=-*,{enabled}", f"--export-fixes={export_path}",
                                  "--quiet"] + runner.NO_WERROR_ARGS + overlay + header_filter_arg[unit.path]
                + tidy_args + [unit.path])

    sources = SourceCache()
    project_files = [u.path for u in to_run] + headers
    run = runner.Runner(options.jobs, options.timeout, paths)
    run.env = view.facts_env()
    unit_results = run.run_all(to_run, command_for, project_files, rules)
    if view.enabled and view.passes == 2:
        view.build()
        run.env = view.view_env()
        unit_results = run.run_all(to_run, command_for, project_files, rules)
    found = F.deduplicate([f for ur in unit_results for f in runner.to_findings(ur, build_dir, sources, paths)])
    found = view.rejudge(found, sources)
    scanned = {}

    def file_suppressions(display_path):
        if display_path not in scanned:
            scanned[display_path] = suppressions.scan_file(paths.absolute(display_path), display_path, rules)
        return scanned[display_path]

    return (unit_results,) + suppressions.apply_directives(found, file_suppressions)


def _audit_suppressions(shard_units, headers, wanted, shard, rules, paths, changed):
    """Suppressions in this shard's translation units and its share of the project's
    headers (the headers are split over shards like the units)."""
    headers = compdb.shard_slice([h for h in headers if wanted.matches(h)], shard, key=paths.display)
    found = []
    for path in [u.path for u in shard_units] + headers:
        for s in suppressions.scan_file(path, paths.display(path), rules):
            # Every one is counted; --require-reason judges only those on changed lines.
            s.in_diff = changed is None or gitdiff.line_changed(changed, paths, s.path, s.line)
            found.append(s)
    unique = {s.key(): s for s in found}
    return [unique[k].to_json() for k in sorted(unique)]


def run_merge(argv):
    options = build_merge_parser().parse_args(argv)
    parts = [R.load(p) for p in options.shard_results]
    merged = R.merge(parts, options.shard_results)
    _rejudge_merged(merged, parts)
    verdict = R.judge(merged, recording_baseline=bool(options.write_baseline))
    prefix = options.out_prefix
    _emit(verdict, {"text": prefix + ".txt", "sarif": prefix + ".sarif", "metrics": prefix + ".prom",
                    "results": prefix + ".json"}, options.audit, merged.get("toolchain"))
    _write_baseline(options.write_baseline, verdict)
    return verdict.exit_code


def _rejudge_merged(merged, parts):
    """Shards write their facts into their results: the view of the whole project
    exists only once they are merged, so their findings are judged here."""
    if not all("project_facts" in p for p in parts):
        return
    docs = [d for p in parts for d in p["project_facts"]]
    merged.pop("project_facts", None)
    view = PV.merge(PV.collect(docs))
    index = PV.premise_index(docs)
    paths = F.PathMapper(merged["source_root"])
    sources = SourceCache()

    def locate(path, offset, message):
        return dict(F.make_location(sources, paths, path, offset), message=message)

    cleared = 0
    for key in ("findings", "silenced"):
        merged[key], n = PV.rejudge(merged[key], index, view, paths.absolute, locate)
        cleared += n
    merged["project_view"] = {"enabled": True, "functions": len(view["functions"]),
                              "facts_files": sum(1 for p in parts), "passes": 1, "cleared": cleared}


def main(argv, gate_dir):
    try:
        if argv and argv[0] == "merge":
            return run_merge(argv[1:])
        return run_gate(argv, gate_dir)
    except SetupError as e:
        sys.stderr.write(f"mapsafety-gate: error: {e}\n")
        return EXIT_SETUP
    except KeyboardInterrupt:
        sys.stderr.write("mapsafety-gate: interrupted\n")
        return 130
