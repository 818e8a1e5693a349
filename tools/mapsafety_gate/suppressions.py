"""Finds the NOLINT comments that silence a mapsafety rule, and the reason given for each.

clang-tidy (15 and later) decides suppression from the raw line text, not from
comments: it looks for `NOLINT`, `NOLINTNEXTLINE`, `NOLINTBEGIN` and `NOLINTEND` as
whole words (`NOLINTs` is none), optionally followed by `(glob,glob,...)`; without a
closing `)` on the line the directive applies to every check. This scanner follows
the same rules, so the audit lists what clang-tidy honours, including a bare
`NOLINT` written in a comment's prose.

A suppression concerns mapsafety when one of its globs matches a mapsafety rule id (or
starts with `mapsafety-`), or when it names no checks (a bare `NOLINT`, which silences
every check) and did silence a mapsafety finding. A bare NOLINT is common for other
tools (cpplint's `// NOLINT`), so the gate does not take it for one of ours on sight.
clang-tidy cannot say what a directive silenced, so the gate hides the directives that
may silence a mapsafety rule (``neutralised``: same length, every offset kept, shown to
clang-tidy through a --vfsoverlay), sees every finding, and applies them itself
(``apply_directives``) as clang-tidy would: the silenced findings are kept for SARIF,
and each bare directive is credited with the rules it silenced.

The reason is the text after the directive, up to the end of the line or of the
`/* */` comment, with a leading `:`, `-`, `--`, or dash removed. It counts as a reason
when it has at least one letter or digit. Accepted forms (docs/suppressions.md):

    m.erase(k);  // NOLINT(mapsafety-mutation-in-range-loop): loop exits right after
    // NOLINTNEXTLINE(mapsafety-shared-map-copy) - snapshot taken by caller under mu_
    /* NOLINTBEGIN(mapsafety-*): legacy sweeper, replaced in #123 */
"""
import fnmatch
import re

from .source import utf16_length

# clang-tidy reads the letters after NOLINT as one word: NOLINTs is no directive.
_DIRECTIVE = re.compile(r"NOLINT([A-Za-z]*)")
_DIRECTIVE_KINDS = {"": "NOLINT", "NEXTLINE": "NOLINTNEXTLINE", "BEGIN": "NOLINTBEGIN", "END": "NOLINTEND"}
_REASON_SEPARATORS = re.compile(r"^\s*(?::|--|-|\u2014|\u2013)?\s*")


class Suppression:
    """One NOLINT directive that silences at least one mapsafety rule."""

    __slots__ = ("path", "line", "column", "column16", "directive", "checks", "rules", "reason", "end_line",
                 "in_diff")

    def __init__(self, path, line, column, column16, directive, checks, rules, reason, end_line=None,
                 in_diff=True):
        self.path = path            # relative to the source root when inside it
        self.line = line            # 1-based line of the directive
        self.column = column        # 1-based byte column of "NOLINT" (as clang counts)
        self.column16 = column16    # the same in UTF-16 code units (as SARIF counts)
        self.directive = directive  # NOLINT, NOLINTNEXTLINE or NOLINTBEGIN
        self.checks = checks        # the text between the parentheses; None if absent
        self.rules = rules          # the mapsafety rule ids (or unmatched globs) it covers
        self.reason = reason        # "" if there is none
        self.end_line = end_line    # NOLINTBEGIN: line of its NOLINTEND (None if unterminated)
        self.in_diff = in_diff is not False  # on a line --diff-base reports (--require-reason judges it)

    @property
    def bare(self):
        """No check list: clang-tidy silences every check with it."""
        return self.checks is None

    def silences(self, rule):
        """Whether this directive silences `rule` (a bare one silences every check)."""
        return self.bare or rule in self.rules

    def covers(self, line):
        """Whether clang-tidy would silence a diagnostic on `line` with this directive."""
        if self.directive == "NOLINT":
            return line == self.line
        if self.directive == "NOLINTNEXTLINE":
            return line == self.line + 1
        return self.end_line is not None and self.line <= line <= self.end_line

    @property
    def has_reason(self):
        return bool(re.search(r"[^\W_]", self.reason))

    def spelling(self):
        return self.directive + (f"({self.checks})" if self.checks is not None else "")

    def to_json(self):
        return {name: getattr(self, name) for name in self.__slots__}

    @classmethod
    def from_json(cls, data):
        return cls(**{name: data.get(name) for name in cls.__slots__})

    def key(self):
        return (self.path, self.line, self.column)


