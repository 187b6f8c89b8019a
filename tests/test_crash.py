"""A crash never splits a route from its secret (issue 13, items 10 and 11).

A kill loop: `add`, `edit`, `rm` and `rename` with a real Secret Service, each killed with
SIGKILL at spread-out moments of its run; then the next ccswitch (which finishes or rolls back
what the killed one left, from its journal) must show every route either wholly as before or
wholly as after: its endpoint with the secret meant for it, and no secret without its route.
SIGTERM and SIGHUP must roll back like Ctrl-C.
"""

import json
import os
import random
import signal
import subprocess
import time

import pytest

from conftest import CCSWITCH, keyring_get

ROUNDS = 25
A, B = "secret-for-host-a-1f0c", "secret-for-host-b-77d2"


def start(env, *args, input=None):
    proc = subprocess.Popen([CCSWITCH, *args], env=dict(env), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    if input is not None:
        proc.stdin.write(input.encode())
    proc.stdin.close()
    return proc


def typical_runtime(env, args, input=None, setup=None):
    """How long one run of the command takes here (median of 3), to spread the kills over it."""
    times = []
    for _ in range(3):
        if setup:
            setup()
        t = time.monotonic()
        start(env, *args, input=input).wait(60)
        times.append(time.monotonic() - t)
    return sorted(times)[1]


def killed(env, args, input, runtime, rng):
    proc = start(env, *args, input=input)
    time.sleep(rng.uniform(0, runtime * 1.1))
    proc.send_signal(signal.SIGKILL)
    proc.wait(60)


def state(env, secret_service, name):
    """(base URL or None when the route is gone, the secret `use` gives or None, the raw keyring entry)."""
    listing = json.loads(env.ok("list", "--json").out)  # the first ccswitch after the kill: it recovers
    raw = keyring_get(secret_service, "ccswitch", f"{name}:ANTHROPIC_AUTH_TOKEN")
    raw = None if raw == "<none>" else raw
    rows = {r["name"]: r for r in listing}
    if name not in rows:
        return None, None, raw
    done = env.run("use", name, "--shell", "json")
    secret = json.loads(done.out)["set"].get("ANTHROPIC_AUTH_TOKEN") if done.returncode == 0 else None
    return rows[name]["target"], secret, raw


def test_no_journal_is_left_by_a_clean_change(kenv):
    kenv.ok("add", "r", "--kind", "gateway", "--base-url", "https://a.example.com", "--secret-stdin", input=A)
    kenv.ok("edit", "r", "--base-url", "https://b.example.com", "--secret-stdin", input=B)
    kenv.ok("rename", "r", "r2")
    kenv.ok("rm", "r2")
    assert not (kenv.home / "ccswitch" / "journal.json").exists()


def test_killed_edits_never_leave_an_endpoint_with_the_other_endpoints_secret(kenv, secret_service):
    rng = random.Random(1313)
    add = ("add", "r", "--kind", "gateway", "--base-url", "https://a.example.com", "--secret-stdin")
    edit = ("edit", "r", "--base-url", "https://b.example.com", "--secret-stdin")

    def reset():
        kenv.run("rm", "r", "--force")
        kenv.ok(*add, input=A)

    runtime = typical_runtime(kenv, edit, B, setup=reset)
    broken = []
    for i in range(ROUNDS):
        reset()
        killed(kenv, edit, B, runtime, rng)
        target, secret, raw = state(kenv, secret_service, "r")
        if (target, secret) not in (("https://a.example.com", A), ("https://b.example.com", B)):
            broken.append((i, target, secret))
    assert broken == []
    assert not (kenv.home / "ccswitch" / "journal.json").exists()
    assert keyring_get(secret_service, "ccswitch", "r#before:ANTHROPIC_AUTH_TOKEN") == "<none>"


def test_killed_adds_and_removals_never_leave_a_route_without_its_secret_or_a_secret_alone(kenv, secret_service):
    rng = random.Random(1414)
    add = ("add", "r", "--kind", "gateway", "--base-url", "https://a.example.com", "--secret-stdin")
    runtime_add = typical_runtime(kenv, add, A, setup=lambda: kenv.run("rm", "r", "--force"))
    broken = []
    for i in range(ROUNDS):
        kenv.run("rm", "r", "--force")
        killed(kenv, add, A, runtime_add, rng)
        target, secret, raw = state(kenv, secret_service, "r")
        if not ((target, secret) == ("https://a.example.com", A) or (target is None and raw is None)):
            broken.append(("add", i, target, secret, raw))
    runtime_rm = typical_runtime(kenv, ("rm", "r"), setup=lambda: (kenv.run("rm", "r", "--force"), kenv.ok(*add, input=A)))
    for i in range(ROUNDS):
        kenv.run("rm", "r", "--force")
        kenv.ok(*add, input=A)
        killed(kenv, ("rm", "r"), None, runtime_rm, rng)
        target, secret, raw = state(kenv, secret_service, "r")
        if not ((target, secret) == ("https://a.example.com", A) or (target is None and raw is None)):
            broken.append(("rm", i, target, secret, raw))
    assert broken == []


def test_killed_renames_leave_one_name_with_the_secret(kenv, secret_service):
    rng = random.Random(1515)
    add = ("add", "r", "--kind", "gateway", "--base-url", "https://a.example.com", "--secret-stdin")

    def reset():
        kenv.run("rm", "r", "--force")
        kenv.run("rm", "r2", "--force")
        kenv.ok(*add, input=A)

    runtime = typical_runtime(kenv, ("rename", "r", "r2"), setup=reset)
    broken = []
    for i in range(ROUNDS):
        reset()
        killed(kenv, ("rename", "r", "r2"), None, runtime, rng)
        old, new = state(kenv, secret_service, "r"), state(kenv, secret_service, "r2")
        whole_old = old[:2] == ("https://a.example.com", A) and new == (None, None, None)
        whole_new = new[:2] == ("https://a.example.com", A) and old == (None, None, None)
        if not (whole_old or whole_new):
            broken.append((i, old, new))
    assert broken == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda s: s.name)
