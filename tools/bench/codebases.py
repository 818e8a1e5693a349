#!/usr/bin/env python3
"""Fetch, configure and cache the real code bases the benchmarks run on.

    tools/bench/codebases.py [--work-dir build/bench] [--only leveldb,rocksdb] [--no-install]

For each code base below: `apt-get source NAME=VERSION` (exact Debian version; a
deb-src entry for the mirror and suites of the machine's own deb entries is added
when missing), install what its configure step needs, configure it with CMake
(clang-22, compile_commands.json; nothing is compiled) and record the result in
WORK/<name>/ready.json. A second run reuses the cache. Fetched source is never part
of the repository: WORK defaults to build/bench/, which git ignores.

Also a library for the other bench scripts: `prepare(work, names)` returns, per code
base, its source dir, compile database and translation units.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC_LIST = "/etc/apt/sources.list.d/mapsafety-bench-src.sources"

# Multi-threaded C++ code bases that keep their state in std::map / unordered_map
# behind mutexes. Pinned by exact Debian (bookworm) version.
CODEBASES = [
    {"name": "leveldb", "source": "leveldb", "version": "1.23-4",
     "packages": ["libsnappy-dev", "libgmock-dev", "libgtest-dev"],
     "cmake": ["-DLEVELDB_BUILD_TESTS=ON", "-DLEVELDB_BUILD_BENCHMARKS=OFF",
               "-DLEVELDB_INSTALL=OFF"]},
    {"name": "rocksdb", "source": "rocksdb", "version": "7.8.3-2",
     "packages": ["libsnappy-dev", "libbz2-dev", "zlib1g-dev", "liblz4-dev", "libzstd-dev"],
     "cmake": ["-DWITH_TESTS=OFF", "-DWITH_BENCHMARK_TOOLS=OFF", "-DWITH_TOOLS=OFF",
               "-DWITH_CORE_TOOLS=OFF", "-DWITH_GFLAGS=OFF", "-DFAIL_ON_WARNINGS=OFF",
               "-DPORTABLE=ON", "-DWITH_SNAPPY=ON", "-DWITH_LZ4=ON", "-DWITH_ZSTD=ON",
               "-DWITH_ZLIB=ON", "-DWITH_BZ2=ON", "-DROCKSDB_BUILD_SHARED=OFF"]},
    {"name": "zeromq", "source": "zeromq3", "version": "4.3.4-6",
     "packages": [],
     "cmake": ["-DBUILD_TESTS=OFF", "-DWITH_DOCS=OFF", "-DWITH_LIBSODIUM=OFF",
               "-DENABLE_CURVE=OFF", "-DWITH_PERF_TOOL=OFF", "-DBUILD_STATIC=OFF"]},
]
TOOLS = ["dpkg-dev", "cmake", "ninja-build", "clang-22"]


def log(msg):
    print(f"codebases: {msg}", file=sys.stderr, flush=True)


def have_package(pkg):
    r = subprocess.run(["dpkg-query", "-W", "-f=${Status}", pkg], capture_output=True, text=True)
    return r.returncode == 0 and "install ok installed" in r.stdout


_updated = []


def apt_install(pkgs, allow):
    """Install the missing ones of PKGS with apt-get (apt-get update first, once)."""
    missing = [p for p in pkgs if not have_package(p)]
    if not missing:
        return
    if not allow:
        sys.exit(f"codebases: missing packages {missing} (run without --no-install)")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if not _updated:
        subprocess.run(sudo + ["apt-get", "update", "-q"], check=True, env=env)
        _updated.append(True)
    log(f"installing {' '.join(missing)}")
    subprocess.run(sudo + ["apt-get", "install", "-y", "-q", "--no-install-recommends"] + missing,
                   check=True, env=env)


def ensure_deb_src(allow):
    """Add deb-src for the same mirrors and suites as the machine's deb entries."""
    have = False
    entries = []
    for path in ["/etc/apt/sources.list"] + glob.glob("/etc/apt/sources.list.d/*.list"):
        if os.path.exists(path):
            for line in open(path):
                words = line.split("#")[0].split()
                if words and words[0] == "deb-src":
                    have = True
                elif words and words[0] == "deb" and "debian.org" in line:
                    opts = [w for w in words[1:] if w.startswith("[")]
                    rest = [w for w in words[1:] if not w.startswith("[")]
                    entries.append((rest[0], [rest[1]], rest[2:], opts))
    for path in glob.glob("/etc/apt/sources.list.d/*.sources"):
        for stanza in open(path).read().split("\n\n"):
            fields = {}
            for line in stanza.splitlines():
                if ":" in line and not line.startswith("#"):
                    key, value = line.split(":", 1)
                    fields[key.strip()] = value.strip()
            types = fields.get("Types", "").split()
            if "deb-src" in types:
                have = True
            if "deb" in types and "debian.org" in fields.get("URIs", ""):
                entries.append((fields["URIs"], fields.get("Suites", "").split(),
                                fields.get("Components", "main").split(),
                                fields.get("Signed-By")))
    if have:
        return False
    if not allow:
        sys.exit("codebases: no deb-src entry in the apt sources (run without --no-install)")
    stanzas = []
    for uri, suites, comps, signed in entries:
        st = f"Types: deb-src\nURIs: {uri}\nSuites: {' '.join(suites)}\nComponents: {' '.join(comps)}\n"
        if isinstance(signed, str) and signed:
            st += f"Signed-By: {signed}\n"
        stanzas.append(st)
    log(f"adding deb-src entries to {SRC_LIST}")
    with open(SRC_LIST, "w") as f:
        f.write("\n".join(stanzas))
    return True


