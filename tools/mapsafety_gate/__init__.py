"""mapsafety-gate: runs the mapsafety clang-tidy checks over a compile database as a CI gate.

The command-line entry point is ``tools/mapsafety-gate`` (``cli.main``); docs/ci.md is the
user's guide. Modules, in the order a run uses them:

- ``toolchain``: finds clang-tidy, the plugin or mapsafety-tidy, and checks their versions.
- ``compdb``: reads compile_commands.json, applies file filters and shards.
- ``runner``: runs clang-tidy per translation unit and turns its output into findings.
- ``tidyyaml``: reads the YAML clang-tidy writes (PyYAML, every scalar a string).
- ``source``: line/column arithmetic, enclosing functions, normalised line text.
- ``suppressions``: finds NOLINT comments that silence a mapsafety rule, and their reasons.
- ``findings``: the finding model, fingerprints, de-duplication and baselines.
- ``results``: the results file (one per shard), ``merge``, and the verdict.
- ``report``: text, summary, audit and OpenMetrics output.
- ``sarif``: SARIF 2.1.0 for code review.
"""

# mapsafety's version, the one place it is written: CMakeLists.txt reads it for
# project() and the .deb; `mapsafety-gate --version` and SARIF report it.
VERSION = "0.1.0"
