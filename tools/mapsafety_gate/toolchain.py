"""Which clang-tidy runs the checks, and how: `clang-tidy --load=libmapsafety.so`, or
the standalone `mapsafety-tidy`.

A clang-tidy plugin only works in the clang-tidy of the LLVM major it was built for;
libmapsafety.so loads `libmapsafety-checks-NN.so` from its own directory for the
running clang-tidy's major NN. So a usable pair is a clang-tidy of major NN and a
plugin directory holding libmapsafety-checks-NN.so. The gate checks this before it
starts, and reports a mismatch with the message documented in docs/ci.md.

Where it looks, in order: --mapsafety-tidy / --plugin / --clang-tidy / --llvm as given;
$MAPSAFETY_PLUGIN; the installed layout (<prefix>/bin/mapsafety-gate beside
<prefix>/lib/mapsafety/libmapsafety.so, or <prefix>/lib/libmapsafety.so as mapsafety
0.1 installed it); a source checkout's build directories
(<repo>/build/llvm-NN/, as tools/bootstrap makes them).
"""
import glob
import os
import re
import shutil
import subprocess

from .errors import SetupError

_VERSION = re.compile(r"LLVM version (\d+)\.")
_CHECKS_LIBRARY = re.compile(r"libmapsafety-checks-(\d+)\.so$")


class Toolchain:
    """A clang-tidy invocation prefix that has the mapsafety checks."""

    def __init__(self, executable, major, plugin=None):
        self.executable = executable
        self.major = major
        self.plugin = plugin
        self._help = None

    def supports(self, flag):
        """Whether this clang-tidy has `flag` (its --help lists it): options come and
        go between LLVM versions (--verify-config is LLVM 16 and later)."""
        if self._help is None:
            self._help = run(self.prefix() + ["--help"], "reading --help").stdout
        return flag in self._help

    def prefix(self):
        return [self.executable] + ([f"--load={self.plugin}"] if self.plugin else [])

    def describe(self):
        if self.plugin:
            return f"clang-tidy {self.major} ({self.executable}) with {self.plugin}"
        return f"mapsafety-tidy {self.major} ({self.executable})"


def llvm_major_of(executable):
    """The LLVM major a clang-tidy (or mapsafety-tidy) reports with --version."""
    try:
        out = subprocess.run([executable, "--version"], capture_output=True, text=True,
                             timeout=60, check=False)
    except OSError as e:
        raise SetupError(f"cannot run {executable}: {e.strerror}") from None
    except subprocess.TimeoutExpired:
        raise SetupError(f"{executable} --version did not answer within 60 s") from None
    m = _VERSION.search(out.stdout + out.stderr)
    if not m:
        raise SetupError(f"{executable} --version does not say which LLVM it is "
                         f"(expected 'LLVM version NN.x'); is it clang-tidy?")
    return int(m.group(1))


