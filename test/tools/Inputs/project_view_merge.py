"""The merge step's fixpoints on hand-written facts (tools/mapsafety_gate/projectview.py):
each case says what the view must answer and why. Exits non-zero on the first wrong
answer."""
import os
import sys

sys.path.insert(0, os.path.join(sys.argv[1], "tools"))
from mapsafety_gate import projectview as PV  # noqa: E402

MU = "this:c:@S@C@FI@mu_"


def call(callee, receiver="this", locks=(), **extra):
    out = {"callee": callee, "file": "/p/a.cpp", "line": 1, "column": 1, "offset": 0, "receiver": receiver,
           "locks": list(locks) if locks != "unknown" else "unknown"}
    if receiver in ("this", "fresh"):
        out.update({"escaped_before": False, "calls_before": [], "handoffs_before": []})
    out.update(extra)
    return out


def fn(usr, calls=(), kind="function", virtual=False, publishes=False, taken=(), params=(), handoffs=()):
    return {"usr": usr, "name": usr, "file": "/p/a.cpp", "line": 1, "kind": kind, "virtual": virtual,
            "overrides": [], "publishes_this": publishes, "address_taken": list(taken), "calls": list(calls),
            "params": list(params), "this_handoffs": list(handoffs)}


def view(*functions):
    return PV.merge([{"format": PV.FACTS_FORMAT, "version": PV.FACTS_VERSION, "main_file": "/p/a.cpp",
                      "functions": list(functions), "premises": []}])


def premise(root, lock=MU, on_this=True, exclusive=True, **extra):
    p = {"check": "c", "file": "/p/a.cpp", "line": 1, "column": 1, "offset": 0, "root": root,
         "root_name": root, "lock": lock, "lock_name": "mu_", "needs_exclusive": exclusive, "on_this": on_this,
         "this_escaped_before": False, "this_calls_before": [], "this_handoffs_before": []}
    p.update(extra)
    return p


held = [{"key": MU, "shared": False}]
shared = [{"key": MU, "shared": True}]
failures = []


def expect(name, got, want):
    if got != want:
        failures.append(f"{name}: got {got}, want {want}")


# Entry locks: every caller holds mu_ (one directly, one through its own caller).
v = view(fn("api"), fn("api2"), fn("mid", [call("leaf")]),
         fn("top", [call("mid", locks=held), call("leaf", locks=held)]), fn("leaf"))
expect("locked through a chain", PV.judge(premise("leaf"), v)[0], True)
expect("no caller: an entry", PV.judge(premise("top"), v)[0], False)

# One caller without the lock: kept, with that caller named.
v = view(fn("a", [call("leaf", locks=held)]), fn("b", [call("leaf")]), fn("leaf"))
cleared, notes = PV.judge(premise("leaf"), v)
expect("one unlocked caller", (cleared, [n["message"] for n in notes]),
       (False, ["'leaf' is called without 'mu_' by 'b' (project view)"]))

# Recursion: entered under the lock, recursing without taking it again.
v = view(fn("a", [call("rec", locks=held)]), fn("rec", [call("rec")]))
expect("recursion entered locked", PV.judge(premise("rec"), v)[0], True)
# A cycle no entry reaches counts on nothing.
v = view(fn("x", [call("y", locks=held)]), fn("y", [call("x", locks=held)]))
expect("unreached cycle", PV.judge(premise("x"), v)[0], False)

# A shared hold clears a read, not a write.
v = view(fn("a", [call("leaf", locks=shared)]), fn("leaf"))
expect("shared lock, write", PV.judge(premise("leaf"), v)[0], False)
expect("shared lock, read", PV.judge(premise("leaf", exclusive=False), v)[0], True)

# Mutexes of `this` pass only through calls on `this`.
v = view(fn("a", [call("leaf", receiver="other", locks=held)]), fn("leaf"))
expect("other object", PV.judge(premise("leaf"), v)[0], False)
# Unknown lock sets never warn.
v = view(fn("a", [call("leaf", locks="unknown")]), fn("leaf"))
expect("unknown lock set", PV.judge(premise("leaf"), v)[0], True)
# Virtual functions and functions whose address is taken have callers no graph shows.
v = view(fn("a", [call("leaf", locks=held)]), fn("leaf", virtual=True))
expect("virtual", PV.judge(premise("leaf"), v)[0], False)
v = view(fn("a", [call("leaf", locks=held)], taken=["leaf"]), fn("leaf"))
expect("address taken", PV.judge(premise("leaf"), v)[0], False)

# Pre-publication: a factory opens a fresh object; Open() loads through `this`.
factory = fn("create", [call("open", receiver="fresh")])
v = view(factory, fn("open", [call("load")]), fn("load"))
expect("open phase", PV.judge(premise("load", lock=""), v)[0], True)
expect("open phase, not a member of this", PV.judge(premise("load", lock="", on_this=False), v)[0], False)
# ... not when the object escaped before, or an earlier call may publish it.
v = view(fn("create", [call("open", receiver="fresh", escaped_before=True)]), fn("open", [call("load")]),
         fn("load"))
expect("escaped before open", PV.judge(premise("load", lock=""), v)[0], False)
v = view(factory, fn("open", [call("start"), call("load", calls_before=["start"])]),
         fn("start", publishes=True), fn("load"))