def fetch(cb, work, allow):
    """apt-get source NAME=VERSION into WORK/<name>/; returns the source directory."""
    top = os.path.join(work, cb["name"])
    os.makedirs(top, exist_ok=True)
    upstream = re.sub(r"^\d+:", "", cb["version"]).rsplit("-", 1)[0]
    srcdir = os.path.join(top, f"{cb['source']}-{upstream}")
    if os.path.isdir(srcdir):
        return srcdir
    added = ensure_deb_src(allow)
    known = subprocess.run(["apt-cache", "showsrc", cb["source"]], capture_output=True, text=True)
    if added or f"Version: {cb['version']}\n" not in known.stdout:
        if not allow:
            sys.exit(f"codebases: apt does not know {cb['source']}={cb['version']}")
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        subprocess.run(sudo + ["apt-get", "update", "-q"], check=True)
        _updated.append(True)
    log(f"apt-get source {cb['source']}={cb['version']}")
    subprocess.run(["apt-get", "source", "-q", f"{cb['source']}={cb['version']}"], cwd=top,
                   check=True, stdout=subprocess.DEVNULL)
    if not os.path.isdir(srcdir):
        sys.exit(f"codebases: apt-get source did not create {srcdir}")
    return srcdir


def configure(cb, srcdir, work):
    """CMake configure only; returns the build dir holding compile_commands.json."""
    bdir = os.path.join(work, cb["name"], "build")
    db = os.path.join(bdir, "compile_commands.json")
    if os.path.exists(db):
        return bdir
    log(f"configuring {cb['name']}")
    cmd = ["cmake", "-S", srcdir, "-B", bdir, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
           "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON", "-DCMAKE_C_COMPILER=clang-22",
           "-DCMAKE_CXX_COMPILER=clang++-22"] + cb["cmake"]
    with open(os.path.join(work, cb["name"], "configure.log"), "w") as out:
        subprocess.run(cmd, check=True, stdout=out, stderr=subprocess.STDOUT)
    return bdir


def translation_units(bdir, srcdir):
    """The C and C++ TUs of the compile database that are files of the code base itself
    (not generated into the build directory), sorted."""
    seen, tus = set(), []
    for e in json.load(open(os.path.join(bdir, "compile_commands.json"))):
        path = os.path.normpath(os.path.join(e["directory"], e["file"]))
        if path in seen or not os.path.exists(path) or not path.startswith(srcdir + os.sep):
            continue
        if not re.search(r"\.(c|cc|cpp|cxx)$", path):
            continue
        seen.add(path)
        tus.append(path)
    return sorted(tus)


def unique_db(bdir, dbdir):
    """A copy of the compile database with one command per file (leveldb compiles
    util/testutil.cc into 30 test programs, and clang-tidy -p runs every command for a
    file). Returns the directory to pass to -p."""
    seen, entries = set(), []
    for e in json.load(open(os.path.join(bdir, "compile_commands.json"))):
        path = os.path.normpath(os.path.join(e["directory"], e["file"]))
        if path not in seen:
            seen.add(path)
            entries.append(e)
    os.makedirs(dbdir, exist_ok=True)
    with open(os.path.join(dbdir, "compile_commands.json"), "w") as f:
        json.dump(entries, f, indent=1)
    return dbdir


def count_lines(paths):
    total = 0
    for p in paths:
        with open(p, "rb") as f:
            total += sum(1 for _ in f)
    return total


def prepare(work, names=None, allow_install=True):
    """Fetch and configure the code bases; returns a list of dicts (name, version,
    srcdir, builddir = the directory of the deduplicated compile database, tus, tu_lines)."""
    work = os.path.abspath(work)
    os.makedirs(work, exist_ok=True)
    chosen = [cb for cb in CODEBASES if not names or cb["name"] in names]
    apt_install(TOOLS + sorted({p for cb in chosen for p in cb["packages"]}), allow_install)
    result = []
    for cb in chosen:
        ready = os.path.join(work, cb["name"], "ready.json")
        if os.path.exists(ready):
            info = json.load(open(ready))
            if info.get("version") == cb["version"]:
                result.append(info)
                continue
        srcdir = fetch(cb, work, allow_install)
        bdir = configure(cb, srcdir, work)
        tus = translation_units(bdir, srcdir)
        info = {"name": cb["name"], "source": cb["source"], "version": cb["version"],
                "srcdir": srcdir, "builddir": unique_db(bdir, os.path.join(work, cb["name"], "db")),
                "tus": tus, "tu_lines": count_lines(tus)}
        with open(ready, "w") as f:
            json.dump(info, f, indent=1)
        result.append(info)
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work-dir", default=os.path.join(REPO, "build", "bench"))
    ap.add_argument("--only", help="comma-separated code base names")
    ap.add_argument("--no-install", action="store_true", help="never call apt-get")
    args = ap.parse_args()
    names = args.only.split(",") if args.only else None
    for info in prepare(args.work_dir, names, not args.no_install):
        print(f"{info['name']:10} {info['source']}={info['version']:16} {len(info['tus']):5} TUs "
              f"{info['tu_lines'] / 1000:7.1f} kLOC  {info['builddir']}")


if __name__ == "__main__":
    main()
