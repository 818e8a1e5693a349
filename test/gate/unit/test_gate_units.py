"""Unit tests of the gate's modules (tools/mapsafety_gate), run by test/gate/unit.test.
Each case pins a contract the end-to-end tests rely on but cannot isolate."""
import os
import tempfile
import unittest

from mapsafety_gate import compdb, findings, report, results, suppressions, tidyconfig, tidyyaml
from mapsafety_gate.errors import SetupError
from mapsafety_gate.source import SourceFile

RULES = ["mapsafety-mutation-in-range-loop", "mapsafety-shared-map-copy"]


class TidyYamlTest(unittest.TestCase):
    def test_export_fixes_shape(self):
        text = (
            "---\nMainSourceFile:  '/a/b.cpp'\nDiagnostics:\n"
            "  - DiagnosticName:  mapsafety-x\n    DiagnosticMessage:\n"
            "      Message:         'erasing from ''m'' here'\n      FileOffset:      71\n"
            "      Replacements:\n        - Offset: 3\n          ReplacementText: \"\\n}\"\n"
            "    Notes:\n      - Message: note\n        Replacements:    []\n"
            "    Level:           Warning\n...\n")
        diag = tidyyaml.load(text, "fixes.yaml")["Diagnostics"][0]
        self.assertEqual(diag["DiagnosticMessage"]["Message"], "erasing from 'm' here")
        self.assertEqual(diag["DiagnosticMessage"]["Replacements"][0]["ReplacementText"], "\n}")
        self.assertEqual(diag["Notes"][0]["Replacements"], [])
        self.assertEqual(diag["Level"], "Warning")

    def test_scalars_stay_the_strings_clang_tidy_wrote(self):
        # LLVM quotes only what YAML 1.2 misreads; YAML 1.1 would make these a bool,
        # a base-60 number, a date and an octal number.
        doc = tidyyaml.load("A: on\nB: 1:20\nC: 2001-12-14\nD: 071\nE: 71\n", "x")
        self.assertEqual(doc, {"A": "on", "B": "1:20", "C": "2001-12-14", "D": "071", "E": "71"})

    def test_errors_name_the_source_and_line(self):
        with self.assertRaisesRegex(tidyyaml.YamlError, r"^fixes\.yaml:3: "):
            tidyyaml.load("A: x\nB:\n  - 'unterminated\n", "fixes.yaml")
        with self.assertRaisesRegex(tidyyaml.YamlError, r"^cfg:1: while parsing a flow sequence"):
            tidyyaml.load("A: [x\nB: y\n", "cfg")

    def test_empty_text_is_no_document(self):
        self.assertIsNone(tidyyaml.load("", "x"))


class TidyConfigTest(unittest.TestCase):
    def test_misspelt_mapsafety_checks(self):
        found = tidyconfig.misspelt_rules(
            "-*, mapsafety-mutation-in-range-lop,-mapsafety-shared-map-cpy,mapsafty-shared-map-copy,"
            "mapsafety-*,mapsafety-zzz,bugprone-use-after-move,misc-*", RULES)
        self.assertEqual(found, [("mapsafety-mutation-in-range-lop", RULES[0]),
                                 ("mapsafety-shared-map-cpy", RULES[1]),
                                 ("mapsafty-shared-map-copy", RULES[1]), ("mapsafety-zzz", None)])

    def test_warnings_parsed_and_counted_once(self):
        output = ("warning: unknown option 'mapsafety-x.Foo' for check 'mapsafety-x'; known options: Fo "
                  "[clang-tidy-config]\n"
                  "/p/.clang-tidy: warning: unknown check option 'mapsafety-x.Foo'; did you mean "
                  "'mapsafety-x.Fo' [-verify-config]\n"
                  "/p/a.cpp:1:1: warning: unrelated [mapsafety-x]\n")
        found = tidyconfig.unique_warnings(tidyconfig.config_warnings(output))
        self.assertEqual(len(found), 1)
        self.assertIn("mapsafety-x.Foo", found[0]["text"])


