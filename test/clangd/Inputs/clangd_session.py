"""Drives a clangd over LSP on the sample project and prints what an editor would get.

clangd_session.py --clangd BIN --work DIR [--clangd-config YAML] [--no-clang-tidy-file]
                  [--no-nolint] [--source FILE] [--compile-args ARGS] [--quickfix] [--edit]
                  [--links] [--features] [-- SERVER-ARGS...]

Copies Inputs/project to DIR (a fresh directory), writes its compile_commands.json,
starts BIN with a private user-config and cache directory, opens
src/session_table.cpp and prints the diagnostics of version 1, one line each
(1-based `line:col-line:col: severity: message [code] source=...`, notes indented
below). `--source FILE` puts FILE in src/ and opens it instead; `--compile-args`
replaces the compile command's flags (`-std=c++17 -Wall`), e.g. with a --target.
Then:
  --quickfix  for every mapsafety diagnostic, the quick fixes offered and the
              file's changed lines once the fix is applied; then sends the fixed
              file (didChange) and prints the new diagnostics.
  --edit      sends edits as a user would type them: a half-typed statement (the
              server must survive it), then the range-for loop rewritten by hand;
              prints the diagnostics of each version.
  --links     prints the file each #include resolves to (textDocument/documentLink):
              stddef.h shows which builtin-header directory the server uses.
  --rule-links prints each diagnostic's rule link (codeDescription.href).
  --features  prints what clangd's other features answer on the fixable loop:
              the refactorings offered on `auto`, completion after `byId.`, hover.
Arguments after `--` go to the server.
Every wait is bounded (MAPSAFETY_LSP_TIMEOUT, default 60 s); a server that does
not answer fails the test with the tail of its log.
"""
import argparse
import json
import os
import shlex
import shutil
import sys
import urllib.parse

import lsp

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join("src", "session_table.cpp")
OURS = "mapsafety-"


DEFAULT_FLAGS = ["-std=c++17", "-Wall"]


def set_up_project(work, clangd_config, clang_tidy_file=True, nolint=True, source=None,
                   flags=DEFAULT_FLAGS, view=None):
    """A copy of the sample project under `work`, with a compile database.
    nolint=False defuses the sample's NOLINT comments (to show what they hide);
    `source` replaces the sample (the file opened is then src/<its name>), and
    `flags` are the compiler flags of its compile command."""
    if os.path.exists(work):
        shutil.rmtree(work)
    shutil.copytree(os.path.join(HERE, "project"), work)
    if not clang_tidy_file:
        os.remove(os.path.join(work, ".clang-tidy"))
    path = os.path.join(work, SAMPLE)
    if source is not None:
        os.remove(path)
        path = os.path.join(work, "src", os.path.basename(source))
        shutil.copyfile(source, path)
    if not nolint:
        with open(path, encoding="utf-8") as f:
            text = f.read().replace("NOLINT", "NOLNT")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    with open(os.path.join(work, "compile_commands.json"), "w", encoding="utf-8") as f:
        json.dump([{"directory": work, "file": path,
                    "arguments": ["c++", *flags, "-c", path, "-o", "/dev/null"]}], f)
    if clangd_config is not None:
        with open(os.path.join(work, ".clangd"), "w", encoding="utf-8") as f:
            f.write(clangd_config.replace("\\n", "\n"))
    if view is not None:  # where the gate leaves it: beside compile_commands.json
        shutil.copyfile(view, os.path.join(work, "mapsafety-view.json"))
    return path


def server_environment(work):
    """The caller's environment, with clangd's user config and cache kept in `work`:
    a developer's ~/.config/clangd/config.yaml must not change what the test sees.
    That user config only turns off the background index of the standard library,
    which would cost each test a second of CPU and changes no diagnostic."""
    env = dict(os.environ)
    env["XDG_CONFIG_HOME"] = os.path.join(work, ".xdg-config")
    env["XDG_CACHE_HOME"] = os.path.join(work, ".xdg-cache")
    os.makedirs(os.path.join(env["XDG_CONFIG_HOME"], "clangd"), exist_ok=True)
    with open(os.path.join(env["XDG_CONFIG_HOME"], "clangd", "config.yaml"), "w", encoding="utf-8") as f:
        f.write("Index:\n  StandardLibrary: No\n")
    return env


