"""The project view: the facts every translation unit wrote, merged (docs/design.md,
"Project facts").

`merge` builds the view from facts files: the call graph across files, the locks
held on every path into each function (a greatest fixpoint over that graph; a
function nobody calls, whose address is taken, that is virtual or a lambda is
an entry and can count on nothing), whether each function publishes `this`
(a least fixpoint over calls on `this`), and whether it only runs before its
object is published. `judge` decides a premise against the view exactly as
lib/concurrency/ProjectView.cpp does; `rejudge` applies it to one unit's
findings. Linear in the number of calls, apart from the lock sets' sizes.
"""

import argparse
import collections
import json
import os
import re
import sys

from . import jsonfiles
from .errors import SetupError

FACTS_FORMAT = "mapsafety-facts"
FACTS_VERSION = 2
VIEW_FORMAT = "mapsafety-project-view"
VIEW_VERSION = 2
FACTS_SUFFIX = ".facts.json"

# A lock set nothing is known about (a call whose locks were unknown, or an
# unidentified lock held there): it may hold anything, so it clears everything.
ANY = None


# A facts file that cannot be read, or no facts at all: a setup error (exit 2).
FactsError = SetupError


def read_facts(path):
    return jsonfiles.read_versioned(path, FACTS_FORMAT, FACTS_VERSION, "facts file",
                                    "run the checks again to rewrite it")


def facts_files(directories):
    out = []
    for d in directories:
        if os.path.isfile(d):
            out.append(d)
            continue
        for root, _dirs, files in os.walk(d):
            out.extend(os.path.join(root, f) for f in files if f.endswith(FACTS_SUFFIX))
    return sorted(out)


def _held(locks):
    """{key: shared} of a call's locks, or ANY."""
    if locks == "unknown" or any(lock["key"] == "*" for lock in locks):
        return ANY
    held = {}
    for lock in locks:
        held[lock["key"]] = held.get(lock["key"], True) and lock["shared"]
    return held


def _intersect(a, b):
    if a is ANY:
        return b
    if b is ANY:
        return a
    return {k: a[k] or b[k] for k in a.keys() & b.keys()}


def _union(a, b):
    if a is ANY or b is ANY:
        return ANY
    out = dict(a)
    for k, shared in b.items():
        out[k] = out.get(k, True) and shared
    return out


def _locks_json(held):
    if held is ANY:
        return [{"key": "*", "shared": False}]
    return [{"key": k, "shared": held[k]} for k in sorted(held)]


class Collected:
    """The facts of many files with each function once: what the merge needs, read
    one file at a time (every TU repeats the functions of the headers it includes)."""

    def __init__(self):
        self.functions = {}
        self.premises = []
        self.files = 0

    def add(self, doc):
        self.files += 1
        for fn in doc["functions"]:
            known = self.functions.get(fn["usr"])
            if known is None or known.get("quiet"):
                self.functions[fn["usr"]] = fn
        # inline functions of headers that call and publish nothing
        for usr in doc.get("quiet_functions", ()):
            if usr not in self.functions:
                self.functions[usr] = {"usr": usr, "name": "", "file": "", "line": 0, "kind": "function",
                                       "virtual": False, "overrides": [], "publishes_this": False,
                                       "address_taken": [], "calls": [], "params": [], "quiet": True}
        self.premises.extend(doc["premises"])
        return self

    def as_doc(self):
        """One facts document holding all of them (what a shard hands to `merge`)."""
        return {"format": FACTS_FORMAT, "version": FACTS_VERSION, "main_file": "",
                "functions": [self.functions[u] for u in sorted(self.functions)], "premises": self.premises}


def collect(docs):
    out = Collected()
    for doc in docs:
        out.add(doc)
    return out


class _Graph:
    def __init__(self, collected):
        self.functions = collected.functions
        self.address_taken = {u for fn in self.functions.values() for u in fn["address_taken"]}
        overriders = collections.defaultdict(set)
        for usr, fn in self.functions.items():
            for base in fn["overrides"]:
                overriders[base].add(usr)
        self.calls_to = collections.defaultdict(list)
        for usr in sorted(self.functions):
            fn = self.functions[usr]
            for call in fn["calls"]:
                for target in self._targets(call["callee"], overriders):
                    self.calls_to[target].append((fn, call))

    @staticmethod
    def _targets(callee, overriders):
        """The callee and, for a virtual call, every override below it."""
        out, work = {callee}, [callee]
        while work:
            for o in overriders.get(work.pop(), ()):
                if o not in out:
                    out.add(o)
                    work.append(o)
        return out

    def is_entry(self, usr):
        fn = self.functions[usr]
        return (not self.calls_to.get(usr) or usr in self.address_taken or fn["kind"] == "lambda"
                or fn["virtual"])

    def reachable(self):
        """Functions some entry reaches; the rest (a cycle nobody enters) count on nothing."""
        seen = {u for u in self.functions if self.is_entry(u)}
        work = list(seen)
        while work:
            for call in self.functions[work.pop()]["calls"]:
                callee = call["callee"]
                if callee in self.functions and callee not in seen:
                    seen.add(callee)
                    work.append(callee)
        return seen