class SourceTest(unittest.TestCase):
    def test_columns_in_bytes_and_utf16(self):
        src = SourceFile("x", "int a; // \u00e9\U0001F600 m.erase(k);\n".encode())
        offset = src.data.index(b"m.erase")
        line, byte_column, utf16_column = src.position(offset)
        self.assertEqual(line, 1)
        self.assertEqual(byte_column, offset + 1)        # clang counts bytes
        self.assertEqual(utf16_column, 10 + 1 + 2 + 1 + 1)  # e-acute is 1 unit, the emoji 2

    def test_enclosing_functions(self):
        code = b"""namespace svc {
struct Table {
  Table() : a_(1), b_{2} { int ctor; }
  void inl() { auto f = [&] { int lambda; }; if (true) { int block; } }
  bool operator<(const Table &) const { int in_op; }
  int a_, b_;
};
template <typename T> int Box<T>::get() const noexcept { int tmpl; }
}
int file_scope;
"""
        src = SourceFile("x", code)
        expected = {b"ctor": "svc::Table::Table", b"lambda": "svc::Table::inl", b"block": "svc::Table::inl",
                    b"in_op": "svc::Table::operator<", b"tmpl": "svc::Box::get", b"file_scope": ""}
        for marker, name in expected.items():
            self.assertEqual(src.enclosing_function(code.index(marker)), name, marker)

    def test_braces_in_strings_and_comments_do_not_count(self):
        code = b'void f() {\n  const char *s = "}"; // }\n  /* { */ int here;\n}\n'
        self.assertEqual(SourceFile("x", code).enclosing_function(code.index(b"here")), "f")

    def test_normalised_line_ignores_layout_and_comments(self):
        a = SourceFile("a", b"    m.erase( k );   // why\n")
        b = SourceFile("b", b"m.erase(k); /* other */\n")
        self.assertEqual(a.normalised_line(1), b.normalised_line(1))
        self.assertNotEqual(a.normalised_line(1), SourceFile("c", b'm.erase("k // x");\n').normalised_line(1))


class SuppressionTest(unittest.TestCase):
    def scan(self, text):
        return suppressions.scan_text("f.cpp", text, RULES)

    def test_forms_and_reasons(self):
        found = self.scan(
            "a(); // NOLINT(mapsafety-mutation-in-range-loop): loop exits\n"
            "// NOLINTNEXTLINE(mapsafety-*) - a copy\n"
            "/* NOLINTBEGIN(mapsafety-shared-map-copy) \u2014 legacy */\n"
            "b();\n"
            "/* NOLINTEND(mapsafety-shared-map-copy) */\n"
            "c(); // NOLINT(mapsafety-shared-map-copy) caller holds mu_\n")
        self.assertEqual([(s.directive, s.line, s.reason) for s in found], [
            ("NOLINT", 1, "loop exits"), ("NOLINTNEXTLINE", 2, "a copy"),
            ("NOLINTBEGIN", 3, "legacy"), ("NOLINT", 6, "caller holds mu_")])
        self.assertEqual(found[1].rules, RULES)
        self.assertEqual(found[2].end_line, 5)
        self.assertTrue(all(s.has_reason for s in found))

    def test_missing_reasons(self):
        found = self.scan("a(); // NOLINT(mapsafety-shared-map-copy)\nb(); // NOLINT(mapsafety-*): \nc(); // NOLINT --\n")
        self.assertEqual([s.has_reason for s in found], [False, False, False])
        self.assertIsNone(found[2].checks)  # bare: every check
        self.assertEqual(found[2].rules, [])  # ours only once it silenced one of our findings

    def test_what_is_not_a_mapsafety_suppression(self):
        self.assertEqual(self.scan("a(); // NOLINT(bugprone-use-after-move): moved\n"
                                   "// NOLINTs are discussed in docs\n"
                                   "// NOLINTEND(mapsafety-*)\n"), [])

    def test_unknown_mapsafety_rule_is_kept_as_written(self):
        (s,) = self.scan("a(); // NOLINT(mapsafety-future-rule): later\n")
        self.assertEqual(s.rules, ["mapsafety-future-rule"])

    def test_unclosed_parenthesis_suppresses_everything(self):
        (s,) = self.scan("a(); // NOLINT(mapsafety-shared-map-copy\n")
        self.assertIsNone(s.checks)

    def test_directives_of_ours_hidden_in_place(self):
        text = ("a(); // NOLINT\n// NOLINTNEXTLINE\nb(); // NOLINT(whitespace/braces) NOLINT(mapsafety-*)\n"
                "/* NOLINTBEGIN(mapsafety-shared-map-copy) */\n/* NOLINTEND(mapsafety-shared-map-copy) */\n")
        hidden = suppressions.neutralised(text, RULES)
        self.assertEqual(hidden, "a(); // NOLIN_\n// NOLIN_NEXTLINE\n"
                                 "b(); // NOLINT(whitespace/braces) NOLIN_(mapsafety-*)\n"
                                 "/* NOLIN_BEGIN(mapsafety-shared-map-copy) */\n"
                                 "/* NOLIN_END(mapsafety-shared-map-copy) */\n")
        self.assertIsNone(suppressions.neutralised("a(); // NOLINT(bugprone-use-after-move): why\n", RULES))

    def test_bare_directive_is_ours_only_where_it_silenced_a_finding(self):
        found = self.scan("a(); // NOLINT\n// NOLINTNEXTLINE\nb();\n/* NOLINTBEGIN */\nc();\n/* NOLINTEND */\n"
                          "d(); // NOLINT\n")
        hits = [_finding("f.cpp", line, "f", "x") for line in (1, 3, 5, 8)]
        kept, silenced, bare = suppressions.apply_directives(hits, lambda path: found)
        self.assertEqual([f["location"]["line"] for f in kept], [8])
        self.assertEqual([f["suppression"]["line"] for f in silenced], [1, 2, 4])
        ours = suppressions.resolve_bare(found, bare)
        self.assertEqual([(s.directive, s.line, s.rules) for s in ours],
                         [("NOLINT", 1, [RULES[0]]), ("NOLINTNEXTLINE", 2, [RULES[0]]),
                          ("NOLINTBEGIN", 4, [RULES[0]])])

    def test_named_directive_silences_its_rules_and_cuts_notes(self):
        found = self.scan("a(); // NOLINT(mapsafety-shared-map-copy): why\nb(); // NOLINT(mapsafety-mutation-in-range-loop)\n")
        copy = _finding("f.cpp", 1, "f", "x", rule=RULES[1])
        other = _finding("f.cpp", 1, "f", "x", rule=RULES[0])
        note = {"path": "f.cpp", "line": 2, "column": 1, "column16": 1, "offset": 0, "message": "n"}
        other["notes"] = [dict(note, line=3), note, dict(note, line=4)]
        kept, silenced, bare = suppressions.apply_directives([copy, other], lambda path: found)
        self.assertEqual([(f["rule"], f["suppression"]["reason"]) for f in silenced], [(RULES[1], "why")])
        self.assertEqual([n["line"] for n in kept[0]["notes"]], [3])  # as clang-tidy drops them
        self.assertEqual(bare, [])


