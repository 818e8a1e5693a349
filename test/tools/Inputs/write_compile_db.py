"""Writes OUT/compile_commands.json for every .cpp in SRC_DIR: write_compile_db.py OUT SRC_DIR FLAGS..."""
import glob
import json
import os
import sys

out, src, flags = sys.argv[1], sys.argv[2], sys.argv[3:]
entries = [{"directory": out, "file": f, "arguments": ["c++", *flags, "-c", f, "-o", "/dev/null"]}
           for f in sorted(glob.glob(os.path.join(src, "*.cpp")))]
with open(os.path.join(out, "compile_commands.json"), "w", encoding="utf-8") as fh:
    json.dump(entries, fh, indent=1)