def _entry_locks(graph, reachable):
    entry = {u: ({} if graph.is_entry(u) or u not in reachable else ANY) for u in graph.functions}

    def at_call(caller, call):
        """What the callee can count on from one call: the locks held there and the
        caller's own entry locks; mutexes of `this` only through calls on `this`."""
        held = _union(_held(call["locks"]), entry[caller["usr"]])
        if call["receiver"] != "this" and held is not ANY:
            held = {k: s for k, s in held.items() if k.startswith("static:")}
        return held

    work = collections.deque(u for u in sorted(graph.functions) if entry[u] is ANY)
    queued = set(work)
    while work:
        usr = work.popleft()
        queued.discard(usr)
        value = ANY
        for caller, call in graph.calls_to[usr]:
            value = _intersect(value, at_call(caller, call))
        if value != entry[usr]:
            entry[usr] = value
            for call in graph.functions[usr]["calls"]:
                callee = call["callee"]
                if callee in graph.functions and not graph.is_entry(callee) and callee not in queued:
                    work.append(callee)
                    queued.add(callee)
    return entry, at_call


def _safe_handoff(handoff, functions):
    """Passing an object to this parameter cannot publish it: the callee neither lets
    the parameter escape nor stores it anywhere but its own object, and that object is
    the caller's (a call on `this`, or a constructor building a fresh holder)."""
    params = functions.get(handoff["callee"], {}).get("params")
    if not params or handoff["param"] >= len(params):
        return False
    p = params[handoff["param"]]
    return not p["escapes"] and (not p["stored"] or handoff["on_this"])


def _may_publish_this(graph):
    publishes = {u: fn["publishes_this"] or not all(_safe_handoff(h, graph.functions)
                                                    for h in fn.get("this_handoffs", ()))
                 for u, fn in graph.functions.items()}
    this_callers = collections.defaultdict(list)
    for usr, fn in graph.functions.items():
        for call in fn["calls"]:
            if call["receiver"] == "this":
                if call["callee"] not in graph.functions:
                    publishes[usr] = True  # a callee we know nothing of
                this_callers[call["callee"]].append(usr)
    work = [u for u, p in publishes.items() if p]
    while work:
        for caller in this_callers.get(work.pop(), ()):
            if not publishes[caller]:
                publishes[caller] = True
                work.append(caller)
    return publishes


def _prepublication(graph, reachable, publishes):
    """A greatest fixpoint, as a worklist: a function stops being pre-publication when
    one call into it is not, which it can only become when its caller stops being."""
    def local(call):
        return (not call.get("escaped_before", True)
                and not any(publishes.get(u, True) for u in call.get("calls_before", ()))
                and all(_safe_handoff(h, graph.functions) for h in call.get("handoffs_before", ())))

    prepub = {}
    for usr in graph.functions:
        prepub[usr] = not graph.is_entry(usr) and usr in reachable and all(
            local(call) and call["receiver"] in ("fresh", "this") for _caller, call in graph.calls_to[usr])
    work = [u for u in sorted(graph.functions) if not prepub[u]]
    while work:
        caller = graph.functions[work.pop()]
        if caller["kind"] == "constructor":
            continue  # `this` of a constructor is unpublished whoever calls it
        for call in caller["calls"]:
            callee = call["callee"]
            if call["receiver"] == "this" and prepub.get(callee):
                prepub[callee] = False
                work.append(callee)
    return prepub


# --- Thread roles across files: which executor threads run each function.
#
# A callable handed on (`pool.submit(fn)`, a lambda stored in a member and
# passed later) reaches an executor's submission point; the executor instance
# is named by the chain of objects the calls go through, relative to the
# object whose method made the lambda (`rel:`) or from a static object on
# (`abs:`). A function's roles are the executor threads that run it: a
# lambda's where it is handed, any other function's its callers' (a least
# fixpoint). A function may also run on any thread (an entry, a caller that
# may, a callable that also goes where the view cannot follow): its blame is
# the note that says why, and it is never confined.