def _finding(path, line, function, text, rule=RULES[0], message="m"):
    return {"rule": rule, "level": "warning", "message": message,
            "location": {"path": path, "line": line, "column": 1, "column16": 1, "offset": 0},
            "notes": [], "fixes": [], "function": function,
            "fingerprint": findings.fingerprint(rule, path, function, text)}


class FindingsTest(unittest.TestCase):
    def test_fingerprint_ignores_line_numbers(self):
        self.assertEqual(_finding("a.cpp", 3, "f", "m.erase(k);")["fingerprint"],
                         _finding("a.cpp", 30, "f", "m.erase(k);")["fingerprint"])
        self.assertNotEqual(_finding("a.cpp", 3, "f", "m.erase(k);")["fingerprint"],
                            _finding("a.cpp", 3, "g", "m.erase(k);")["fingerprint"])

    def test_baseline_is_a_multiset(self):
        one = _finding("a.cpp", 3, "f", "m.erase(k);")
        two = _finding("a.cpp", 4, "f", "m.erase(k);")
        gone = findings.baseline_entries([_finding("b.cpp", 1, "g", "x();")])
        new, accepted, absent = findings.apply_baseline([one, two], findings.baseline_entries([one]) + gone)
        self.assertEqual((new, accepted), ([two], [one]))
        self.assertEqual([e["path"] for e in absent], ["b.cpp"])

    def test_deduplicate_keeps_one_deterministic_copy(self):
        a = _finding("h.h", 3, "f", "x")
        b = dict(a, notes=[{"path": "z.cpp", "line": 1, "column": 1, "column16": 1, "offset": 0, "message": "n"}])
        self.assertEqual(findings.deduplicate([a, b]), findings.deduplicate([b, a]))
        self.assertEqual(len(findings.deduplicate([a, b])), 1)

    def test_baseline_file_round_trip_and_errors(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "b.json")
            findings.write_baseline(path, [_finding("a.cpp", 3, "f", "x")])
            self.assertEqual(len(findings.read_baseline(path)), 1)
            with open(path, "w", encoding="utf-8") as f:
                f.write("[]")
            with self.assertRaisesRegex(SetupError, "is not a mapsafety-gate baseline"):
                findings.read_baseline(path)

    def test_path_mapper(self):
        paths = findings.PathMapper("/src/proj")
        self.assertEqual(paths.display("/src/proj/a/b.cpp"), "a/b.cpp")
        self.assertEqual(paths.display("/src/project/b.cpp"), "/src/project/b.cpp")
        self.assertEqual(paths.absolute("a/b.cpp"), "/src/proj/a/b.cpp")


