"""compile_commands.json: the translation units, file filters, shards and the source root."""
import fnmatch
import glob
import json
import os
import shlex
import subprocess

from .errors import SetupError

DATABASE = "compile_commands.json"
HEADER_EXTENSIONS = (".h", ".hh", ".hpp", ".hxx", ".h++", ".inl", ".ipp", ".tcc", ".ixx")

MISSING_DATABASE_HELP = """\
  The gate analyses the translation units listed in a compilation database. Make one:
    CMake:                  cmake -S <source> -B {build} -DCMAKE_EXPORT_COMPILE_COMMANDS=ON
    make or any other build: bear -- make   (in {build}; writes compile_commands.json there)
  then run the gate again with -p {build}."""


class TranslationUnit:
    """One source file of the database with every command that compiles it
    (clang-tidy analyses a file once per command)."""

    def __init__(self, path, commands):
        self.path = path          # absolute, normalised
        self.commands = commands  # the database entries for this file

    def command_lines(self):
        """Each compile command as one shell-readable line, with its directory."""
        lines = []
        for entry in self.commands:
            if "arguments" in entry:
                cmd = " ".join(shlex.quote(a) for a in entry["arguments"])
            else:
                cmd = entry.get("command", "")
            lines.append(f"(in {entry.get('directory', '?')}) {cmd}")
        return lines


def locate(given):
    """The directory of the compile_commands.json that `-p GIVEN` means: GIVEN itself
    when it is the file, else the first of GIVEN/, GIVEN/build/ and the only
    GIVEN/build/*/ that holds one (`-p .` from the top of a CMake project)."""
    given = os.path.abspath(given)
    if os.path.isfile(given):
        return os.path.dirname(given)
    if not os.path.isdir(given):
        raise SetupError(f"build directory {given} does not exist.\n" + MISSING_DATABASE_HELP.format(build=given))
    for directory in (given, os.path.join(given, "build")):
        if os.path.isfile(os.path.join(directory, DATABASE)):
            return directory
    nested = sorted(glob.glob(os.path.join(given, "build", "*", DATABASE)))
    if len(nested) == 1:
        return os.path.dirname(nested[0])
    if nested:
        raise SetupError(f"no {DATABASE} in {given} but several below it; pass the one to analyse with -p:\n"
                         + "\n".join(f"    {n}" for n in nested))
    looked = ", ".join(os.path.join(d, DATABASE) for d in (given, os.path.join(given, "build"),
                                                           os.path.join(given, "build", "*")))
    raise SetupError(f"no {DATABASE} in {given} (looked for {looked}).\n"
                     + MISSING_DATABASE_HELP.format(build=given))


def load(build_dir):
    """The translation units of BUILD_DIR/compile_commands.json, sorted by path."""
    db_path = os.path.join(build_dir, DATABASE)
    try:
        with open(db_path, encoding="utf-8") as f:
            entries = json.load(f)
    except json.JSONDecodeError as e:
        raise SetupError(f"{db_path} is not valid JSON ({e}); regenerate it with your build "
                         "system (see 'mapsafety-gate --help')") from None
    if not isinstance(entries, list):
        raise SetupError(f"{db_path} must hold a JSON array of compile commands")
    by_file = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or "file" not in entry or "directory" not in entry \
                or ("arguments" not in entry and "command" not in entry):
            raise SetupError(f"{db_path}: entry {i} lacks 'directory', 'file' or a command")
        path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
        by_file.setdefault(path, []).append(entry)
    if not by_file:
        raise SetupError(f"{db_path} lists no translation unit")
    return [TranslationUnit(p, by_file[p]) for p in sorted(by_file)]


def detect_source_root(units):
    """The top level of the git work tree holding the sources, or else the deepest
    directory containing every translation unit. Computed from the whole database
    (before filters and shards), so every shard agrees on it."""
    common = os.path.commonpath([os.path.dirname(u.path) for u in units])
    try:
        top = subprocess.run(["git", "-C", common, "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, check=False)
        if top.returncode == 0 and top.stdout.strip():
            return os.path.normpath(top.stdout.strip())
    except OSError:
        pass  # no git: fall back to the common directory
    return common


class FileFilter:
    """FILES arguments: a path selects that file, a directory everything under it,
    and an argument with * ? or [ is a glob on the absolute path."""

    def __init__(self, patterns):
        self.patterns = [p if any(c in p for c in "*?[") else os.path.normpath(os.path.abspath(p))
                         for p in patterns]
        self.used = set()

    def __bool__(self):
        return bool(self.patterns)

    def matches(self, path):
        if not self.patterns:
            return True
        hit = False
        for p in self.patterns:
            if any(c in p for c in "*?[") and (fnmatch.fnmatchcase(path, p)
                                             or fnmatch.fnmatchcase(path, os.path.abspath(p))):
                self.used.add(p)
                hit = True
            elif path == p or path.startswith(p.rstrip(os.sep) + os.sep):
                self.used.add(p)
                hit = True
        return hit

    def unused(self):
        return [p for p in self.patterns if p not in self.used]


def parse_shard(text):
    """'I/N' -> (I, N) with 1 <= I <= N."""
    try:
        index, count = (int(x) for x in text.split("/"))
    except ValueError:
        raise SetupError(f"--shard expects I/N (e.g. 2/4), got '{text}'") from None
    if count < 1 or not 1 <= index <= count:
        raise SetupError(f"--shard {text}: need 1 <= I <= N")
    return index, count


def shard_slice(items, shard, key):
    """The deterministic share of `items` for shard (I, N): sorted by `key`, every
    N-th item starting at I-1 (balanced counts; the same for every run of the same
    database)."""
    if shard is None:
        return list(items)
    index, count = shard
    ordered = sorted(items, key=key)
    return ordered[index - 1::count]


def project_headers(source_root, excluded_dirs):
    """Header files in the project, for the suppression audit: git's tracked and
    untracked-but-not-ignored files when the root is a git work tree, otherwise a
    walk that skips hidden directories and `excluded_dirs` (the build directory)."""
    git_ok = False
    try:
        # Not when the root itself is ignored by an enclosing repository (a project
        # copied into a build directory): git would list nothing.
        inside = subprocess.run(["git", "-C", source_root, "rev-parse", "--is-inside-work-tree"],
                                capture_output=True, text=True, check=False)
        ignored = subprocess.run(["git", "-C", source_root, "check-ignore", "-q", "."],
                                 capture_output=True, check=False)
        if inside.stdout.strip() == "true" and ignored.returncode == 1:
            listed = subprocess.run(["git", "-C", source_root, "ls-files", "-z", "--cached", "--others",
                                     "--exclude-standard"], capture_output=True, check=False)
            git_ok = listed.returncode == 0
    except OSError:
        pass  # no git: walk the tree
    if git_ok:
        names = [n for n in listed.stdout.decode("utf-8", errors="replace").split("\0") if n]
        paths = [os.path.normpath(os.path.join(source_root, n)) for n in names]
    else:
        paths = []
        excluded = {os.path.normpath(os.path.abspath(d)) for d in excluded_dirs}
        for directory, subdirs, files in os.walk(source_root):
            subdirs[:] = sorted(d for d in subdirs if not d.startswith(".")
                                and os.path.join(directory, d) not in excluded)
            paths.extend(os.path.join(directory, f) for f in files)
    return sorted({p for p in paths if p.endswith(HEADER_EXTENSIONS) and os.path.isfile(p)})
