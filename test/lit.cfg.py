# -*- Python -*-
# lit configuration for the mapsafety checks. Values come from lit.site.cfg.py,
# which CMake writes into the build directory.
import os
import lit.formats

config.name = "mapsafety"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".c", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "check_mapsafety.py", "tsan_run.py",
                   "example", "break_rule_selftest.py",
                   # the unit tests of lib/ are a suite of their own (unit/lit.cfg.py)
                   "unit"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.mapsafety_obj_root, "test")
# Tests make projects in their scratch dirs (%t). Inside the checkout (build/ is
# the default) those would inherit the repository's git tree and .clang-tidy,
# so scratch output then goes to a temp dir of its own instead.
import hashlib
import tempfile
_src = os.path.realpath(config.mapsafety_src_root) + os.sep
if os.path.realpath(config.test_exec_root).startswith(_src):
    config.test_exec_root = os.path.join(
        tempfile.gettempdir(),
        "mapsafety-lit-" + hashlib.sha1(config.test_exec_root.encode()).hexdigest()[:12])

# `standalone` runs every check test through mapsafety-tidy instead of --load.
driver = lit_config.params.get("driver", "plugin")
if driver == "standalone":
    load_arg, tidy = "", config.mapsafety_tidy
else:
    load_arg, tidy = config.mapsafety_plugin, config.clang_tidy

# `stdlib=libc++` compiles every check test against libc++ instead of libstdc++.
stdlib = lit_config.params.get("stdlib", "")
stdlib_arg = f"--stdlib={stdlib}" if stdlib else ""
if stdlib:
    config.available_features.add(stdlib)

# `checks-override=<checks>` runs those checks instead of the one a test names: with a
# check that never fires, every check test must fail (test/break_rule_selftest.py).
checks_override = lit_config.params.get("checks-override", "")
checks_override_arg = f'--checks-override="{checks_override}"' if checks_override else ""

runner = os.path.join(config.test_source_root, "check_mapsafety.py")
config.substitutions.append(
    ("%check_mapsafety",
     f'"{config.python_executable}" "{runner}" --clang-tidy="{tidy}" --load="{load_arg}" '
     f'--filecheck="{config.filecheck}" --tmp=%t {stdlib_arg} {checks_override_arg}'))
config.substitutions.append(("%clang_tidy", f'"{config.clang_tidy}"'))
config.substitutions.append(("%mapsafety_tidy", f'"{config.mapsafety_tidy}"'))
config.substitutions.append(("%mapsafety_plugin", f'"{config.mapsafety_plugin}"'))
config.substitutions.append(("%mapsafety_checks_lib", f'"{config.mapsafety_checks_lib}"'))
config.substitutions.append(("%filecheck", f'"{config.filecheck}"'))
config.substitutions.append(("%python", f'"{config.python_executable}"'))
config.substitutions.append(("%llvm_major", str(config.llvm_major)))
config.substitutions.append(("%repo_root", config.mapsafety_src_root))
config.substitutions.append(("%obj_root", config.mapsafety_obj_root))

config.available_features.add(f"llvm-{config.llvm_major}")
if config.other_plugin and os.path.exists(config.other_plugin):
    config.available_features.add("other-llvm-build")
    config.substitutions.append(("%other_plugin", f'"{config.other_plugin}"'))
    config.substitutions.append(("%other_llvm_major", str(config.other_llvm_major)))
    config.substitutions.append(
        ("%other_checks_lib",
         os.path.join(os.path.dirname(config.other_plugin),
                      f"libmapsafety-checks-{config.other_llvm_major}.so")))
if os.path.exists(config.mapsafety_tidy):
    config.available_features.add("standalone")

# CI passes --param require-all-features=1: a test that would be UNSUPPORTED
# for want of a build is a setup error there, not a skip.
if lit_config.params.get("require-all-features"):
    for feature in ("other-llvm-build", "standalone"):
        if feature not in config.available_features:
            lit_config.fatal(f"feature '{feature}' is missing: build every version first "
                             "(tools/bootstrap test does)")

# ThreadSanitizer confirmation of complete-program tests (%tsan_run). It needs
# clang's TSan runtime (libclang-rt-22-dev); it runs in the LLVM 22 suite,
# the other suites check the same programs' diagnostics only.
import glob
tsan_clang = "/usr/lib/llvm-22/bin/clang++"
tsan_runtime = glob.glob("/usr/lib/llvm-22/lib/clang/*/lib/*/libclang_rt.tsan*.a")
tsan_script = os.path.join(config.test_source_root, "tsan_run.py")
if config.llvm_major == 22 and tsan_runtime and os.path.exists(tsan_clang):
    config.available_features.add("tsan")
    tsan_skip = ""
elif config.llvm_major == 22:
    tsan_skip = "no TSan runtime (apt-get install libclang-rt-22-dev)"