class ShardTest(unittest.TestCase):
    def test_shards_partition_the_units(self):
        units = [f"u{i:02}.cpp" for i in range(11)]
        shares = [compdb.shard_slice(units, (i, 3), key=str) for i in (1, 2, 3)]
        self.assertEqual(sorted(sum(shares, [])), units)
        self.assertEqual([len(s) for s in shares], [4, 4, 3])
        self.assertEqual(compdb.shard_slice(list(reversed(units)), (2, 3), key=str), shares[1])

    def test_bad_shard_specs(self):
        for spec in ("0/2", "3/2", "1/0", "x/2", "1"):
            with self.assertRaises(SetupError, msg=spec):
                compdb.parse_shard(spec)

    def test_file_filter(self):
        wanted = compdb.FileFilter(["/p/src/net", "*/util_*.cpp", "/p/main.cpp"])
        self.assertTrue(wanted.matches("/p/src/net/a.cpp"))
        self.assertFalse(wanted.matches("/p/src/network.cpp"))
        self.assertTrue(wanted.matches("/p/lib/util_x.cpp"))
        self.assertTrue(wanted.matches("/p/main.cpp"))
        self.assertEqual(compdb.FileFilter(["/p/none"]).unused(), ["/p/none"])


def _results(shard=None, found=(), suppressions_=()):
    r = results.new_results("/src", "tc", 22, [report.rule_metadata(RULES[0], [])], shard, None, False, None)
    r["findings"] = list(found)
    r["suppressions"] = list(suppressions_)
    return r


class MergeAndVerdictTest(unittest.TestCase):
    def test_merge_requires_every_shard_once(self):
        with self.assertRaisesRegex(SetupError, "missing shard"):
            results.merge([_results((1, 3)), _results((3, 3))], ["a", "c"])
        with self.assertRaisesRegex(SetupError, "given twice"):
            results.merge([_results((1, 2)), _results((1, 2))], ["a", "b"])
        other = _results((2, 2))
        other["require_reason"] = True
        with self.assertRaisesRegex(SetupError, "different require-reason"):
            results.merge([_results((1, 2)), other], ["a", "b"])

    def test_merge_deduplicates_and_judges_like_one_run(self):
        f = _finding("h.h", 3, "f", "x")
        merged = results.merge([_results((1, 2), [f]), _results((2, 2), [f])], ["a", "b"])
        self.assertEqual(results.judge(merged).exit_code, 1)
        self.assertEqual(len(merged["findings"]), 1)
        self.assertEqual(results.judge(_results((1, 2), [f])).exit_code, 0)  # a shard never decides

    def test_exit_codes(self):
        clean = _results()
        self.assertEqual(results.judge(clean).exit_code, 0)
        self.assertEqual(results.judge(_results(found=[_finding("a", 1, "f", "x")])).exit_code, 1)
        failed = _results(found=[_finding("a", 1, "f", "x")])
        failed["failures"] = [{"path": "b.cpp", "kind": "crashed"}]
        self.assertEqual(results.judge(failed).exit_code, 3)
        self.assertEqual(results.judge(_results(found=[_finding("a", 1, "f", "x")]), recording_baseline=True)
                         .exit_code, 0)
        supp = suppressions.scan_text("a.cpp", "x; // NOLINT\n", RULES)[0]
        bare = _results(suppressions_=[supp.to_json()])
        bare["require_reason"] = True
        self.assertEqual(results.judge(bare).exit_code, 0)  # it silences nothing of ours
        bare["bare_silenced"] = [[supp.path, supp.line, supp.column, RULES[0]]]
        self.assertEqual(results.judge(bare).exit_code, 1)


class MetricsTest(unittest.TestCase):
    def test_openmetrics_shape(self):
        text = report.metrics(results.judge(_results(found=[_finding("a", 1, "f", "x")])))
        lines = text.splitlines()
        self.assertEqual(lines[-1], "# EOF")
        self.assertIn('mapsafety_findings{rule="mapsafety-mutation-in-range-loop",state="new"} 1', lines)
        for line in lines:
            if not line.startswith("#"):
                self.assertRegex(line, r'^[a-z_]+\{([a-z_]+="[^"\\]*",?)+\} \d+$')


if __name__ == "__main__":
    unittest.main()
