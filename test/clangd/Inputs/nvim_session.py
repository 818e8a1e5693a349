"""Runs headless Neovim with nvim_init.lua on the sample project and prints what it wrote.

nvim_session.py --nvim NVIM --clangd BIN --work DIR [--init-from-doc MD --check LUA]

--init-from-doc: instead of nvim_init.lua, the user config is the first ```lua block
of MD that starts a client with vim.lsp.start_client (as a user would copy it), with
`mapsafety-clangd` found on PATH (BIN); then --check LUA runs (-c luafile) and
writes the output.

Neovim gets a fresh copy of the sample project (as clangd_session.py makes it), a
private HOME and XDG directories (no user config or plugins), and a hard time
limit: on expiry it is killed and the test fails.
"""
import argparse
import os
import re
import subprocess
import sys

import clangd_session
import lsp

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nvim", required=True)
    parser.add_argument("--clangd", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--init-from-doc")
    parser.add_argument("--check")
    args = parser.parse_args()

    work = os.path.abspath(args.work)
    path = clangd_session.set_up_project(work, clangd_config=None)
    out = os.path.join(work, "nvim-output.txt")
    env = clangd_session.server_environment(work)
    timeout = lsp.DEFAULT_TIMEOUT
    env.update({"HOME": work, "XDG_DATA_HOME": os.path.join(work, ".xdg-data"),
                "XDG_STATE_HOME": os.path.join(work, ".xdg-state"),
                "MAPSAFETY_CLANGD": os.path.abspath(args.clangd), "MAPSAFETY_ROOT": work,
                "MAPSAFETY_OUT": out, "MAPSAFETY_TIMEOUT_MS": str(int(timeout * 1000))})
    init, extra = os.path.join(HERE, "nvim_init.lua"), []
    if args.init_from_doc:
        init = os.path.join(work, "init.lua")
        with open(args.init_from_doc, encoding="utf-8") as f:
            blocks = re.findall(r"^```lua\n(.*?)^```", f.read(), re.M | re.S)
        block = next((b for b in blocks if "vim.lsp.start_client" in b), None)
        if block is None:
            sys.exit(f"nvim_session.py: no ```lua block with vim.lsp.start_client in {args.init_from_doc}")
        with open(init, "w", encoding="utf-8") as f:
            f.write(block)
        bindir = os.path.join(work, ".bin")
        os.makedirs(bindir, exist_ok=True)
        os.symlink(os.path.abspath(args.clangd), os.path.join(bindir, "mapsafety-clangd"))
        env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    if args.check:
        extra = ["-c", "luafile " + os.path.abspath(args.check)]
    # A user's init.lua relies on filetype detection (the FileType event), which
    # --noplugin would leave off; HOME and XDG are private, so no plugin loads anyway.
    noplugin = [] if args.init_from_doc else ["--noplugin"]
    cmd = [args.nvim, "--headless", "-n", "-i", "NONE", *noplugin, "-u", init, path, *extra]
    try:
        # Neovim's waits are bounded by MAPSAFETY_TIMEOUT_MS; this bounds Neovim.
        result = subprocess.run(cmd, cwd=work, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                timeout=2 * timeout + 30, check=False)
    except subprocess.TimeoutExpired:
        sys.exit(f"nvim_session.py: Neovim did not finish within {2 * timeout + 30:g}s")
    if os.path.exists(out):
        with open(out, encoding="utf-8") as f:
            sys.stdout.write(f.read())
    if result.returncode != 0:
        sys.stdout.write(result.stdout.decode("utf-8", "replace"))
        sys.exit(f"nvim_session.py: Neovim exited with status {result.returncode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
