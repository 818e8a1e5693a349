"""What the project's .clang-tidy files say, asked of clang-tidy itself so that its own
inheritance and glob rules apply, and the configuration problems it reports.

A configuration problem must never pass silently: a misspelt check or option, or a
value a check cannot read, leaves a rule off or on its defaults while the gate says
"passed". So clang-tidy's `clang-tidy-config` warnings (printed while it analyses) and
`--verify-config` warnings (unknown checks and options; LLVM 16 and later) are
collected for the summary, and a Checks glob meant for a mapsafety rule that names
none stops the gate (exit 2) with the closest rule's name.
"""
import difflib
import fnmatch
import os
import re

from . import tidyyaml
from .errors import SetupError
from .toolchain import enabled_checks, run

# `[where: ]warning: text [clang-tidy-config]` and the same with [-verify-config].
_CONFIG_WARNING = re.compile(r"^(?:(?P<where>.+?): )?warning: (?P<text>.+?) \[(?:clang-tidy-config|-verify-config)\]$")
# The analysis run and --verify-config both report a misspelt option: count it once.
_UNKNOWN_OPTION = re.compile(r"unknown (?:check )?option '([^']+)'")
# Below this similarity a glob not starting with mapsafety- is taken for another module's.
_OURS_CUTOFF = 0.85
_SUGGESTION_CUTOFF = 0.6


class ConfigView:
    """What the project's .clang-tidy files say for one directory: which mapsafety
    rules are enabled there, whether a header filter is set, and what clang-tidy
    warned about the configuration."""

    def __init__(self, enabled_rules, header_filter, warnings=()):
        self.enabled_rules = enabled_rules
        self.header_filter = header_filter
        self.warnings = list(warnings)
        self.defaulted = False  # no .clang-tidy applies: the gate chose the checks


def config_key(path):
    """Files that are the same key see the same .clang-tidy files (the nearest one
    and every parent's, because of InheritParentConfig)."""
    found = []
    directory = os.path.dirname(path)
    while True:
        candidate = os.path.join(directory, ".clang-tidy")
        if os.path.isfile(candidate):
            found.append(candidate)
        parent = os.path.dirname(directory)
        if parent == directory:
            return tuple(found)
        directory = parent


def config_warnings(output):
    """clang-tidy's configuration warnings in `output`, as {"where", "text"} dicts."""
    found = []
    for line in output.splitlines():
        m = _CONFIG_WARNING.match(line.strip())
        if m:
            found.append({"where": m["where"] or "", "text": m["text"]})
    return found


def unique_warnings(warnings):
    """One entry per problem, sorted: an unknown option is reported by the analysis
    run and by --verify-config in different words."""
    chosen = {}
    for w in warnings:
        option = _UNKNOWN_OPTION.search(w["text"])
        chosen.setdefault(("option", option[1]) if option else ("text", w["where"], w["text"]), w)
    return sorted(chosen.values(), key=lambda w: (w["where"], w["text"]))


def misspelt_rules(checks, known_rules):
    """(glob, closest rule or None) for every glob of a Checks value that is meant for a
    mapsafety rule (it starts with mapsafety-, or is close to a rule's name) but
    matches none of `known_rules`."""
    found = []
    for glob in (g.strip().lstrip("-").strip() for g in checks.split(",")):
        if not glob or any(fnmatch.fnmatchcase(r, glob) for r in known_rules):
            continue
        if glob.startswith("mapsafety-") or difflib.get_close_matches(glob, known_rules, 1, _OURS_CUTOFF):
            close = difflib.get_close_matches(glob, known_rules, 1, _SUGGESTION_CUTOFF)
            found.append((glob, close[0] if close else None))
    return found


def _where_named(glob, config_files, extra_checks):
    if extra_checks and glob in extra_checks:
        return "--checks"
    for path in config_files:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                if glob in f.read():
                    return path
        except OSError:
            continue
    return "the configuration"


def _refuse_misspelt(checks, known_rules, config_files, extra_checks):
    problems = []
    for glob, close in misspelt_rules(checks, known_rules):
        hint = (f"did you mean '{close}'?" if close
                else f"this build's mapsafety checks are: {', '.join(known_rules)}")
        problems.append(f"{_where_named(glob, config_files, extra_checks)} names the check '{glob}', "
                        f"which is no mapsafety check; {hint}")
    if problems:
        raise SetupError("\n  ".join(problems))


def _list_enabled(toolchain, args, representative):
    listed = run(toolchain.prefix() + args + ["--list-checks", representative, "--"], "reading .clang-tidy")
    output = (listed.stdout + listed.stderr).strip()
    enabled = enabled_checks(listed.stdout)
    if "Error parsing" in listed.stderr:
        # clang-tidy ignores a .clang-tidy it cannot parse and runs its defaults.
        raise SetupError(f"clang-tidy cannot parse the configuration for {representative}:\n"
                         + "\n".join("  " + l for l in output.splitlines()[-12:]))
    if enabled is None and "No checks enabled." in output:
        return []  # the configuration disables everything (clang-tidy exits 1 for it)
    if listed.returncode != 0 or enabled is None:
        raise SetupError(f"clang-tidy cannot read the configuration for {representative}:\n"
                         + "\n".join("  " + l for l in output.splitlines()[-12:]))
    return enabled


def _dumped_config(toolchain, args, representative):
    dumped = run(toolchain.prefix() + args + ["--dump-config", representative, "--"], "reading .clang-tidy")
    try:
        config = tidyyaml.load(dumped.stdout, f"clang-tidy --dump-config output for {representative}") or {}
    except tidyyaml.YamlError as e:
        raise SetupError(f"cannot read {e}") from None
    return config if isinstance(config, dict) else {}


def _verify(toolchain, args, representative):
    """--verify-config's warnings (unknown checks and options), where clang-tidy has it."""
    if not toolchain.supports("--verify-config"):
        return []
    out = run(toolchain.prefix() + args + ["--verify-config", representative, "--"], "verifying .clang-tidy")
    return config_warnings(out.stdout + out.stderr)


def read_config(toolchain, representative, extra_checks, tidy_args, known_rules):
    """The ConfigView for the directory of `representative`; SetupError when the
    configuration cannot be read or names a mapsafety check that does not exist."""
    args = ([f"--checks={extra_checks}"] if extra_checks else []) + tidy_args
    enabled = _list_enabled(toolchain, args, representative)
    config = _dumped_config(toolchain, args, representative)
    _refuse_misspelt(config.get("Checks") or "", known_rules, config_key(representative), extra_checks)
    rules = [c for c in enabled if c in known_rules]
    return ConfigView(rules, config.get("HeaderFilterRegex") or "", _verify(toolchain, args, representative))
