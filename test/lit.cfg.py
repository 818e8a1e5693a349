# -*- Python -*-
# lit configuration for the mapsafety checks. Values come from lit.site.cfg.py,
# which CMake writes into the build directory.
import os
import lit.formats

config.name = "mapsafety"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".c", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "check_mapsafety.py",
                   "example"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.mapsafety_obj_root, "test")

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

runner = os.path.join(config.test_source_root, "check_mapsafety.py")
config.substitutions.append(
    ("%check_mapsafety",
     f'"{config.python_executable}" "{runner}" --clang-tidy="{tidy}" --load="{load_arg}" '
     f'--filecheck="{config.filecheck}" --tmp=%t {stdlib_arg}'))
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

# Keep the environment small and predictable.
config.environment["LC_ALL"] = "C"