def test_a_terminating_signal_rolls_back_like_ctrl_c(kenv, secret_service, sig):
    """The signal arrives while the secret is being written (a slow keyring, simulated by a
    stopped process resumed with the signal pending): the change rolls back, the status says so."""
    kenv.ok("add", "r", "--kind", "gateway", "--base-url", "https://a.example.com", "--secret-stdin", input=A)
    proc = start(kenv, "edit", "r", "--base-url", "https://b.example.com", "--secret-stdin", input=B)
    time.sleep(0.25)
    proc.send_signal(sig)
    code = proc.wait(60)
    target, secret, raw = state(kenv, secret_service, "r")
    assert (target, secret) in (("https://a.example.com", A), ("https://b.example.com", B))
    assert code in (0, 128 + sig, -sig), code
    assert not (kenv.home / "ccswitch" / "journal.json").exists()


def test_recovery_after_a_kill_between_keyring_and_store(kenv, secret_service):
    """The exact window: the journal and the new secret are written, the store is not (as a
    SIGKILL right before the rename would leave it); the next ccswitch rolls the secret back."""
    kenv.ok("add", "r", "--kind", "gateway", "--base-url", "https://a.example.com", "--secret-stdin", input=A)
    route = json.loads(kenv.ok("show", "r", "--json").out)
    old = {"kind": "gateway", "base_url": "https://a.example.com", "secrets": {"ANTHROPIC_AUTH_TOKEN": "keyring"}}
    new = dict(old, base_url="https://b.example.com")
    assert route["fields"]["base_url"] == old["base_url"]
    code = (
        "import keyring;"
        f"keyring.set_password('ccswitch', 'r#before:ANTHROPIC_AUTH_TOKEN', {A!r});"
        f"keyring.set_password('ccswitch', 'r:ANTHROPIC_AUTH_TOKEN', {B!r})"
    )
    subprocess.run([os.path.join(os.path.dirname(CCSWITCH), "python"), "-c", code], env=dict(kenv), check=True)
    journal = {"op": "change", "name": "r", "old": old, "new": new, "written": ["ANTHROPIC_AUTH_TOKEN"], "backed": ["ANTHROPIC_AUTH_TOKEN"]}
    (kenv.home / "ccswitch" / "journal.json").write_text(json.dumps(journal))
    target, secret, _raw = state(kenv, secret_service, "r")
    assert (target, secret) == ("https://a.example.com", A)
    assert keyring_get(secret_service, "ccswitch", "r#before:ANTHROPIC_AUTH_TOKEN") == "<none>"
    assert not (kenv.home / "ccswitch" / "journal.json").exists()


def test_a_journal_that_cannot_be_finished_yet_is_kept(env):
    """No keyring now: a journal left by a killed change is not thrown away by the next command."""
    env.ok("add", "v", "--kind", "vertex", "--project", "p-123456", "--region", "us-east5")
    route = json.loads(env.ok("show", "v", "--json").out)
    assert route["kind"] == "vertex"
    journal = env.home / "ccswitch" / "journal.json"
    old = {"kind": "gateway", "base_url": "https://a.example.com", "secrets": {"ANTHROPIC_AUTH_TOKEN": "keyring"}}
    journal.write_text(json.dumps({"op": "change", "name": "g", "old": None, "new": old,
                                   "written": ["ANTHROPIC_AUTH_TOKEN"], "backed": []}))
    done = env.run("add", "w", "--kind", "vertex", "--project", "p-123456", "--region", "us-east5")
    assert done.returncode != 0 and "interrupted change" in done.err and "internal error" not in done.err
    assert journal.exists()
