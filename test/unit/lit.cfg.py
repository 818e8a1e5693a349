# -*- Python -*-
# lit configuration of the unit tests of lib/ (GoogleTest): every test case of
# the mapsafety-unit-tests executable is one lit test, so lit (and
# tools/bootstrap's summary) counts them one by one. lit.site.cfg.py, written
# by CMake into BUILD/test/unit, says where the executable is.
import lit.formats

config.name = "mapsafety-unit"
# Executables in the build directory whose names end in "-unit-tests".
config.test_format = lit.formats.GoogleTest(".", "-unit-tests")
config.test_source_root = config.unit_test_dir
config.test_exec_root = config.unit_test_dir
config.environment["LC_ALL"] = "C"
