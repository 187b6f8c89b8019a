"""Secrets in a real Secret Service (gnome-keyring on a private D-Bus), references, and leaks.

The canary secret must never show up in a file ccswitch writes, a listing, an error or a
traceback; only where the user asked for it (`use` into a pipe, `secret` into a pipe).
"""

import os
import subprocess

import pytest

from conftest import CANARY, CCSWITCH, keyring_get, run_on_pty


def files_under(*roots):
    for root in roots:
        for dirpath, _dirs, files in os.walk(root):
            for f in files:
                yield os.path.join(dirpath, f)


def assert_no_canary_on_disk(env):
    for path in files_under(env.home):
        with open(path, "rb") as f:
            assert CANARY.encode() not in f.read(), f"secret written to {path}"


def test_secret_goes_to_keyring_not_store(kenv, secret_service):
    kenv.ok("add", "gw", "--kind", "gateway", "--base-url", "https://gw.example.test", "--secret-stdin", input=CANARY + "\n")
    assert keyring_get(secret_service, "ccswitch", "gw:ANTHROPIC_AUTH_TOKEN") == CANARY
    assert 'ANTHROPIC_AUTH_TOKEN = "keyring"' in kenv.store.read_text()
    assert_no_canary_on_disk(kenv)
    out = kenv.ok("use", "gw", "--shell", "bash").out
    assert f"export ANTHROPIC_AUTH_TOKEN='{CANARY}'" in out
    for args in (["list"], ["list", "--json"], ["show", "gw"], ["show", "gw", "--json"], ["list", "--names"], ["current"]):
        r = kenv.ok(*args)
        assert CANARY not in r.out + r.err, args
    assert_no_canary_on_disk(kenv)


def test_only_one_trailing_newline_is_stripped(kenv, secret_service):
    kenv.ok("add", "k", "--kind", "api-key", "--secret-stdin", input="line1\nline2\n\n")
    assert keyring_get(secret_service, "ccswitch", "k:ANTHROPIC_API_KEY") == "line1\nline2\n"


def test_rm_deletes_the_secret_with_the_route(kenv, secret_service):
    kenv.ok("add", "k", "--kind", "api-key", "--secret-stdin", input="to-be-deleted")
    kenv.ok("rm", "k")
    assert keyring_get(secret_service, "ccswitch", "k:ANTHROPIC_API_KEY") == "<none>"
    assert kenv.ok("list", "--names").out.split() == ["login"]


def test_rename_moves_the_secret(kenv, secret_service):
    kenv.ok("add", "old", "--kind", "oauth-token", "--secret-stdin", input="moving-token")
    kenv.ok("rename", "old", "new")
    assert keyring_get(secret_service, "ccswitch", "old:CLAUDE_CODE_OAUTH_TOKEN") == "<none>"
    assert keyring_get(secret_service, "ccswitch", "new:CLAUDE_CODE_OAUTH_TOKEN") == "moving-token"
    assert "export CLAUDE_CODE_OAUTH_TOKEN='moving-token'" in kenv.ok("use", "new", "--shell", "sh").out
    assert kenv.run("use", "old", "--shell", "sh").returncode != 0


def test_edit_replaces_the_secret_and_switching_source_drops_it(kenv, secret_service):
    kenv.ok("add", "k", "--kind", "api-key", "--secret-stdin", input="first")
    kenv.ok("edit", "k", "--secret-stdin", input="second")
    assert keyring_get(secret_service, "ccswitch", "k:ANTHROPIC_API_KEY") == "second"
    kenv.ok("edit", "k", "--secret-env", "MY_KEY_VAR")
    assert keyring_get(secret_service, "ccswitch", "k:ANTHROPIC_API_KEY") == "<none>"
    assert "'from-env'" in kenv.ok("use", "k", "--shell", "sh", env={"MY_KEY_VAR": "from-env"}).out


def test_references_resolve_at_use_time(kenv):
    kenv.ok("add", "e", "--kind", "gateway", "--base-url", "https://gw.example.test", "--secret-env", "GW_TOKEN",
            "--secret-var", "ANTHROPIC_CUSTOM_HEADERS=cmd:printf 'X-Team: a\\nX-Env: b\\n'")
    out = kenv.ok("use", "e", "--shell", "sh", env={"GW_TOKEN": "tok-from-env"}).out
    assert "export ANTHROPIC_AUTH_TOKEN='tok-from-env'" in out
    assert "export ANTHROPIC_CUSTOM_HEADERS='X-Team: a\nX-Env: b'" in out
    r = kenv.run("use", "e", "--shell", "sh")
    assert r.returncode != 0 and r.out == "" and "$GW_TOKEN" in r.err
    kenv.ok("edit", "e", "--secret-cmd", "exit 3")
    r = kenv.run("use", "e", "--shell", "sh")
    assert r.returncode != 0 and r.out == "" and "exit status 3" in r.err


