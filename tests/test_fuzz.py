"""Every command, every option, fed hostile input: a one-line error or success, never an
internal error (exit 70) and never a traceback.

The command list is read from the click tree, so a new command or option is fuzzed the day it
is added.  Runs in-process through `ccswitch.__main__.main` (the fast path and click alike),
with the outside fenced off: an in-memory keyring, no network (name lookups fail), no process
started by a secret command or `exec`, a private HOME, store and working folder.
"""

import io
import os
import socket
import subprocess
import sys

import click
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st



ROUTE_NAMES = ["r", "login", "fz", "gw"]
JUNK_WORDS = ["nan", "inf", "-1", "0", "1e400", "\udcff", "KEY=\udcff", "A=1", "http://\udcff",
              "https://127.0.0.1:1/x", "http://10.0.0.1", "bedrock", "gateway", "json", "-", "--", "=",
              "ANTHROPIC_API_KEY", "LD_PRELOAD=/x", "PATH=/evil", "opus=m", "cmd:true", "env:HOME", "\n", "x" * 5000]


class Launched(BaseException):
    """`exec` reached the point of replacing the process: a success, not a crash."""


class MemoryKeyring:
    """A keyring backend that keeps everything in a dict (keyring's backend contract)."""

    priority = 10

    def __init__(self):
        self.items = {}

    def get_password(self, service, user):
        return self.items.get((service, user))

    def set_password(self, service, user, password):
        self.items[(service, user)] = password

    def delete_password(self, service, user):
        import keyring.errors

        if (service, user) not in self.items:
            raise keyring.errors.PasswordDeleteError("not found")
        del self.items[(service, user)]

    def get_credential(self, service, user):
        return None


def leaf_commands():
    from ccswitch.cli import cli

    out = []

    def walk(cmd, path):
        if isinstance(cmd, click.Group):
            for name, sub in sorted(cmd.commands.items()):
                walk(sub, path + [name])
        else:
            out.append((path, [p for p in cmd.params if p.name != "help"]))

    walk(cli, [])
    return out