_MAX_CHAIN = 16


def _field_name(usr):
    """A field's or variable's name from its USR, for messages only."""
    return re.split(r"[@:]", usr)[-1]


def _at(fn_or_call, message):
    return {"message": message + " (project view)", "file": fn_or_call["file"],
            "line": fn_or_call["line"], "column": fn_or_call.get("column", 1),
            "offset": fn_or_call.get("offset", 0)}


class _Role:
    """One executor (its threads) reached through one chain of objects."""

    def __init__(self, sink, chain, absolute):
        self.key = f"{sink['executor']}@{'abs' if absolute else 'rel'}:{'/'.join(chain)}"
        self.name, self.serial, self.absolute = sink["executor_name"], sink["serial"], absolute
        self.submission = sink["function"]
        self.path = ", ".join(f"'{_field_name(v.split(',')[-1])}'" for v in chain) or "'this'"


class _Flows:
    """Where callables go: holders are `member:<USR>` (of `this`) and
    `param:<function USR>:<index>`; the other uses of each holder."""

    def __init__(self, functions):
        self.functions = functions
        self.edges = collections.defaultdict(list)
        self.other = set()
        for usr in sorted(functions):
            fn = functions[usr]
            for f in fn.get("callable_flows", ()):
                target = f["to"] if f["to"].startswith("member:") else f"param:{f['to']}:{f['param']}"
                self.edges[self._holder(usr, f["from"])].append((target, f["via"]))
            for use in fn.get("callable_other_uses", ()):
                self.other.add(self._holder(usr, use))

    @staticmethod
    def _holder(usr, source):
        return f"param:{usr}:{source[6:]}" if source.startswith("param:") else source

    def _sink(self, holder):
        """The submission a parameter holder is ({executor, executor_name,
        serial, function}), None for a callee the project does not define,
        or False."""
        if not holder.startswith("param:"):
            return False
        usr, index = holder[6:].rsplit(":", 1)
        fn = self.functions.get(usr)
        if fn is None:
            return None
        sub = fn.get("submission")
        if sub and sub["param"] == int(index):
            return dict(sub, function=fn)
        return False

    def roles(self, source):
        """{key: _Role} of the callable `source`, or None when some of its
        flows end where the view cannot follow."""
        if not self.edges.get(source):
            return None
        out, seen, work = {}, set(), [(source, (), False)]
        while work:
            state = work.pop()
            if state in seen:
                continue
            seen.add(state)
            holder, chain, absolute = state
            sink = self._sink(holder)
            if sink is None or (sink is False and holder in self.other) or len(chain) > _MAX_CHAIN:
                return None
            if sink:
                role = _Role(sink, chain, absolute)
                out[role.key] = role
                continue
            for target, via in self.edges.get(holder, ()):
                if via == "":
                    return None  # an object we cannot name: which instance?
                if via.startswith("static:"):
                    work.append((target, (via,), True))
                elif via.startswith("this:"):
                    work.append((target, chain + (via,), absolute))
                else:  # `this`, or a free function: the same instance
                    work.append((target, chain, absolute))
        return out


def _callers_for_roles(graph):
    """usr -> [(caller, call)], calls on `this` from constructors and
    destructors left out (the object is not shared yet, or any more)."""
    out = collections.defaultdict(list)
    for usr in sorted(graph.functions):
        for caller, call in graph.calls_to[usr]:
            if not (call["receiver"] == "this" and caller["kind"] in ("constructor", "destructor")):
                out[usr].append((caller, call))
        out[usr].sort(key=lambda cc: (cc[0]["usr"], cc[1]["file"], cc[1]["offset"]))
    return out


ENTRY = "entry"  # the blame of an entry: it may run on any thread


