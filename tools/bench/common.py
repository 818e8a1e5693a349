"""Helpers shared by the bench scripts: finding the plugin, timing one clang-tidy run."""
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TRIVIAL_CHECK = "misc-unused-alias-decls"  # matches namespace aliases only: parse cost
CSA_ITERATOR = ["clang-analyzer-cplusplus.IteratorModeling",
                "clang-analyzer-alpha.cplusplus.InvalidatedIterator",
                "clang-analyzer-alpha.cplusplus.IteratorRange",
                "clang-analyzer-alpha.cplusplus.MismatchedIterator"]
# Without it every TU fails ("checker cannot be enabled with analyzer option
# 'aggressive-binary-operation-simplification' == false"). It has to reach the
# compiler invocation: a clang-analyzer-* CheckOption is applied too late.
CSA_ARGS = ["--allow-enabling-analyzer-alpha-checkers"] + [
    f"--extra-arg={a}" for a in ["-Xclang", "-analyzer-config", "-Xclang",
                                 "aggressive-binary-operation-simplification=true"]]


def find_plugin(build):
    """(clang-tidy command prefix) for the plugin in BUILD (the bench uses --load so
    every configuration runs the very same distribution clang-tidy binary)."""
    plugin = os.path.join(build, "lib", "libmapsafety.so")
    if not os.path.exists(plugin):
        sys.exit(f"bench: no {plugin}; build it: cmake -S {REPO} -B {build} -G Ninja "
                 f"-DMAPSAFETY_LLVM_VERSION=22 && ninja -C {build}")
    tidy = shutil.which("clang-tidy-22") or sys.exit("bench: clang-tidy-22 not found")
    return [tidy, f"--load={plugin}"]


def mapsafety_rules(prefix):
    """The mapsafety rules the plugin registers, from --list-checks."""
    out = subprocess.run(prefix + ["-checks=-*,mapsafety-*", "--list-checks"],
                         capture_output=True, text=True, check=True).stdout
    rules = sorted({w.strip() for w in out.split() if w.strip().startswith("mapsafety-")})
    if not rules:
        sys.exit("bench: the plugin registers no mapsafety-* check")
    return rules


def configs(rules):
    """name -> extra clang-tidy args. Every configuration keeps the trivial check, so
    the difference to 'baseline' is exactly what the added checks cost."""
    base = f"-checks=-*,{TRIVIAL_CHECK}"
    out = {"baseline": [base], "all": [base + ",mapsafety-*"]}
    for r in rules:
        out[r] = [base + "," + r]
    out["csa-iterator"] = [base + "," + ",".join(CSA_ITERATOR)] + CSA_ARGS
    return out


def timed_run(cmd, timeout, cwd=None, env=None, preexec=None):
    """Run CMD; returns dict(rc, wall, cpu = the child's user+sys seconds, rss_kib = its
    peak RSS, timeout, out). rusage comes from os.wait4 on that very child."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=cwd,
                            env=env, start_new_session=True, preexec_fn=preexec)
    chunks = []
    reader = threading.Thread(target=lambda: chunks.extend(iter(lambda: proc.stdout.read(65536), b"")),
                              daemon=True)
    reader.start()
    timed_out = False
    while True:
        pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - start > timeout:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            pid, status, ru = os.wait4(proc.pid, 0)
            break
        time.sleep(0.005)
    wall = time.monotonic() - start
    reader.join(10)
    proc.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
    return {"rc": proc.returncode, "wall": wall, "cpu": ru.ru_utime + ru.ru_stime,
            "rss_kib": ru.ru_maxrss, "timeout": timed_out,
            "out": b"".join(chunks).decode(errors="replace")}


def machine():
    """One line: CPU model, cores, memory, kernel."""
    model = "unknown CPU"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem = 0
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal"):
            mem = int(line.split()[1]) // (1024 * 1024)
    return f"{model}, {os.cpu_count()} cores, {mem} GiB RAM, Linux {os.uname().release}"


def tool_version(cmd):
    out = subprocess.run(cmd + ["--version"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if "version" in line.lower():
            return line.strip()
    return out.strip().splitlines()[0] if out.strip() else "?"


def ensure_packages(pkgs, allow=True):
    """apt-get install the missing PKGS (apt-get update first), like tools/bootstrap."""
    missing = []
    for p in pkgs:
        r = subprocess.run(["dpkg-query", "-W", "-f=${Status}", p], capture_output=True, text=True)
        if "install ok installed" not in r.stdout:
            missing.append(p)
    if not missing:
        return
    if not allow:
        sys.exit(f"bench: missing packages {missing}")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(sudo + ["apt-get", "update", "-q"], check=True, env=env)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-q", "--no-install-recommends"] + missing,
                   check=True, env=env)