def test_secret_values_never_on_the_command_line(kenv):
    r = kenv.run("add", "x", "--kind", "vertex", "--project", "p", "--region", "r", "--secret-var", f"MY_TOKEN={CANARY}")
    assert r.returncode == 2 and "never goes on the command line" in r.err and CANARY not in r.err
    r = kenv.run("add", "x", "--kind", "vertex", "--project", "p", "--region", "r", "--set", f"AWS_SECRET_ACCESS_KEY={CANARY}")
    assert r.returncode == 2 and "--secret-var AWS_SECRET_ACCESS_KEY" in r.err and CANARY not in r.err
    r = kenv.run("add", "x", "--kind", "vertex", "--project", "p", "--region", "r", "--set", f"HTTPS_PROXY=http://u:{CANARY}@proxy:3128")
    assert r.returncode == 2 and "holds a secret" in r.err and CANARY not in r.err
    assert not kenv.store.exists()


def test_no_secret_without_a_terminal_or_stdin(kenv):
    r = kenv.run("add", "k", "--kind", "api-key", input="")
    assert r.returncode != 0 and "--secret-stdin" in r.err
    assert not kenv.store.exists()


def test_hidden_prompt_on_a_real_terminal(kenv, secret_service):
    """On a terminal the secret is asked for without echo, and never printed."""
    code, output, sent = run_on_pty(kenv, "add", "p", "--kind", "oauth-token", answer=CANARY)
    assert code == 0, output
    assert sent and CANARY.encode() not in output
    assert keyring_get(secret_service, "ccswitch", "p:CLAUDE_CODE_OAUTH_TOKEN") == CANARY


def test_use_on_a_terminal_prints_no_code(kenv):
    kenv.ok("add", "k", "--kind", "api-key", "--secret-stdin", input=CANARY)
    code, output, _ = run_on_pty(kenv, "use", "k", "--shell", "bash")
    assert code == 1
    assert CANARY.encode() not in output and b"export" not in output
    assert b'eval "$(ccswitch use k --shell bash)"' in output


def test_secret_command_for_api_key_helper(kenv):
    kenv.ok("add", "gw", "--kind", "gateway", "--base-url", "https://gw.example.test", "--secret-stdin", input="helper-served")
    assert kenv.ok("secret", "gw").out == "helper-served\n"
    kenv.ok("add", "hp", "--kind", "helper", "--command", "ccswitch secret gw")
    assert kenv.ok("claude-settings", "hp").out.strip() == '{"apiKeyHelper": "ccswitch secret gw"}'
    # the helper command, run as Claude Code would (a shell, no terminal), prints the key
    done = subprocess.run(["sh", "-c", "ccswitch secret gw"], env=dict(kenv), capture_output=True)
    assert done.stdout == b"helper-served\n"


def test_missing_keyring_backend_is_explained(env):
    r = env.run("add", "k", "--kind", "api-key", "--secret-stdin", input=CANARY)
    assert r.returncode != 0 and "PYTHON_KEYRING_BACKEND" in r.err and "--secret-env" in r.err
    assert CANARY not in r.err and len(r.err.strip().splitlines()) == 1
    assert not env.store.exists() or "k" not in env.ok("list", "--names").out.split()
    # routes without keyring secrets still work with no keyring at all
    env.ok("add", "v", "--kind", "vertex", "--project", "p", "--region", "r")
    assert "CLAUDE_CODE_USE_VERTEX='1'" in env.ok("use", "v", "--shell", "sh").out


def test_secret_missing_from_keyring_is_a_clear_error(kenv, secret_service):
    kenv.ok("add", "k", "--kind", "api-key", "--secret-stdin", input="gone-soon")
    code = "import keyring; keyring.delete_password('ccswitch', 'k:ANTHROPIC_API_KEY')"
    subprocess.run([os.path.join(os.path.dirname(CCSWITCH), "python"), "-c", code], env=dict(kenv), check=True)
    r = kenv.run("use", "k", "--shell", "sh")
    assert r.returncode != 0 and r.out == "" and "ccswitch edit k --secret-stdin" in r.err


@pytest.fixture
def failing_store(kenv, monkeypatch):
    """In-process ccswitch on the real keyring whose store writes fail (fault injection)."""
    from ccswitch import secrets, store

    for k, v in kenv.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setattr(secrets, "_backend", None)

    def boom(path, data, mode=0o600):
        raise store.StoreError("disk full (injected)")

    monkeypatch.setattr(store, "atomic_write", boom)
    yield
    monkeypatch.undo()


def test_failed_store_write_leaves_no_orphaned_secret(failing_store, secret_service):
    """The store write fails after the secret was stored: the secret is removed again."""
    from ccswitch import commands, options
    from ccswitch.errors import CCSwitchError

    inputs = options.SecretInput(stdin_var="ANTHROPIC_API_KEY", read_stdin=lambda: "orphan?", prompt=None)
    with pytest.raises(CCSwitchError, match="injected"):
        commands.add("k", "api-key", {}, {}, {}, "keyring", inputs)
    assert keyring_get(secret_service, "ccswitch", "k:ANTHROPIC_API_KEY") == "<none>"


@pytest.fixture
def stored_k(kenv):
    kenv.ok("add", "k", "--kind", "api-key", "--secret-stdin", input="keep-me")
    return kenv


def test_failed_rm_keeps_the_secret(stored_k, failing_store, secret_service):
    from ccswitch import commands, store

    with pytest.raises(store.StoreError):
        commands.remove("k")
    assert keyring_get(secret_service, "ccswitch", "k:ANTHROPIC_API_KEY") == "keep-me"
    assert "k" in store.load()
