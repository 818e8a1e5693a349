"""The gate's own JSON files (baselines, results): written sorted and indented so
that they diff well in review, read back with a check of their format and version."""
import json
import os

from .errors import SetupError


def write(path, data):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


def read_versioned(path, file_format, version, what, how_to_make):
    """The JSON object in `path`, which must say `"format": file_format` and
    `"version": version`; SetupError (exit 2) naming `what` and `how_to_make` otherwise."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except OSError as e:
        raise SetupError(f"cannot read {what} {path}: {e.strerror}") from None
    except json.JSONDecodeError as e:
        raise SetupError(f"{what} {path} is not valid JSON: {e}") from None
    if not isinstance(data, dict) or data.get("format") != file_format:
        raise SetupError(f"{path} is not a mapsafety-gate {what} ({how_to_make})")
    if data.get("version") != version:
        raise SetupError(f"{what} {path} has version {data.get('version')}; this gate reads version "
                         f"{version} ({how_to_make})")
    return data
