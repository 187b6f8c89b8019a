"""The command line contract: shell code only on stdout, one-line errors, nothing printed on failure."""

import json
import subprocess
import sys

import pytest

from conftest import CCSWITCH


def vertex(env, name="v", *extra):
    return env.ok("add", name, "--kind", "vertex", "--project", "p", "--region", "us-east5", *extra)


@pytest.mark.parametrize(
    "args, message",
    [
        (["use", "nosuch", "--shell", "bash"], "no route named 'nosuch'"),
        (["use", "bad name!", "--shell", "bash"], "may only use letters"),
        (["use", "x" * 65, "--shell", "bash"], "the limit is 64"),
        (["use", "login", "--shell", "klingon"], "unknown shell 'klingon'"),
        (["reset", "--shell", "klingon"], "unknown shell"),
        (["add", "login", "--kind", "vertex", "--project", "p", "--region", "r"], "built-in"),
        (["add", "x", "--kind", "gateway"], "needs --base-url"),
        (["add", "x", "--kind", "gatewy"], "'gatewy' is not one of"),
        (["add", "x", "--kind", "gateway", "--base-url", "ftp://x"], "not an http(s) URL"),
        (["add", "x", "--kind", "gateway", "--base-url", "https://u:p@x"], "credentials in the URL"),
        (["add", "x", "--kind", "vertex", "--project", "p"], "needs --region"),
        (["add", "x", "--kind", "vertex", "--project", "p", "--region", "r", "--aws-profile", "a"], "no field 'aws_profile'"),
        (["add", "x", "--kind", "foundry"], "exactly one of --resource and --base-url"),
        (["add", "x", "--kind", "vertex", "--project", "p", "--region", "r", "--set", "NOEQUALS"], "VARIABLE=VALUE"),
        (["add", "x", "--kind", "vertex", "--project", "p", "--region", "r", "--set", "CLOUD_ML_REGION=x"], "with --region"),
        (["add", "x", "--kind", "vertex", "--project", "p", "--region", "r", "--set", "CLAUDE_CODE_USE_BEDROCK=1"], "--kind"),
        (["add", "x", "--kind", "vertex", "--project", "p", "--region", "r", "--set", "CCSWITCH_ROUTE=y"], "ccswitch itself"),
        (["add", "x", "--kind", "vertex", "--project", "p", "--region", "r", "--set", "EMPTY="], "is empty"),
        (["add", "x", "--kind", "bedrock", "--region", "r", "--secret-var", "ANTHROPIC_API_KEY"], "credential of api-key"),
        (["add", "x", "--kind", "vertex", "--project", "p", "--region", "r", "--secret-stdin"], "no secret of their own"),
        (["show", "nosuch"], "no route named"),
        (["rm", "nosuch"], "no route named"),
        (["rename", "nosuch", "other"], "no route named"),
        (["edit", "login", "--model", "x"], "built in"),
        (["bogus-command"], "No such command"),
        (["use"], "give a route name"),  # no terminal to pick on
    ],
)
def test_errors_are_one_line_and_print_nothing_on_stdout(env, args, message):
    r = env.run(*args)
    assert r.returncode != 0
    assert r.out == ""
    assert message in r.err
    assert "Traceback" not in r.err
    assert len(r.err.strip().splitlines()) == 1, r.err


def test_add_refuses_an_existing_name(env):
    vertex(env)
    before = env.store.read_bytes()
    r = env.run("add", "v", "--kind", "vertex", "--project", "q", "--region", "r")
    assert r.returncode == 2 and "exists already" in r.err
    assert env.store.read_bytes() == before


def test_use_output_is_reproducible_unsets_first(env):
    vertex(env, "v", "--set", "HTTPS_PROXY=http://proxy:3128")
    a = env.ok("use", "v", "--shell", "bash").out
    b = env.ok("use", "v", "--shell", "bash").out
    assert a == b
    guard, *lines = a.splitlines()
    assert guard == ": \\) ${-}"  # a no-op here that stops any other shell (README: "Code for the wrong shell changes nothing")
    kinds = [line.split()[0] for line in lines]
    assert kinds == sorted(kinds, key=lambda k: k != "unset")  # every unset before every export
    assert "export CCSWITCH_ROUTE='v'" in lines


def test_reset_is_use_login(env):
    assert env.ok("reset", "--shell", "sh").out == env.ok("use", "login", "--shell", "sh").out
    out = env.ok("reset", "--shell", "sh").out
    assert "unset -v CCSWITCH_ROUTE" in out and "export" not in out


def test_list_marks_the_active_route(env):
    vertex(env)
    assert env.ok("list").out.splitlines()[0].startswith("* login")
    listing = env.ok("list", env={"CCSWITCH_ROUTE": "v"}).out
    assert any(line.startswith("* v ") for line in listing.splitlines())
    rows = json.loads(env.ok("list", "--json", env={"CCSWITCH_ROUTE": "v"}).out)
    assert [r["name"] for r in rows if r["active"]] == ["v"]
    assert env.ok("current", env={"CCSWITCH_ROUTE": "v"}).out == "v\n"
    assert env.ok("current").out == "login\n"