def _thread_roles(graph, flows):
    """(roles, blame) of every function: roles {key: _Role}, a least fixpoint
    over the call graph from the lambdas' roles; blame None, ENTRY, or the
    note that says why it may also run on any thread."""
    callers = _callers_for_roles(graph)
    roles, blame, fixed = {}, {}, set()
    for usr, fn in graph.functions.items():
        roles[usr], blame[usr] = {}, None
        if fn["kind"] == "lambda":
            got = flows.roles("lambda:" + usr)
            if got is None:
                blame[usr] = _at(fn, "this task is also handed where the project view cannot follow it")
            roles[usr] = got or {}
            fixed.add(usr)
        elif not callers[usr] or usr in graph.address_taken or fn["virtual"]:
            blame[usr] = ENTRY
            fixed.add(usr)
    callees = collections.defaultdict(set)
    for usr, cs in callers.items():
        for caller, _call in cs:
            callees[caller["usr"]].add(usr)

    def evaluate(usr):
        value, why = {}, None
        for caller, call in callers[usr]:
            got = roles[caller["usr"]]
            relative = call["receiver"] not in ("this", "none") and any(not r.absolute for r in got.values())
            if relative:
                got = {k: r for k, r in got.items() if r.absolute}
                why = why or _at(call, f"'{graph.functions[usr]['name']}' is called on another object by "
                                       f"'{caller['name']}'")
            if blame[caller["usr"]] is ENTRY and why is None:
                why = _at(call, f"'{graph.functions[usr]['name']}' is also called by '{caller['name']}', "
                                "which may run on any thread")
            elif blame[caller["usr"]] is not None and why is None:
                why = blame[caller["usr"]]  # the call that lets the caller run anywhere
            value.update(got)
        return value, why

    work = collections.deque(sorted(u for u in graph.functions if u not in fixed))
    queued = set(work)
    while work:
        usr = work.popleft()
        queued.discard(usr)
        value, why = evaluate(usr)
        if set(value) != set(roles[usr]) or why != blame[usr]:
            roles[usr], blame[usr] = value, why
            for callee in sorted(callees[usr]):
                if callee not in fixed and callee not in queued:
                    work.append(callee)
                    queued.add(callee)
    for usr in graph.functions:
        if not roles[usr] and blame[usr] is None:
            blame[usr] = ENTRY  # a cycle nobody enters
    return roles, blame


def _why_not(fn, m, roles, blame, first):
    """The note that keeps mention m (in fn) from the map's confinement to
    the role `first`, or None."""
    r = roles[fn["usr"]]
    if m["escapes"]:
        return _at(m, f"'{m['name']}' is handed out by '{fn['name']}'")
    if blame[fn["usr"]] is ENTRY:
        return _at(m, f"'{m['name']}' is also accessed by '{fn['name']}', which may run on any thread")
    if blame[fn["usr"]] is not None:
        return blame[fn["usr"]]
    for role in sorted(r.values(), key=lambda x: x.key):
        if role.key != first.key:
            return _at(role.submission, f"'{fn['name']}' also runs on '{role.name}' through {role.path}")
    if not first.serial:
        return _at(first.submission, f"'{first.name}' runs '{fn['name']}' on several worker threads")
    if not first.absolute and not m["on_this"]:
        return _at(m, f"'{m['name']}' is also accessed by '{fn['name']}' on another object")
    return None


def _confinement(mentions, roles, blame):
    """{"confined", "thread"?, "why"?} of one map from its mentions [(function,
    mention)]: confined when every access outside its own object's
    construction runs on the same single serial executor thread; why (a note)
    when some access runs on an executor but the map is not confined to it."""
    mentions = sorted(((fn, m) for fn, m in mentions
                       if not (m["on_this"] and fn["kind"] in ("constructor", "destructor"))),
                      key=lambda x: (x[1]["file"], x[1]["offset"], x[0]["usr"]))
    reached = [r for fn, _m in mentions for r in roles[fn["usr"]].values()]
    if not reached:
        return {"confined": False}
    first = min(reached, key=lambda r: r.key)
    for fn, m in mentions:
        why = _why_not(fn, m, roles, blame, first)
        if why:
            return {"confined": False, "why": why}
    return {"confined": True, "thread": first.name}


def _maps(graph, roles, blame):
    mentions = collections.defaultdict(list)
    for usr in sorted(graph.functions):
        fn = graph.functions[usr]
        for m in fn.get("maps", ()):
            mentions[m["key"]].append((fn, m))
    return {key: _confinement(mentions[key], roles, blame) for key in sorted(mentions)}


def merge(docs):
    """The project view (a JSON-able dict) of the facts documents `docs` (or of a
    Collected)."""
    graph = _Graph(docs if isinstance(docs, Collected) else collect(docs))
    reachable = graph.reachable()
    entry, at_call = _entry_locks(graph, reachable)
    publishes = _may_publish_this(graph)
    prepub = _prepublication(graph, reachable, publishes)
    roles, blame = _thread_roles(graph, _Flows(graph.functions))
    functions = {}
    for usr in sorted(graph.functions):
        fn = graph.functions[usr]
        callers = []
        for caller, call in graph.calls_to[usr]:
            callers.append({"name": caller["name"], "file": call["file"], "line": call["line"],
                            "column": call["column"], "offset": call["offset"],
                            "held": _locks_json(at_call(caller, call))})
        callers.sort(key=lambda c: (c["file"], c["offset"], c["name"]))
        functions[usr] = {"name": fn["name"], "file": fn["file"], "line": fn["line"],
                          "entry_locks": _locks_json(entry[usr]),
                          "prepublication_only": prepub[usr],
                          "may_publish_this": publishes[usr],
                          "params": fn.get("params", []),
                          "roles": sorted(r.name for r in roles[usr].values()),
                          "any_thread": blame[usr] is not None,
                          "callers": callers}
    return {"format": VIEW_FORMAT, "version": VIEW_VERSION, "functions": functions,
            "maps": _maps(graph, roles, blame)}