expect("published by an earlier call", PV.judge(premise("load", lock=""), v)[0], False)
# ... nor when another caller opens an object others may hold.
v = view(factory, fn("reopen", [call("open", receiver="other")]), fn("open", [call("load")]), fn("load"))
expect("reopened", PV.judge(premise("load", lock=""), v)[0], False)
# Handoffs: `this` given to a parameter that stays inside the object is no publication...
keep = fn("keep", params=[{"escapes": False, "stored": True}])
give = fn("give", params=[{"escapes": True, "stored": False}])
handoff = {"callee": "keep", "param": 0, "on_this": True}
v = view(factory, fn("open", [call("load", handoffs_before=[handoff])]), fn("load"), keep, give)
expect("kept by its own object", PV.judge(premise("load", lock=""), v)[0], True)
v = view(factory, fn("open", [call("load", handoffs_before=[dict(handoff, callee="give")])]), fn("load"), keep,
         give)
expect("given away", PV.judge(premise("load", lock=""), v)[0], False)
v = view(factory, fn("open", [call("load")]), fn("load"), keep, give)
expect("handoff in the premise", PV.judge(premise("load", lock="", this_handoffs_before=[
    dict(handoff, callee="give")]), v)[0], False)

# --- Thread roles across files: a map confined to one serial executor's thread.
# The lambda L, stored by the constructor in the member T, is handed by start()
# to reg() on the member S, which adds it to the executor's submission add() on
# its member TM: persist(), called only by L, runs only on that thread.


def flow(source, to, param=0, via="this"):
    return {"from": source, "to": to, "param": param, "via": via}


def touches(key="M", on_this=True, escapes=False):
    return {"key": key, "name": key, "on_this": on_this, "escapes": escapes, "file": "/p/a.cpp", "line": 1,
            "column": 1, "offset": 0}


def with_roles(f, flows=(), other=(), maps=(), submission=None):
    f = dict(f, callable_flows=list(flows), callable_other_uses=list(other), maps=list(maps))
    if submission:
        f["submission"] = submission
    return f


def executor(serial=True, name="E"):
    return {"param": 0, "serial": serial, "executor": name, "executor_name": name}


ctor = with_roles(fn("ctor", kind="constructor"), [flow("lambda:L", "member:T", -1)], maps=[touches("T")])
lam = fn("L", [call("persist")], kind="lambda")
start = with_roles(fn("start"), [flow("member:T", "reg", 0, "this:S")])
reg = with_roles(fn("reg"), [flow("param:0", "add", 0, "this:TM")])
add = with_roles(fn("add"), [flow("param:0", "member:Q", -1)], submission=executor())
persist = with_roles(fn("persist", [call("helper")]), maps=[touches()])
helper = with_roles(fn("helper", [call("persist")]), maps=[touches()])
roles = [ctor, lam, start, reg, add]


def confined(*functions, root="persist"):
    cleared, notes = PV.judge(premise(root, map="M"), view(*functions))
    return cleared, [n["message"] for n in notes]


expect("confined to the serial executor (recursion too)", confined(*roles, persist, helper)[0], True)
api = fn("api", [call("persist")])
expect("also called from the public API", confined(*roles, persist, helper, api)[1][:1],
       ["'persist' is also called by 'api', which may run on any thread (project view)"])
expect("a pool of several workers",
       confined(ctor, lam, start, reg, with_roles(add, submission=executor(serial=False)), persist)[1][:1],
       ["'E' runs 'persist' on several worker threads (project view)"])
second = with_roles(fn("start2"), [flow("member:T", "reg", 0, "this:c:@S@C@FI@S2")])
expect("handed to a second executor", confined(*roles, second, persist)[1][:1],
       ["'persist' also runs on 'E' through 'S2', 'TM' (project view)"])
expect("handed to code the view does not know",
       confined(ctor, lam, start, with_roles(reg, [flow("param:0", "unknown")]), persist)[0], False)
expect("the member's callable also run here", confined(*roles, with_roles(fn("x"), other=["member:T"]),
                                                        persist)[0], False)
expect("a cycle nobody enters", confined(ctor, start, reg, add, with_roles(fn("persist", [call("helper")]), maps=[touches()]),
                                         with_roles(fn("helper", [call("persist")]), maps=[touches()]))[0],
       False)
expect("handed out", confined(*roles, with_roles(persist, maps=[touches(escapes=True)]))[0], False)
expect("construction does not count", confined(*roles, persist, with_roles(fn("c2", kind="constructor"),
                                                                               maps=[touches()]))[0], True)
# An instance named relative to the lambda's object says nothing of another
# object's; one reached from a static object does.
other_lam = fn("L", [call("persist", receiver="other")], kind="lambda")
expect("relative role through another object", confined(ctor, other_lam, start, reg, add, persist)[0], False)
static_start = with_roles(fn("start"), [flow("member:T", "reg", 0, "static:G")])
expect("static executor through another object",
       confined(ctor, other_lam, static_start, reg, add, with_roles(persist, maps=[touches(on_this=False)]))[0],
       True)
expect("relative role, access on another object",
       confined(*roles, with_roles(persist, maps=[touches(on_this=False)]))[0], False)

if failures:
    sys.exit("\n".join(failures))
print("project view merge: all cases as expected")
