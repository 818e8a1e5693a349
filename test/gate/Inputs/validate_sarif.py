"""Validates SARIF logs against JSON schemas (python3-jsonschema).

validate_sarif.py SCHEMA LOG...   every LOG against SCHEMA (our subset of SARIF 2.1.0,
                                  Inputs/sarif-2.1.0-subset.schema.json), and against the
                                  official SARIF 2.1.0 schema too when the environment
                                  variable MAPSAFETY_SARIF_SCHEMA names its file; prints one
                                  line per schema, then every property name the logs use
                                  (what the validation saw), and each violation as
                                  `LOG: path.to.value: message`. Exits 1 on any violation.
validate_sarif.py break IN OUT    writes IN with three violations of SARIF 2.1.0 (a
                                  suppression kind outside its list, a result without a
                                  message, a misspelt rule property): the schema must
                                  reject them.
"""
import json
import os
import sys

import jsonschema


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def violations(schema, log):
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    for error in sorted(validator.iter_errors(log), key=lambda e: list(map(str, e.absolute_path))):
        where = ".".join(str(p) for p in error.absolute_path) or "(top)"
        yield f"{where}: {error.message}"


def keys(value, seen):
    if isinstance(value, dict):
        for k, v in value.items():
            seen.add(k)
            keys(v, seen)
    elif isinstance(value, list):
        for v in value:
            keys(v, seen)
    return seen


def validate(schema_path, log_paths):
    logs = [(p, load(p)) for p in log_paths]
    schemas = [("subset schema", schema_path)]
    official = os.environ.get("MAPSAFETY_SARIF_SCHEMA")
    if official:
        schemas.append(("official schema", official))
    failed = False
    for title, path in schemas:
        schema = load(path)
        problems = [f"{os.path.basename(p)}: {v}" for p, log in logs for v in violations(schema, log)]
        failed = failed or bool(problems)
        print(f"{title}: {len(logs) - len({pr.split(':')[0] for pr in problems})} of {len(logs)} logs valid"
              + ("" if title == "subset schema" else f" ({path})"))
        for problem in problems:
            print("  " + problem)
    if not official:
        print("official schema: not checked (MAPSAFETY_SARIF_SCHEMA names its file)")
    seen = set()
    for _, log in logs:
        keys(log, seen)
    print("seen: " + " ".join(sorted(seen, key=str.lower)))
    return 1 if failed else 0


def break_log(src, dst):
    log = load(src)
    results = log["runs"][0]["results"]
    next(r for r in results if "suppressions" in r)["suppressions"][0]["kind"] = "inline"
    del results[0]["message"]
    rule = log["runs"][0]["tool"]["driver"]["rules"][0]
    rule["helpURL"] = rule.pop("helpUri")
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(log, f, indent=2)
    return 0


def main(argv):
    if len(argv) == 3 and argv[0] == "break":
        return break_log(argv[1], argv[2])
    if len(argv) < 2:
        sys.exit(__doc__)
    return validate(argv[0], argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