def _holds(locks, key, exclusive):
    return any((lock["key"] == key or lock["key"] == "*") and not (exclusive and lock["shared"])
               for lock in locks)


def judge(premise, view):
    """(cleared, notes) for one premise; notes are dicts with message/file/offset.
    Mirrors ProjectView::judge."""
    fn = view["functions"].get(premise["root"])
    if fn is None:
        return False, []
    lock = premise["lock"]
    if lock and _holds(fn["entry_locks"], lock, premise["needs_exclusive"]):
        return True, []
    functions = view["functions"]
    if (premise["on_this"] and fn["prepublication_only"] and not premise["this_escaped_before"]
            and not any(functions.get(u, {}).get("may_publish_this", True)
                        for u in premise["this_calls_before"])
            and all(_safe_handoff(h, functions) for h in premise.get("this_handoffs_before", ()))):
        return True, []
    m = view.get("maps", {}).get(premise.get("map") or "")
    if m and m["confined"]:
        return True, []
    notes = [m["why"]] if m and m.get("why") else []
    if not lock:
        return False, notes
    for c in fn["callers"]:
        if not _holds(c["held"], lock, premise["needs_exclusive"]):
            message = (f"'{premise['root_name']}' is called without '{premise['lock_name']}' by "
                       f"'{c['name']}' (project view)")
            return False, notes + [{"message": message, "file": c["file"], "offset": c["offset"]}]
    return False, notes


def premise_index(docs):
    """{(check, realpath of the file, offset): [premise, ...]} over every unit: a
    finding in a header has one per unit that reported it."""
    out = collections.defaultdict(list)
    for doc in docs:
        for p in doc["premises"]:
            out[(p["check"], os.path.realpath(p["file"]), p["offset"])].append(p)
    return out


def rejudge(findings, index, view, absolute, locate):
    """The findings the view does not clear, with its notes added. A finding goes
    when every unit that reported it recorded a premise the view clears, as a run
    with the view would have dropped it in each of them; `locate(file, offset,
    message)` makes a note, `absolute(path)` resolves a finding's path. Returns
    (kept, number cleared)."""
    kept, cleared = [], 0
    for f in findings:
        loc = f["location"]
        premises = index.get((f["rule"], os.path.realpath(absolute(loc["path"])), loc["offset"]))
        if not premises:
            kept.append(f)
            continue
        notes, all_cleared = None, True
        for p in premises:
            if p.get("unconditional"):
                all_cleared, notes = False, notes or []
                continue
            ok, extra = judge(p, view)
            if not ok:
                all_cleared = False
                if notes is None or (not notes and extra):
                    notes = extra
        if all_cleared:
            cleared += 1
            continue
        if notes:
            f = dict(f)
            f["notes"] = list(f["notes"]) + [locate(n["file"], n["offset"], n["message"]) for n in notes]
        kept.append(f)
    return kept, cleared


def write_view(view, path):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(view, f, sort_keys=True, separators=(",", ":"))
        f.write("\n")
    os.replace(tmp, path)


def main(argv):

    parser = argparse.ArgumentParser(
        prog="mapsafety-merge-facts",
        description="Merge the project facts the mapsafety thread rules wrote (ProjectFactsDir, or "
                    "$MAPSAFETY_FACTS_DIR) into the project view they read (ProjectView, or "
                    "$MAPSAFETY_PROJECT_VIEW). See docs/ci.md.")
    parser.add_argument("facts", nargs="+", help="facts directories or files (several: shards)")
    parser.add_argument("-o", "--output", required=True, help="the project view to write")
    options = parser.parse_args(argv)
    try:
        files = facts_files(options.facts)
        if not files:
            raise FactsError("no facts files (*" + FACTS_SUFFIX + ") in " + ", ".join(options.facts) +
                             ": run the thread rules with ProjectFactsDir set first")
        view = merge(collect(read_facts(f) for f in files))
    except FactsError as e:
        sys.stderr.write(f"mapsafety-merge-facts: error: {e}\n")
        return 2
    write_view(view, options.output)
    return 0
