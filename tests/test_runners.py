"""The one copy of each runner: git (`gitrun`), a command that prints a secret
(`secrets.run_command`) and the exception -> exit status mapping (`__main__.guarded`)."""

import os
import sys

import pytest

from ccswitch import __main__ as entry
from ccswitch import doctor, gitrun, guard, secrets, verify
from ccswitch.errors import CCSwitchError, UsageError

LEAK = "sk-ant-LEAK-0123456789abcdef0123456789"


def fake_git(tmp_path, monkeypatch, body):
    folder = tmp_path / "bin"
    folder.mkdir()
    git = folder / "git"
    git.write_text(f"#!/bin/sh\n{body}\n")
    git.chmod(0o755)
    monkeypatch.setenv("PATH", os.pathsep.join([str(folder), "/usr/bin", "/bin"]))  # this git first


# ----------------------------------------------------------------------------- git


def test_one_git_runner():
    assert not hasattr(doctor, "_git") and not hasattr(guard, "_git")


def test_git_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(gitrun.GitMissing, match="^git is not installed$"):
        gitrun.run(str(tmp_path), "status")
    assert gitrun.probe(str(tmp_path), "status") is None
    with pytest.raises(CCSwitchError, match="give the files to check"):  # guard check adds what to do instead
        guard.check_staged(str(tmp_path))


def test_git_timeout(tmp_path, monkeypatch):
    fake_git(tmp_path, monkeypatch, "exec sleep 5")
    monkeypatch.setattr(gitrun, "TIMEOUT", 0.3)
    with pytest.raises(gitrun.GitError, match=r"^git ls-files did not finish within 0.3 s$"):
        gitrun.run(str(tmp_path), "ls-files")
    assert gitrun.probe(str(tmp_path), "ls-files") is None


def test_git_runs_in_the_folder_and_takes_input(tmp_path, monkeypatch):
    fake_git(tmp_path, monkeypatch, 'printf "%s|" "$@"; cat')
    done = gitrun.run(str(tmp_path), "cat-file", "--batch", input=b"in")
    assert done.returncode == 0 and done.stdout == f"-C|{tmp_path}|cat-file|--batch|in".encode()


# ----------------------------------------------------------------------------- secret commands


def test_one_secret_command_runner():
    assert not hasattr(secrets, "_run")


@pytest.mark.parametrize("command, message", [
    (f"echo {LEAK}; echo {LEAK} >&2; exit 3", "the command X failed with exit status 3"),
    (f"printf '{LEAK}\\377'", "the command X printed bytes that are not UTF-8"),
    (f"echo {LEAK} >&2", "the command X printed nothing"),
    ("printf ''", "the command X printed nothing"),
])
def test_secret_command_failures_never_show_output(command, message, capfd):
    with pytest.raises(secrets.SecretError) as e:
        secrets.run_command(command, "the command X", quiet=True)
    assert str(e.value) == message and LEAK not in str(e.value)
    assert LEAK not in capfd.readouterr().err  # quiet: its stderr went nowhere


def test_secret_command_timeout():
    with pytest.raises(secrets.SecretError, match=r"^the command X did not finish in 0.3 s$"):
        secrets.run_command(f"echo {LEAK}; exec sleep 5", "the command X", timeout=0.3)


def test_secret_command_output():
    assert secrets.run_command("printf ' key \\n\\n'", "x") == " key \n"  # one trailing newline stripped
    assert secrets.run_command("printf ' key \\n\\n'", "x", trim=True) == "key"  # as Claude Code takes a helper's
    assert secrets.run_command("printf 'a\\r\\n'", "x") == "a"


def test_secret_command_stderr_is_ours_unless_quiet(capfd):
    assert secrets.run_command("echo note >&2; echo v", "x") == "v"
    assert "note" in capfd.readouterr().err


def test_cmd_source_and_helper_use_it():
    assert secrets.resolve("r", "ANTHROPIC_API_KEY", "cmd:echo v") == "v"
    with pytest.raises(secrets.SecretError, match=r"^the command for ANTHROPIC_API_KEY of route 'r' failed with exit status 1$"):
        secrets.resolve("r", "ANTHROPIC_API_KEY", f"cmd:echo {LEAK}; false")
    assert verify.run_helper("echo '  k  '") == "k"
    with pytest.raises(verify.Outcome) as e:
        verify.run_helper(f"echo {LEAK}; exit 4")
    assert (e.value.key, e.value.message) == ("config", "the apiKeyHelper command failed with exit status 4")


# ----------------------------------------------------------------------------- exit statuses


def boom(exc):
    raise exc


@pytest.mark.parametrize("exc, code, err", [
    (CCSwitchError("broken"), 1, "ccswitch: broken\n"),
    (UsageError("bad\x1b[31m"), 2, "ccswitch: bad"),
    (BrokenPipeError(), 1, ""),
    (KeyboardInterrupt(), 130, ""),
    (ValueError(LEAK), 70, "ccswitch: internal error (ValueError)"),
])
def test_guarded(exc, code, err, capsys, monkeypatch):
    monkeypatch.delenv("CCSWITCH_DEBUG", raising=False)
    assert entry.guarded(boom, exc) == code
    out = capsys.readouterr()
    assert out.out == "" and out.err.startswith(err) and LEAK not in out.err and "\x1b" not in out.err


def test_guarded_passes_the_result_through():
    assert entry.guarded(lambda a: a, 7) == 7
    assert entry.guarded(lambda: None) is None  # the fast path's "let click parse this"


def test_click_cli_maps_the_same(capsys, monkeypatch):
    from ccswitch import cli

    monkeypatch.delenv("CCSWITCH_DEBUG", raising=False)
    monkeypatch.setattr(cli.cli, "main", lambda **kw: boom(ValueError(LEAK)))
    assert cli.run(["anything"]) == 70
    monkeypatch.setattr(cli.cli, "main", lambda **kw: boom(KeyboardInterrupt()))
    assert cli.run(["anything"]) == 130
    monkeypatch.setattr(cli.cli, "main", lambda **kw: sys.exit(3))
    assert cli.run(["anything"]) == 3
    assert LEAK not in capsys.readouterr().err