def _rules_covered(checks, known_rules):
    """The mapsafety rules a NOLINT's check list covers; [] if it covers none. For a
    bare NOLINT, [] until the findings it silenced are known (``resolve_bare``)."""
    if checks is None:
        return []
    covered = []
    for glob in (g.strip() for g in checks.split(",")):
        if not glob or glob.startswith("-"):
            continue
        matched = [r for r in known_rules if fnmatch.fnmatchcase(r, glob)]
        if matched:
            covered.extend(r for r in matched if r not in covered)
        elif glob.startswith("mapsafety-") and glob not in covered:
            covered.append(glob)  # a rule this build does not have (yet)
    return covered


def _reason_after(line, end):
    rest = line[end:]
    close = rest.find("*/")
    if close >= 0:
        rest = rest[:close]
    return _REASON_SEPARATORS.sub("", rest, count=1).strip()


def _directives(line):
    """(match, kind, check list or None, end of the directive) for each directive on `line`."""
    for m in _DIRECTIVE.finditer(line):
        kind = _DIRECTIVE_KINDS.get(m.group(1))
        if kind is None:
            continue
        end = m.end()
        checks = None
        if line[end:end + 1] == "(":
            close = line.find(")", end + 1)
            if close >= 0:
                checks = line[end + 1:close]
                end = close + 1
        yield m, kind, checks, end


def neutralised(text, known_rules):
    """`text` with the word of every directive that may silence a mapsafety rule
    changed (NOLINT -> NOLIN_, same length, so offsets, lines and columns stay), or
    None if it has none. A NOLINTEND goes with its NOLINTBEGIN: same check list."""
    lines = text.split("\n")
    changed = False
    for i, line in enumerate(lines):
        if "NOLINT" not in line:
            continue
        for m, _, checks, _ in list(_directives(line)):
            if checks is None or _rules_covered(checks, known_rules):
                line = line[:m.start() + 5] + "_" + line[m.start() + 6:]
                changed = True
        lines[i] = line
    return "\n".join(lines) if changed else None


def scan_text(path, text, known_rules):
    """Every suppression in `text` (a file's decoded contents) that names a mapsafety
    rule, and every bare one (its rules are filled in by ``resolve_bare``)."""
    found = []
    open_begins = []
    for number, line in enumerate(text.split("\n"), start=1):
        if "NOLINT" not in line:
            continue
        for m, kind, checks, end in _directives(line):
            if kind == "NOLINTEND":
                # Closes the most recent BEGIN with the same check list, as clang-tidy does.
                for i in range(len(open_begins) - 1, -1, -1):
                    if open_begins[i].checks == checks:
                        open_begins.pop(i).end_line = number
                        break
                continue
            rules = _rules_covered(checks, known_rules)
            if not rules and checks is not None:
                continue
            before = line[:m.start()]
            s = Suppression(path, number, len(before.encode("utf-8")) + 1, utf16_length(before) + 1,
                            kind, checks, rules, _reason_after(line, end))
            found.append(s)
            if kind == "NOLINTBEGIN":
                open_begins.append(s)
    return found


def scan_file(path, display_path, known_rules):
    """Suppressions in the file at `path`; [] if it cannot be read."""
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", errors="replace")
    except OSError:
        return []
    return scan_text(display_path, text, known_rules)


def apply_directives(findings, files):
    """Applies the directives clang-tidy did not see (``neutralised``) as it would have:
    returns (the findings no directive silences, with each note on a silencing line
    dropped with the notes after it; the silenced findings, each with its
    `suppression`; [path, line, column, rule] of each bare directive and rule it
    silenced). `files` maps a display path to the suppressions in that file."""
    kept, silenced, bare = [], [], set()

    def silencing(loc, rule):
        return [s for s in files(loc["path"]) if s.covers(loc["line"]) and s.silences(rule)]

    for f in findings:
        by = silencing(f["location"], f["rule"])
        bare.update((s.path, s.line, s.column, f["rule"]) for s in by if s.bare)
        if by:
            silenced.append(dict(f, suppression={"path": by[0].path, "line": by[0].line,
                                                 "directive": by[0].spelling(), "reason": by[0].reason}))
            continue
        cut = next((i for i, n in enumerate(f["notes"]) if silencing(n, f["rule"])), None)
        kept.append(f if cut is None else dict(f, notes=f["notes"][:cut]))
    return kept, silenced, [list(k) for k in sorted(bare)]


def resolve_bare(suppressions, silenced):
    """The suppressions of mapsafety rules: every named one, and each bare one with the
    rules it silenced (from ``silenced_by_bare``, over every shard); a bare directive
    that silenced none of ours (cpplint's `// NOLINT`) is not one."""
    rules_of = {}
    for path, line, column, rule in silenced:
        rules_of.setdefault((path, line, column), set()).add(rule)
    out = []
    for s in suppressions:
        if s.bare:
            rules = rules_of.get(s.key())
            if not rules:
                continue
            s.rules = sorted(rules)
        out.append(s)
    return out