else:
    tsan_skip = "ThreadSanitizer runs in the LLVM 22 suite"
config.substitutions.append(
    ("%tsan_run",
     f'"{config.python_executable}" "{tsan_script}" --clang="{tsan_clang}" --tmp=%t.tsan '
     + (f'--skip="{tsan_skip}"' if tsan_skip else "")))
if lit_config.params.get("require-all-features") and config.llvm_major == 22 and tsan_skip:
    lit_config.fatal("ThreadSanitizer is required in the LLVM 22 suite: " + tsan_skip)

# Keep the environment small and predictable.
config.environment["LC_ALL"] = "C"

# --- CI gate (test/gate, tools/mapsafety-gate) --------------------------------------
# %mapsafety_gate runs the gate from the source tree; %gate_toolchain pins it to this
# build's clang-tidy and plugin so no test depends on what else is installed.
import shutil
config.substitutions.append(
    ("%mapsafety_gate",
     f'"{config.python_executable}" "{os.path.join(config.mapsafety_src_root, "tools", "mapsafety-gate")}"'))
config.substitutions.append(("%mapsafety_version", config.mapsafety_version))
config.substitutions.append(
    ("%gate_toolchain", f'--clang-tidy "{config.clang_tidy}" --plugin "{config.mapsafety_plugin}"'))
for gate_tool in ("git", "dpkg-deb", "cpack", "dpkg-shlibdeps", "lintian"):
    if shutil.which(gate_tool):
        config.available_features.add(gate_tool)
# The gate reports unknown checks and options through --verify-config where it exists.
import subprocess
try:
    if "--verify-config" in subprocess.run([config.clang_tidy, "--help"], capture_output=True, text=True).stdout:
        config.available_features.add("clang-tidy-verify-config")
except OSError:
    pass  # no clang-tidy: the tests that need it fail on their own, with a clearer message
# git refuses to commit without an identity; tests must not depend on the user's.
for gate_git_var, gate_git_value in (("GIT_AUTHOR_NAME", "mapsafety test"), ("GIT_COMMITTER_NAME", "mapsafety test"),
                                     ("GIT_AUTHOR_EMAIL", "test@mapsafety.invalid"),
                                     ("GIT_COMMITTER_EMAIL", "test@mapsafety.invalid")):
    config.environment[gate_git_var] = gate_git_value
config.environment["GIT_CONFIG_NOSYSTEM"] = "1"
config.environment["GIT_CONFIG_GLOBAL"] = "/dev/null"

# --- Editor integration (test/clangd, tools/mapsafety-clangd) ---------------------------
# %mapsafety_clangd is clangd with our checks linked in, %stock_clangd the same LLVM's
# clangd (to show it lacks them), %neovim a Neovim to drive them from a real editor.
# Where the LLVM ships clangd's static libraries (22 and 19) the binary must have been
# built, so in CI (require-all-features) a missing one fails instead of skipping.
import shutil  # noqa: E402 (the blocks of this file are independent)
clangd_llvm_root = os.path.dirname(os.path.dirname(config.clang_tidy))  # /usr/lib/llvm-NN
clangd_tools = {
    "mapsafety-clangd": os.path.join(config.mapsafety_obj_root, "bin", "mapsafety-clangd"),
    "stock-clangd": os.path.join(clangd_llvm_root, "bin", "clangd"),
    "neovim": shutil.which("nvim") or "",
}
for clangd_feature, clangd_tool in clangd_tools.items():
    if clangd_tool and os.access(clangd_tool, os.X_OK):
        config.available_features.add(clangd_feature)
        config.substitutions.append((f"%{clangd_feature.replace('-', '_')}", f'"{clangd_tool}"'))
config.substitutions.append(("%clangd_inputs", os.path.join(config.test_source_root, "clangd", "Inputs")))
# Where this LLVM's builtin headers are (what mapsafety-clangd must find them in).
import subprocess  # noqa: E402
clangd_clang = os.path.join(clangd_llvm_root, "bin", "clang")
if os.path.exists(clangd_clang):
    config.substitutions.append(("%clang_resource_dir", subprocess.run(
        [clangd_clang, "-print-resource-dir"], stdout=subprocess.PIPE, text=True,
        check=True).stdout.strip()))
if (lit_config.params.get("require-all-features")
        and os.path.exists(os.path.join(clangd_llvm_root, "lib", "libclangdMain.a"))):
    for clangd_feature in clangd_tools:
        if clangd_feature not in config.available_features:
            lit_config.fatal(f"feature '{clangd_feature}' is missing: LLVM {config.llvm_major} ships "
                             "clangd's libraries, so mapsafety-clangd must be built and tested "
                             f"(tools/bootstrap test builds it and installs clangd-{config.llvm_major} "
                             "and neovim)")