def test_show_lists_the_exact_variables(env):
    vertex(env, "v", "--model", "m", "--secret-var", "GOOGLE_TOKEN=env:GT")
    data = json.loads(env.ok("show", "v", "--json").out)
    assert data["env"] == {
        "CLAUDE_CODE_USE_VERTEX": "1",
        "ANTHROPIC_VERTEX_PROJECT_ID": "p",
        "CLOUD_ML_REGION": "us-east5",
        "ANTHROPIC_MODEL": "m",
        "GOOGLE_TOKEN": None,
    }
    assert data["secrets"] == {"GOOGLE_TOKEN": "env:GT"}
    text = env.ok("show", "v").out
    assert "GOOGLE_TOKEN=******** (env:GT)" in text


def test_edit_changes_only_what_is_named(env):
    vertex(env, "v", "--model", "m", "--set", "A_VAR=1", "--set", "B_VAR=2")
    env.ok("edit", "v", "--region", "europe-west1", "--unset", "A_VAR", "--set", "C_VAR=3", "--clear", "model")
    data = json.loads(env.ok("show", "v", "--json").out)
    assert data["fields"] == {"project": "p", "region": "europe-west1"}
    assert {k: v for k, v in data["env"].items() if k.endswith("_VAR")} == {"B_VAR": "2", "C_VAR": "3"}
    r = env.run("edit", "v", "--clear", "region")
    assert r.returncode == 2 and "needs it" in r.err


def test_rename_and_rm(env):
    vertex(env)
    env.ok("rename", "v", "w")
    assert env.ok("list", "--names").out.split() == ["login", "w"]
    r = env.run("rename", "w", "login")
    assert r.returncode == 2
    env.ok("rm", "w")
    assert env.ok("list", "--names").out.split() == ["login"]


def test_exec_runs_a_command_on_a_clean_route(env):
    vertex(env, "v", "--set", "HTTPS_PROXY=http://proxy:3128")
    script = "import os, json; print(json.dumps({k: v for k, v in os.environ.items()}))"
    r = env.run("exec", "v", "--", sys.executable, "-c", script,
                env={"ANTHROPIC_API_KEY": "stale", "ANTHROPIC_AUTH_TOKEN": "stale", "HTTPS_PROXY": "mine"})
    child = json.loads(r.out)
    assert child["CLAUDE_CODE_USE_VERTEX"] == "1" and child["HTTPS_PROXY"] == "http://proxy:3128"
    assert "ANTHROPIC_API_KEY" not in child and "ANTHROPIC_AUTH_TOKEN" not in child
    assert env.run("exec", "v", "--", "sh", "-c", "exit 7").returncode == 7
    assert env.run("exec", "login", "--", "sh", "-c", 'test -z "$ANTHROPIC_API_KEY"', env={"ANTHROPIC_API_KEY": "x"}).returncode == 0


def test_exec_passes_signals_through(env):
    vertex(env)
    proc = subprocess.Popen([CCSWITCH, "exec", "v", "--", "sleep", "30"], env=dict(env))
    import time

    time.sleep(1.0)
    proc.terminate()
    assert proc.wait(10) == -15  # the command itself got SIGTERM: ccswitch exec'd into it


def test_exec_adds_helper_settings_for_claude(env, tmp_path):
    env.ok("add", "hp", "--kind", "helper", "--command", "ccswitch secret gw")
    fake = tmp_path / "bin" / "claude"
    fake.parent.mkdir()
    fake.write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n')
    fake.chmod(0o755)
    r = env.run("exec", "hp", "--", str(fake), "-p", "hi")
    assert r.out.splitlines() == ["--settings", '{"apiKeyHelper": "ccswitch secret gw"}', "-p", "hi"]


def test_python_dash_m_works(env):
    done = subprocess.run([sys.executable, "-m", "ccswitch", "list", "--names"], env=dict(env), capture_output=True)
    assert done.stdout == b"login\n"


def test_helper_use_explains_how_claude_gets_the_key(env):
    env.ok("add", "hp", "--kind", "helper", "--command", "ccswitch secret gw")
    r = env.ok("use", "hp", "--shell", "bash")
    assert "ccswitch exec hp -- claude" in r.err
    assert "ccswitch" not in "".join(line for line in r.out.splitlines() if not line.startswith(("unset", "export CCSWITCH")))


def test_shell_detection_falls_back_to_SHELL(env):
    vertex(env)
    r = env.run("use", "v", env={"SHELL": "/usr/bin/zsh"})
    assert r.returncode == 0 and "export CLAUDE_CODE_USE_VERTEX='1'" in r.out
