"""--diff-base: which lines changed since a git revision.

Changed lines are the added or modified lines of `git diff REV` (the work tree
against REV, so committed, staged and unstaged changes all count) plus every line
of files git does not track yet. A finding is kept when its own line or one of
its notes' lines changed: adding the call that makes a helper mutate a map is the
change that introduced the bug, even though the warning points into the helper.
"""
import os
import re
import subprocess

from .errors import SetupError

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def _git(root, *args):
    try:
        return subprocess.run(["git", "-C", root, *args], capture_output=True, check=False)
    except OSError as e:
        raise SetupError(f"--diff-base needs git: {e.strerror}") from None


def changed_lines(root, revision):
    """{absolute path: set of changed 1-based line numbers} since `revision`."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise SetupError(f"--diff-base {revision}: {root} is not inside a git work tree")
    top = top.stdout.decode().strip()
    check = _git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{tree}}")
    if check.returncode != 0:
        raise SetupError(f"--diff-base {revision}: no such commit in {top} "
                         "(in CI, fetch it first: git fetch --depth=1 origin <branch>)")
    diff = _git(top, "diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-renames", revision, "--")
    if diff.returncode != 0:
        raise SetupError(f"git diff {revision} failed: {diff.stderr.decode(errors='replace').strip()}")
    changed = {}
    current = None
    for line in diff.stdout.decode("utf-8", errors="replace").splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            current = None if name == "/dev/null" else os.path.realpath(os.path.join(top, name[2:]))
            if current:
                changed.setdefault(current, set())
        elif current and line.startswith("@@"):
            m = _HUNK.match(line)
            if m:
                start, count = int(m.group(1)), int(m.group(2) or "1")
                changed[current].update(range(start, start + count))
    untracked = _git(top, "ls-files", "-z", "--others", "--exclude-standard")
    for name in untracked.stdout.decode("utf-8", errors="replace").split("\0"):
        if name:
            changed[os.path.realpath(os.path.join(top, name))] = None  # None: every line
    return changed


def line_changed(changed, paths, path, line):
    """True if `line` of `path` (a display path, see PathMapper) changed."""
    lines = changed.get(os.path.realpath(paths.absolute(path)), set())
    return lines is None or line in lines


def touches_changed_line(finding, changed, paths):
    """True if the finding's line or one of its notes' lines changed."""
    return any(line_changed(changed, paths, loc["path"], loc["line"])
               for loc in [finding["location"]] + finding["notes"])