def print_diagnostics(title, diagnostics):
    print(f"== {title}: {len(diagnostics)} diagnostics")
    for diagnostic in sorted(diagnostics, key=lambda d: (d["range"]["start"]["line"],
                                                        d["range"]["start"]["character"])):
        print(lsp.format_diagnostic(diagnostic))


def replace_once(text, old, new):
    if text.count(old) != 1:
        sys.exit(f"clangd_session.py: the sample no longer contains exactly one {old!r}")
    return text.replace(old, new)


def changed_lines(before, after):
    """The lines of `after` between the lines it shares with `before` at its start and
    at its end, numbered as in `after`: what an edit changed."""
    old, new = before.splitlines(), after.splitlines()
    first = 0
    while first < min(len(old), len(new)) and old[first] == new[first]:
        first += 1
    last_old, last_new = len(old), len(new)
    while last_old > first and last_new > first and old[last_old - 1] == new[last_new - 1]:
        last_old, last_new = last_old - 1, last_new - 1
    return [f"{first + i + 1}: {line}" for i, line in enumerate(new[first:last_new])]


class Document:
    """The open file and its version, as an editor keeps them."""

    def __init__(self, server, path, text):
        self.server, self.path, self.text, self.version = server, path, text, 1
        server.open(path, text, version=1)

    def diagnostics(self):
        return self.server.wait_diagnostics(self.path, self.version)

    def change(self, text):
        self.text, self.version = text, self.version + 1
        self.server.change(self.path, text, self.version)
        return self.diagnostics()


def print_include_links(server, path):
    links = server.request("textDocument/documentLink", {"textDocument": {"uri": lsp.uri_of(path)}})
    for link in sorted(links or [], key=lambda l: l["range"]["start"]["line"]):
        target = urllib.parse.unquote(urllib.parse.urlparse(link["target"]).path)
        print(f"include at line {link['range']['start']['line'] + 1}: {target}")


def print_features(server, path, text):
    """Stock clangd features on `for (auto it = byId.begin(); ...`: whatever they
    answer, mapsafety-clangd must answer the same."""
    lines = text.splitlines()
    line = next(i for i, l in enumerate(lines) if "for (auto it = byId.begin()" in l)
    document = {"uri": lsp.uri_of(path)}

    def position(needle, after=False):
        return {"line": line, "character": lines[line].index(needle) + (len(needle) if after else 0)}
    print("== features")
    auto = {"start": position("auto"), "end": position("auto", after=True)}
    actions = server.request("textDocument/codeAction", {
        "textDocument": document, "range": auto, "context": {"diagnostics": []}}) or []
    print("code actions on 'auto': " + "; ".join(f"{a['title']} ({a.get('kind')})" for a in actions))
    completion = server.request("textDocument/completion", {
        "textDocument": document, "position": position("byId.", after=True)})
    items = completion["items"] if isinstance(completion, dict) else completion or []
    erase = sorted(i["label"].strip() for i in items if i["label"].strip().startswith("erase("))
    print(f"completion after 'byId.': {len(items)} items; " + "; ".join(erase))
    hover = server.request("textDocument/hover", {"textDocument": document,
                                                  "position": position("byId.")}) or {}
    value = hover.get("contents", {}).get("value", "")
    print("hover on 'byId': " + " | ".join(l for l in value.splitlines() if l.strip()))


def quickfix(doc, diagnostics):
    server, path, text = doc.server, doc.path, doc.text
    fixed = text
    for diagnostic in diagnostics:
        if not str(diagnostic.get("code", "")).startswith(OURS):
            continue
        start = diagnostic["range"]["start"]
        actions = server.code_actions(path, diagnostic)
        print(f"== quick fixes at {start['line'] + 1}:{start['character'] + 1}: {len(actions)}")
        for action in actions:
            edits = action.get("edit", {}).get("changes", {}).get(lsp.uri_of(path), [])
            print(f"action kind={action.get('kind')} preferred={action.get('isPreferred', False)}"
                  f" edits={len(edits)}: {action['title']}")
            after = lsp.apply_edits(text, edits)
            for line in changed_lines(text, after):
                print(f"  fixed {line}")
            fixed = lsp.apply_edits(fixed, edits)
    print_diagnostics(f"after applying the quick fixes (version {doc.version + 1})",
                      doc.change(fixed))