def find_clang_tidy(major):
    """clang-tidy of LLVM `major`: Debian's /usr/lib/llvm-NN/bin/clang-tidy,
    clang-tidy-NN on PATH, or a plain clang-tidy on PATH that is that version."""
    for candidate in (f"/usr/lib/llvm-{major}/bin/clang-tidy", shutil.which(f"clang-tidy-{major}")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    plain = shutil.which("clang-tidy")
    if plain:
        try:
            if llvm_major_of(plain) == major:
                return plain
        except SetupError:
            pass
    return None


def checks_majors(plugin):
    """The LLVM majors that have a checks library beside this plugin."""
    directory = os.path.dirname(os.path.abspath(plugin))
    majors = []
    for path in glob.glob(os.path.join(directory, "libmapsafety-checks-*.so")):
        m = _CHECKS_LIBRARY.search(os.path.basename(path))
        if m:
            majors.append(int(m.group(1)))
    return sorted(majors)


def _root_above(gate_dir):
    """The directory above the gate's: the install prefix (<prefix>/bin/mapsafety-gate)
    or the source checkout (<repo>/tools/mapsafety-gate)."""
    return os.path.dirname(os.path.abspath(gate_dir))


def default_plugins(gate_dir):
    """Plugins to try when --plugin is not given, best first."""
    found = []
    if os.environ.get("MAPSAFETY_PLUGIN"):
        found.append(os.environ["MAPSAFETY_PLUGIN"])
    root = _root_above(gate_dir)
    found.append(os.path.join(root, "lib", "mapsafety", "libmapsafety.so"))
    found.append(os.path.join(root, "lib", "libmapsafety.so"))
    found.extend(sorted(glob.glob(os.path.join(root, "build", "llvm-*", "lib", "libmapsafety.so")),
                        reverse=True))
    return [p for p in dict.fromkeys(found) if os.path.isfile(p)]


def default_standalones(gate_dir, major=None):
    """mapsafety-tidy executables to try, best first (only `major`'s when given)."""
    root = _root_above(gate_dir)
    names = ([f"mapsafety-tidy-{major}"] if major else []) + ["mapsafety-tidy"]
    candidates = [os.path.join(gate_dir, n) for n in names]
    candidates += sorted(glob.glob(os.path.join(root, "build", f"llvm-{major or '*'}", "bin", "mapsafety-tidy")),
                         reverse=True)
    return [p for p in dict.fromkeys(candidates) if os.path.isfile(p) and os.access(p, os.X_OK)]


def version_mismatch(clang_tidy, running, plugin, built):
    """The documented LLVM version mismatch error (docs/ci.md, exit code 2)."""
    built_text = ", ".join(str(b) for b in built) if built else "no LLVM version"
    suggestion = (f"    run the gate with --llvm {built[-1]} (the clang-tidy of the plugin's LLVM), or\n"
                  if built else "")
    return SetupError(
        f"LLVM version mismatch: {clang_tidy} is clang-tidy {running}, but the mapsafety plugin "
        f"{plugin} has checks for {built_text} (no libmapsafety-checks-{running}.so beside it).\n"
        f"  A clang-tidy plugin only loads into the clang-tidy of the LLVM it was built for. Either\n"
        f"{suggestion}"
        f"    build mapsafety for LLVM {running}:\n"
        f"      cmake -S <mapsafety> -B build-{running} -DMAPSAFETY_LLVM_VERSION={running} "
        f"&& cmake --build build-{running}\n"
        f"    and pass --plugin build-{running}/lib/libmapsafety.so (see README, 'Version mismatch').")


def _standalone(path, wanted_major):
    major = llvm_major_of(path)
    if wanted_major is not None and major != wanted_major:
        raise SetupError(
            f"LLVM version mismatch: {path} is mapsafety-tidy {major}, but --llvm {wanted_major} "
            f"was asked for.\n  Use the mapsafety-tidy built for LLVM {wanted_major} "
            f"(build/llvm-{wanted_major}/bin/mapsafety-tidy), or drop --llvm.")
    return Toolchain(path, major)


def select(options, gate_dir):
    """The toolchain the options ask for; SetupError (exit 2) when there is none."""
    if options.standalone or options.mapsafety_tidy:
        if options.plugin or options.clang_tidy:
            raise SetupError("--standalone/--mapsafety-tidy run mapsafety-tidy: they cannot be combined "
                             "with --plugin or --clang-tidy")
        if options.mapsafety_tidy:
            if not os.access(options.mapsafety_tidy, os.X_OK):
                raise SetupError(f"--mapsafety-tidy {options.mapsafety_tidy}: no such executable")
            return _standalone(options.mapsafety_tidy, options.llvm)
        found = default_standalones(gate_dir, options.llvm)
        if not found:
            raise SetupError("--standalone: no mapsafety-tidy found beside the gate or in build/llvm-*/bin; "
                             "pass its path with --mapsafety-tidy PATH")
        return _standalone(found[0], options.llvm)

    if options.plugin:
        if not os.path.isfile(options.plugin):
            raise SetupError(f"--plugin {options.plugin}: no such file")
        plugins = [os.path.abspath(options.plugin)]
    else:
        plugins = default_plugins(gate_dir)

    if options.clang_tidy:
        clang_tidy = options.clang_tidy
        running = llvm_major_of(clang_tidy)
        if options.llvm is not None and options.llvm != running:
            raise SetupError(f"--clang-tidy {clang_tidy} is LLVM {running}, but --llvm {options.llvm} "
                             "was given; drop one of them")
    elif options.llvm is not None:
        running = options.llvm
        clang_tidy = find_clang_tidy(running)
        if not clang_tidy:
            raise SetupError(f"no clang-tidy for LLVM {running}: install it (apt-get install "
                             f"clang-tidy-{running}) or pass --clang-tidy PATH")
    else:
        return _select_automatically(plugins, gate_dir)

    for plugin in plugins:
        if running in checks_majors(plugin):
            return Toolchain(clang_tidy, running, plugin)
    if plugins:
        raise version_mismatch(clang_tidy, running, plugins[0], checks_majors(plugins[0]))
    for path in default_standalones(gate_dir, running):
        if llvm_major_of(path) == running:
            return Toolchain(path, running)
    raise SetupError(f"no mapsafety build for LLVM {running} found (looked for libmapsafety.so beside "
                     f"the gate, in $MAPSAFETY_PLUGIN and in build/llvm-*/lib).\n"
                     f"  Build one: cmake -S <mapsafety> -B build/llvm-{running} "
                     f"-DMAPSAFETY_LLVM_VERSION={running} && cmake --build build/llvm-{running}\n"
                     f"  or pass --plugin PATH / --mapsafety-tidy PATH.")


def _select_automatically(plugins, gate_dir):
    """The first plugin (they come best first) that has a checks library for an
    installed clang-tidy, with the newest such LLVM."""
    pairs = [(major, plugin) for plugin in plugins for major in reversed(checks_majors(plugin))]
    for major, plugin in pairs:
        clang_tidy = find_clang_tidy(major)
        if clang_tidy:
            return Toolchain(clang_tidy, major, plugin)
    found = default_standalones(gate_dir)
    if found:
        return _standalone(found[0], None)
    if pairs:
        majors = sorted({m for m, _ in pairs})
        raise SetupError(f"mapsafety builds exist for LLVM {', '.join(map(str, majors))}, but no "
                         f"matching clang-tidy is installed: apt-get install clang-tidy-{majors[-1]}, "
                         "or pass --clang-tidy PATH")
    raise SetupError("no mapsafety build found: pass --plugin PATH (libmapsafety.so), "
                     "--mapsafety-tidy PATH, or build one with tools/bootstrap build")


# -- asking clang-tidy ------------------------------------------------------------------------

def run(cmd, what):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    except OSError as e:
        raise SetupError(f"cannot run {cmd[0]} ({what}): {e.strerror}") from None
    except subprocess.TimeoutExpired:
        raise SetupError(f"{cmd[0]} did not answer within 120 s ({what})") from None


def enabled_checks(output):
    lines = output.splitlines()
    try:
        start = next(i for i, l in enumerate(lines) if l.strip() == "Enabled checks:")
    except StopIteration:
        return None
    checks = []
    for line in lines[start + 1:]:
        if not line.startswith(" ") or not line.strip():
            break
        checks.append(line.strip())
    return checks


def registered_rules(toolchain):
    """Every mapsafety-* check the build registers. A plugin that refuses to load
    (another LLVM's build) stops here with its own message: exit 2."""
    out = run(toolchain.prefix() + ["--checks=-*,mapsafety-*", "--list-checks"], "listing checks")
    text = out.stdout + out.stderr
    checks = enabled_checks(out.stdout)
    if out.returncode != 0 or checks is None:
        detail = "\n".join("  " + l for l in text.strip().splitlines()[-12:])
        raise SetupError(f"{toolchain.describe()} failed to list its checks "
                         f"(exit {out.returncode}):\n{detail}")
    rules = [c for c in checks if c.startswith("mapsafety-")]
    if not rules:
        raise SetupError(f"{toolchain.describe()} registers no mapsafety check: the plugin did not load")
    return rules


def ere_escape(text):
    """`text` as a literal in an LLVM (POSIX extended) regular expression."""
    return re.sub(r"([.\[\]()*+?{}|^$\\])", r"\\\1", text)