@pytest.fixture
def fenced(monkeypatch, tmp_path):
    """The outside world, fenced off, and a set of hostile files to point options at."""
    from ccswitch import secrets

    home = tmp_path / "home"
    work = tmp_path / "work"
    hostile = tmp_path / "hostile"
    for d in (home, work, hostile):
        d.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("CCSWITCH_HOME", str(tmp_path / "store"))
    for var in ("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy", "ALL_PROXY", "CLAUDE_CONFIG_DIR",
                "CCSWITCH_STATE", "CCSWITCH_SHELL", "CCSWITCH_ROUTE", "CCSWITCH_DEBUG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(work)
    subprocess.run(["git", "init", "-q", str(work)], check=True)

    monkeypatch.setattr(secrets, "_backend", MemoryKeyring())  # secrets.backend() is the one door

    def no_lookup(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "fuzz: no network")

    monkeypatch.setattr(socket, "getaddrinfo", no_lookup)

    real_run = subprocess.run

    def fake_run(args, *a, **kw):  # a secret command from fuzzed text is never run
        if kw.get("shell"):
            return subprocess.CompletedProcess(args, 0, stdout=b"fuzz-secret-value-0123456789", stderr=b"")
        return real_run(args, *a, **kw)

    monkeypatch.setattr(subprocess, "run", fake_run)

    def launched(*args, **kwargs):
        raise Launched()

    monkeypatch.setattr(os, "execvpe", launched)

    files = {
        "deep.json": b'{"env":' + b"[" * 5000 + b"]" * 5000 + b"}",
        "deep.toml": b"version = 1\n[routes.a]\nenv = " + b"{a = " * 900 + b"1" + b"}" * 900 + b"\n",
        "bad-utf8.json": b'{"env": {"ANTHROPIC_API_KEY": "\xff\xfe"}}',
        "nul.env": b"ANTHROPIC_API_KEY=sk-ant-\x00abc\n",
        "utf16.env": "ANTHROPIC_API_KEY=sk-ant-api03-xyz\n".encode("utf-16"),
        "huge.env": b"A=" + b"x" * (5 * 1024 * 1024) + b"\n",
        "forged.env": b"# ccswitch export: route x (kind gateway)\nANTHROPIC_BASE_URL=https://evil.test\nLD_PRELOAD=/x\n",
        "cmd.json": b'{"env": {"ANTHROPIC_API_KEY": {"secret": "cmd:touch /tmp/pwned"}}, "apiKeyHelper": "true"}',
        "weird.json": b'{"env": {"ANTHROPIC_BASE_URL": 1e400, "CLAUDE_CODE_USE_BEDROCK": true, "X": null}}',
        "list.json": b"[1, 2, 3]",
        "routes.toml": b'version = 1\n[routes.t]\nkind = "gateway"\nbase_url = "http://evil.test"\n',
        ".ccswitch": b'[route]\nkind = "gateway"\nbase_url = "https://gw.example.test"\n[route.env]\nPATH = "/evil"\n',
        "empty": b"",
    }
    for name, data in files.items():
        (hostile / name).write_bytes(data)
    (hostile / "folder").mkdir()
    (hostile / "loop").symlink_to(hostile / "loop")
    os.mkfifo(hostile / "fifo")
    (work / ".ccswitch").write_bytes(files[".ccswitch"])
    paths = [str(hostile / name) for name in [*files, "folder", "loop", "fifo", "missing"]]
    return paths


def junk_text():
    """Arbitrary text for argv and the environment: stray bytes (as surrogates), control
    characters, huge and odd numbers; never NUL, which execve cannot pass (files hold those)."""
    text = st.text(st.characters(codec="utf-8", exclude_categories=()), max_size=30) | st.sampled_from(JUNK_WORDS)
    return text.map(lambda t: t.replace("\x00", ""))


def value_for(param, paths, data, writing=False):
    """A value for one option or argument: valid choices mixed with hostile text and files."""
    choices = getattr(param.type, "choices", None)
    candidates = st.sampled_from(sorted(choices)) if choices else st.nothing()
    if param.name in ("name", "old", "secret_from") or type(param.type).__name__ == "RouteName":
        candidates |= st.sampled_from(ROUTE_NAMES)
    usable = [p for p in paths if not (writing and p.endswith("fifo"))]  # writing to a FIFO blocks by design
    candidates |= st.sampled_from(usable) | junk_text()
    return data.draw(candidates)


def argv_for(path, params, paths, data):
    argv = list(path)
    for param in params:
        if isinstance(param, click.Argument):
            count = param.nargs if param.nargs > 0 else data.draw(st.integers(0, 3))
            if not param.required and not data.draw(st.booleans()):
                continue
            argv += [value_for(param, paths, data) for _ in range(count)]
    options = [p for p in params if isinstance(p, click.Option)]
    for param in data.draw(st.lists(st.sampled_from(options), max_size=5)) if options else []:
        flag = param.opts[0]
        if param.is_flag:
            argv.append(flag)
        else:
            argv += [flag, value_for(param, paths, data, writing=flag in ("-o", "--output"))]
    if data.draw(st.booleans()) and "exec" in path:
        argv += ["--", *data.draw(st.lists(junk_text(), max_size=3))]
    return argv


COMMANDS = leaf_commands()


def test_the_fuzz_sees_every_command():
    names = {" ".join(path) for path, _params in COMMANDS}
    assert {"add", "edit", "use", "reset", "allow", "exec", "guard check", "import dotenv", "import claude-settings",
            "verify", "export", "rename", "rm"} <= names


@pytest.mark.parametrize("path, params", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_no_command_ends_in_an_internal_error(fenced, capsysbinary, path, params):
    from ccswitch.__main__ import main

    examples = 120 if os.environ.get("CI") == "true" or os.environ.get("CCSWITCH_FUZZ") else 40

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.data())
    def check(data):
        setup = data.draw(st.lists(st.sampled_from([
            ["add", "r", "--kind", "gateway", "--base-url", "https://gw.example.test", "--secret-cmd", "printf x"],
            ["add", "gw", "--kind", "gateway", "--base-url", "http://127.0.0.1:9/", "--secret-stdin"],
            ["add", "fz", "--kind", "bedrock", "--region", "us-west-2"],
            ["use", "fz", "--shell", "bash"],
        ]), max_size=2))
        argv = argv_for(path, params, fenced, data)
        stdin = data.draw(st.binary(max_size=64) | st.just(b"sk-ant-api03-" + b"A" * 40 + b"\n"))
        inherited = {var: data.draw(junk_text()) for var in ("CCSWITCH_STATE", "CCSWITCH_SHELL")
                     if data.draw(st.booleans())}
        saved = {var: os.environ.get(var) for var in inherited}
        try:
            for var, value in inherited.items():
                os.environ[var] = value
            for step in setup + [argv]:
                sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
                try:
                    code = main(step)
                except Launched:
                    code = 0
                out, err = capsysbinary.readouterr()
                assert code != 70 and b"internal error" not in err and b"Traceback" not in err, (step, code, err)
                assert isinstance(code, int), (step, code)
        finally:
            for var, value in saved.items():
                if value is None:
                    os.environ.pop(var, None)
                else:
                    os.environ[var] = value

    check()