def edit(doc):
    text = doc.text
    # Mid-typing: an unfinished statement inside the loop the check analyses.
    typing = replace_once(text, "      sessions.erase(id);\n", "      sessions.erase(id\n")
    print_diagnostics(f"half-typed edit (version {doc.version + 1})", doc.change(typing))
    # The range-for loop rewritten with the iterator idiom (`it = erase(it)`).
    fixed = replace_once(
        text,
        "  for (auto &[id, s] : sessions)\n    if (s.expired)\n      sessions.erase(id);\n",
        "  for (auto it = sessions.begin(); it != sessions.end();)\n"
        "    if (it->second.expired)\n      it = sessions.erase(it);\n    else\n      ++it;\n")
    print_diagnostics(f"range-for loop fixed by hand (version {doc.version + 1})", doc.change(fixed))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clangd", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--clangd-config", help="contents of the project's .clangd (\\n for newlines)")
    parser.add_argument("--no-clang-tidy-file", action="store_true",
                        help="configure through .clangd alone: remove the project's .clang-tidy")
    parser.add_argument("--no-nolint", action="store_true",
                        help="defuse the sample's NOLINT comments (NOLINT -> NOLNT)")
    parser.add_argument("--source", help="open this file (copied into src/) instead of the sample")
    parser.add_argument("--view", help="a project view to put beside compile_commands.json")
    parser.add_argument("--compile-args", help="the compiler flags of the compile command, "
                        "one string split as a shell would (default: " + " ".join(DEFAULT_FLAGS) + ")")
    parser.add_argument("--quickfix", action="store_true")
    parser.add_argument("--edit", action="store_true")
    parser.add_argument("--links", action="store_true")
    parser.add_argument("--features", action="store_true")
    parser.add_argument("--rule-links", action="store_true",
                        help="print each diagnostic's rule link (codeDescription.href)")
    parser.add_argument("server_args", nargs="*", help="after --: more arguments for the server")
    args = parser.parse_args()

    work = os.path.abspath(args.work)
    if args.no_clang_tidy_file:
        # clangd looks for .clang-tidy in every parent directory: a build tree
        # inside a checkout would pick up the repository's own lint config.
        # Without the project's file, work where no parent has one.
        import tempfile
        work = os.path.join(tempfile.mkdtemp(prefix="mapsafety-clangd-"), "project")
    flags = DEFAULT_FLAGS if args.compile_args is None else shlex.split(args.compile_args)
    path = set_up_project(work, args.clangd_config, clang_tidy_file=not args.no_clang_tidy_file,
                          nolint=not args.no_nolint,
                          source=os.path.abspath(args.source) if args.source else None,
                          flags=flags, view=args.view)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # --log=info: the log (in DIR/clangd.log) is what a failure message shows.
    cmd = [args.clangd, "--log=info", "--background-index=false", *args.server_args]
    with lsp.LspServer(cmd, work, log_path=os.path.join(work, "clangd.log"),
                       env=server_environment(work)) as server:
        server.initialize()
        doc = Document(server, path, text)
        diagnostics = doc.diagnostics()
        print_diagnostics("opened (version 1)", diagnostics)
        if args.links:
            print_include_links(server, path)
        if args.rule_links:
            for d in sorted(diagnostics, key=lambda d: d["range"]["start"]["line"]):
                href = d.get("codeDescription", {}).get("href", "(none)")
                print(f"rule link {d['range']['start']['line'] + 1} [{d.get('code', '')}]: {href}")
        if args.features:
            print_features(server, path, text)
        if args.quickfix:
            quickfix(doc, diagnostics)
        if args.edit:
            edit(doc)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (lsp.LspError, OSError) as err:
        sys.exit(f"clangd_session.py: {err}")
