"""`ccswitch guard`: credentials in settings, .env and startup files are refused, in a real git
repository with a real `git commit`; an existing pre-commit hook is kept; placeholders pass."""

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from truthkit import CANARY, need, tenv  # noqa: F401

from ccswitch import guard

ROOT = Path(__file__).resolve().parent.parent
KEY = CANARY  # sk-ant-…: a known key prefix
TOKEN = "Zq7Lm2Xv9Rt4Kp8Wn3Yb6Hc1"  # no known prefix, but credential-shaped


class Repo:
    def __init__(self, tenv, path):
        self.tenv = tenv
        self.path = Path(path)
        self.git_bin = need("git")
        self.path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.email", "t@example.com")
        self.git("config", "user.name", "t")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args, check=True, cwd=None):
        done = subprocess.run([self.git_bin, *args], cwd=str(cwd or self.path), env=dict(self.tenv), capture_output=True)
        done.out = done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8", "replace")
        if check and done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)}: {done.out}")
        return done

    def write(self, rel, content):
        path = self.path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content, indent=2) + "\n")
        return path

    def stage(self, rel, content):
        self.write(rel, content)
        self.git("add", "--", rel)

    def commit(self, message="c", cwd=None):
        return self.git("commit", "-m", message, check=False, cwd=cwd)

    def ccswitch(self, *args, cwd=None):
        return self.tenv.run(*args, cwd=cwd or self.path)

    def head_files(self):
        done = self.git("ls-tree", "-r", "--name-only", "HEAD", check=False)
        return set(done.stdout.decode().split()) if done.returncode == 0 else set()


@pytest.fixture
def repo(tenv, tmp_path):
    return Repo(tenv, tmp_path / "repo")


SETTINGS_WITH_KEY = '{\n  "model": "claude-sonnet-4-5",\n  "env": {\n    "ANTHROPIC_BASE_URL": "https://gw.example.com",\n    "ANTHROPIC_API_KEY": "' + KEY + '"\n  }\n}\n'


# ----------------------------------------------------------------------------- the installed hook and real commits


def test_installed_hook_refuses_a_staged_key_and_lets_a_clean_file_through(repo):
    r = repo.ccswitch("guard", "install")
    assert r.returncode == 0, r.err
    hooks = repo.path / ".git" / "hooks"
    assert f"wrote {hooks / 'pre-commit'}" in r.err
    assert os.access(hooks / "pre-commit", os.X_OK) and os.access(hooks / "ccswitch-guard", os.X_OK)
    repo.stage(".claude/settings.json", SETTINGS_WITH_KEY)
    done = repo.commit()
    assert done.returncode != 0
    assert ".claude/settings.json:5: ANTHROPIC_API_KEY holds a credential-shaped value" in done.out
    assert "ccswitch import claude-settings .claude/settings.json --name NAME --remove-secrets" in done.out
    assert "the commit is refused" in done.out
    assert KEY not in done.out and KEY[10:-6] not in done.out
    assert repo.head_files() == set()
    # the key replaced by a reference: the commit goes through
    repo.stage(".claude/settings.json", {"env": {"ANTHROPIC_BASE_URL": "https://gw.example.com", "ANTHROPIC_API_KEY": "${ANTHROPIC_API_KEY}"}})
    done = repo.commit()
    assert done.returncode == 0, done.out
    assert repo.head_files() == {".claude/settings.json"}


def test_the_hook_checks_the_index_not_the_working_tree(repo):
    repo.ccswitch("guard", "install")
    repo.stage(".env", f"ANTHROPIC_AUTH_TOKEN={TOKEN}\n")
    repo.write(".env", "ANTHROPIC_AUTH_TOKEN=\n")  # fixed on disk, but not staged
    done = repo.commit()
    assert done.returncode != 0 and ".env:1: ANTHROPIC_AUTH_TOKEN" in done.out
    assert "ccswitch import dotenv .env --name NAME" in done.out
    repo.git("add", ".env")
    assert repo.commit().returncode == 0
    repo.write(".env", f"ANTHROPIC_AUTH_TOKEN={TOKEN}\n")  # on disk only: not what would be committed
    repo.stage("README", "x\n")
    assert repo.commit().returncode == 0
    r = repo.ccswitch("guard", "check", ".env")  # given as a path, the file on disk is read
    assert r.returncode == 1 and TOKEN not in r.out + r.err


def test_commit_all_and_partial_commits_are_checked_too(repo):
    """`git commit -a` and `git commit PATH` commit from a temporary index: the hook reads that one."""
    repo.stage(".env", "ANTHROPIC_API_KEY=\n")
    assert repo.commit().returncode == 0
    repo.ccswitch("guard", "install")
    repo.write(".env", f"ANTHROPIC_API_KEY={TOKEN}\n")
    for args in (["commit", "-a", "-m", "all"], ["commit", "-m", "path", "--", ".env"]):
        done = repo.git(*args, check=False)
        assert done.returncode != 0 and ".env:1: ANTHROPIC_API_KEY" in done.out and TOKEN not in done.out


def test_an_existing_shell_hook_is_kept_and_still_runs(repo):
    hooks = repo.path / ".git" / "hooks"
    hooks.mkdir(parents=True, exist_ok=True)
    original = "#!/bin/sh\n# the team's own hook\necho ran >> \"$(git rev-parse --git-dir)/own-hook-ran\"\nexit 0\n"
    (hooks / "pre-commit").write_text(original)
    (hooks / "pre-commit").chmod(0o755)
    r = repo.ccswitch("guard", "install")
    assert r.returncode == 0, r.err
    assert "added a call to ccswitch-guard at the top of the existing" in r.err
    text = (hooks / "pre-commit").read_text()
    assert text.startswith("#!/bin/sh\n\"$(dirname -- \"$0\")/ccswitch-guard\" || exit 1")
    assert text.endswith(original[len("#!/bin/sh\n"):])  # every line of the old hook, unchanged, after ours
    assert os.access(hooks / "pre-commit", os.X_OK)
    marker = repo.path / ".git" / "own-hook-ran"
    repo.stage("a.txt", "a\n")
    assert repo.commit().returncode == 0
    assert marker.read_text() == "ran\n"  # the old hook still runs
    repo.stage("settings.local.json", {"env": {"CLAUDE_CODE_OAUTH_TOKEN": "sk-ant-oat01-" + TOKEN}})
    done = repo.commit()
    assert done.returncode != 0 and "settings.local.json:3: CLAUDE_CODE_OAUTH_TOKEN" in done.out
    # installing again changes nothing
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in hooks.iterdir()}
    r = repo.ccswitch("guard", "install")
    assert r.returncode == 0 and "already installed" in r.err and "nothing changed" in r.err
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in hooks.iterdir()} == before


def test_install_twice_changes_nothing(repo):
    repo.ccswitch("guard", "install")
    hooks = repo.path / ".git" / "hooks"
    before = {p.name: p.read_bytes() for p in hooks.iterdir()}
    r = repo.ccswitch("guard", "install")
    assert r.returncode == 0 and r.err.strip().endswith("nothing changed")
    assert {p.name: p.read_bytes() for p in hooks.iterdir()} == before
    assert (hooks / "pre-commit").read_text().count("ccswitch-guard") == 2  # the call and its marker comment, once


@pytest.mark.parametrize("content, why", [
    ("#!/usr/bin/env python3\nprint('hi')\n", "not a POSIX shell script"),
    ("#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\nexec pre-commit\n", "pre-commit framework"),
    ("#!/bin/sh\ncall_lefthook run pre-commit  # lefthook\n", "lefthook"),
])
def test_a_hook_that_cannot_be_extended_is_left_alone(repo, content, why):
    hooks = repo.path / ".git" / "hooks"
    hooks.mkdir(parents=True, exist_ok=True)
    (hooks / "pre-commit").write_text(content)
    (hooks / "pre-commit").chmod(0o755)
    r = repo.ccswitch("guard", "install")
    assert r.returncode == 1 and why in r.err and "Traceback" not in r.err
    assert len(r.err.strip().splitlines()) == 1
    assert (hooks / "pre-commit").read_text() == content
    assert not (hooks / "ccswitch-guard").exists()


def test_a_symlinked_or_inactive_hook_is_left_alone(repo, tmp_path):
    hooks = repo.path / ".git" / "hooks"
    hooks.mkdir(parents=True, exist_ok=True)
    shared = tmp_path / "shared-hook"
    shared.write_text("#!/bin/sh\nexit 0\n")
    (hooks / "pre-commit").symlink_to(shared)
    r = repo.ccswitch("guard", "install")
    assert r.returncode == 1 and "symlink" in r.err
    assert shared.read_text() == "#!/bin/sh\nexit 0\n"
    (hooks / "pre-commit").unlink()
    (hooks / "pre-commit").write_text("#!/bin/sh\nexit 0\n")
    (hooks / "pre-commit").chmod(0o644)
    r = repo.ccswitch("guard", "install")
    assert r.returncode == 1 and "not executable" in r.err


def test_core_hooks_path_is_respected(repo):
    repo.git("config", "core.hooksPath", ".githooks")
    r = repo.ccswitch("guard", "install")
    assert r.returncode == 0, r.err
    assert (repo.path / ".githooks" / "pre-commit").exists()
    assert not (repo.path / ".git" / "hooks" / "pre-commit").exists()
    repo.stage(".env.production", f'ANTHROPIC_FOUNDRY_API_KEY="{TOKEN}"\n')
    done = repo.commit()
    assert done.returncode != 0 and ".env.production:1: ANTHROPIC_FOUNDRY_API_KEY" in done.out


def test_worktrees_share_the_hook(repo, tmp_path):
    repo.stage("a.txt", "a\n")
    assert repo.commit().returncode == 0
    wt = tmp_path / "wt"
    repo.git("worktree", "add", "-q", "-b", "side", str(wt))
    r = repo.ccswitch("guard", "install", cwd=wt)
    assert r.returncode == 0, r.err
    assert (repo.path / ".git" / "hooks" / "ccswitch-guard").exists()
    (wt / "dev.env").write_text(f"export AWS_BEARER_TOKEN_BEDROCK=ABSK{TOKEN}{TOKEN}\n")
    repo.git("add", "dev.env", cwd=wt)
    done = repo.commit(cwd=wt)
    assert done.returncode != 0 and "dev.env:1: AWS_BEARER_TOKEN_BEDROCK" in done.out
    # the main worktree is protected by the same hook
    repo.stage("settings.json", {"apiKeyHelper": f"echo {KEY}"})
    done = repo.commit()
    assert done.returncode != 0 and "settings.json:2: an apiKeyHelper that prints a literal key" in done.out


def test_the_hook_script_passes_shellcheck(repo):
    shellcheck = need("shellcheck")
    repo.ccswitch("guard", "install")
    for name in ("pre-commit", "ccswitch-guard"):
        done = subprocess.run([shellcheck, "-s", "sh", str(repo.path / ".git" / "hooks" / name)], capture_output=True)
        assert done.returncode == 0, done.stdout.decode()


def test_outside_a_repository(tenv, tmp_path):
    r = tenv.run("guard", "check", cwd=tmp_path)
    assert r.returncode == 2 and "not in a git repository" in r.err
    r = tenv.run("guard", "install", cwd=tmp_path)
    assert r.returncode == 2 and "not in a git repository" in r.err
    r = tenv.run("guard", "check", str(tmp_path / "missing.env"), cwd=tmp_path)
    assert r.returncode == 2 and "no such file" in r.err and "Traceback" not in r.err


# ----------------------------------------------------------------------------- guard check with paths


def check(tenv, *paths, cwd):
    r = tenv.run("guard", "check", *map(str, paths), cwd=cwd)
    assert "Traceback" not in r.err
    assert KEY not in r.out + r.err and TOKEN not in r.out + r.err
    return r


def hits(r):
    return sorted(re.findall(r"^(\S+):(\d+): (\S+)", r.out, re.M))


def test_check_paths_names_file_line_and_variable(tenv, tmp_path):
    d = tmp_path / "w"
    d.mkdir()
    (d / "settings.local.json").write_text(json.dumps({"env": {
        "ANTHROPIC_AUTH_TOKEN": TOKEN, "ANTHROPIC_CUSTOM_HEADERS": f"X-Api-Key: {TOKEN}", "ANTHROPIC_MODEL": TOKEN,
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8kPk3Nq", "ANTHROPIC_BASE_URL": "https://user:" + TOKEN + "@gw.example"}}, indent=2))
    (d / ".env").write_text(f"# ANTHROPIC_API_KEY={KEY}\nANTHROPIC_API_KEY={KEY}\nGITHUB_TOKEN=ghp_{TOKEN}{TOKEN}\n")
    (d / ".claude.json").write_text(json.dumps({"primaryApiKey": KEY, "customApiKeyResponses": {"approved": [KEY[-20:]]}}, indent=2))
    r = check(tenv, d / "settings.local.json", d / ".env", d / ".claude.json", cwd=d)
    assert r.returncode == 1
    s = str(d)
    assert hits(r) == sorted([
        (f"{s}/settings.local.json", "3", "ANTHROPIC_AUTH_TOKEN"), (f"{s}/settings.local.json", "4", "ANTHROPIC_CUSTOM_HEADERS"),
        (f"{s}/settings.local.json", "6", "AWS_SECRET_ACCESS_KEY"), (f"{s}/settings.local.json", "7", "ANTHROPIC_BASE_URL"),
        (f"{s}/.env", "1", "a"),  # a real key in a comment is committed all the same
        (f"{s}/.env", "2", "ANTHROPIC_API_KEY"), (f"{s}/.env", "3", "GITHUB_TOKEN"),
        (f"{s}/.claude.json", "2", "primaryApiKey"),
    ])
    assert "ccswitch import dotenv" in r.out and "keep it out of the repository" in r.out  # GITHUB_TOKEN: not Claude's
    assert "8 credentials found" in r.err


PLACEHOLDERS = ["", "${ANTHROPIC_API_KEY}", "$ANTHROPIC_API_KEY", "<your-key>", "changeme", "xxxxxxxxxxxxxxxxxxxxxxxx",
                "sk-ant-xxxxxxxxxxxxxxxx", "sk-ant-...", "sk-ant-…", "your-api-key-here", "REPLACE_ME", "AKIAIOSFODNN7EXAMPLE",
                "${localEnv:ANTHROPIC_API_KEY}", "$(op read op://vault/claude/key)", "{{ secrets.ANTHROPIC_API_KEY }}",
                "%ANTHROPIC_API_KEY%", "null", "TODO", "***", "sk-ant-api03-REDACTED", "dummy-key-for-tests-0123"]


@pytest.mark.parametrize("value", PLACEHOLDERS)
def test_placeholders_are_not_flagged(value):
    assert not guard.credential_shaped(value)
    assert guard.check_text(".env", f"ANTHROPIC_API_KEY={value}\n", "dotenv") == []
    assert guard.check_text("settings.json", json.dumps({"env": {"ANTHROPIC_AUTH_TOKEN": value}}), "settings") == []


@pytest.mark.parametrize("value", [KEY, TOKEN, "sk-ant-api03-" + TOKEN, "0123456789abcdef0123456789abcdef",
                                   "ABSKQmVkcm9ja0FQSUtleS1hYmNkZWZnaGlqa2xtbm9w", f"'{TOKEN}'", f'"{KEY}"'])
def test_real_looking_values_are_flagged(value):
    assert guard.credential_shaped(value)
    (f,) = guard.check_text(".env", f"ANTHROPIC_API_KEY={value}\n", "dotenv")
    assert (f.line, f.variable) == (1, "ANTHROPIC_API_KEY")


def test_placeholders_pass_on_the_command_line(tenv, tmp_path):
    d = tmp_path / "p"
    d.mkdir()
    (d / ".env.example").write_text("".join(f"ANTHROPIC_API_KEY={v}\n" for v in PLACEHOLDERS))
    (d / "settings.json").write_text(json.dumps({"env": {"ANTHROPIC_API_KEY": "", "ANTHROPIC_MODEL": "claude-opus-4-1",
                                                         "CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "us-east-1"},
                                                 "apiKeyHelper": "ccswitch secret gw"}))
    r = check(tenv, d / ".env.example", d / "settings.json", "-v", cwd=d)
    assert r.returncode == 0 and r.out == "" and "no credential in 2 files" in r.err


@pytest.mark.parametrize("helper, flagged", [
    (f"echo {KEY}", True),
    (f"echo -n '{TOKEN}'", True),
    (f"printf '%s' {KEY}", True),
    (f"printf %s\\\\n {TOKEN}", True),
    (f"cat <<< '{TOKEN}'", True),
    (f"cat <<<{KEY}", True),
    (f"cat <<EOF\n{TOKEN}\nEOF", True),
    (f"node -e \"console.log('{KEY}')\"", True),
    (f"true && echo \"{TOKEN}\"", True),
    ("ccswitch secret gw", False),
    ("op read op://vault/claude/credential", False),
    ("security find-generic-password -w -s claude-gateway", False),
    ("aws secretsmanager get-secret-value --secret-id arn:aws:secretsmanager:us-east-1:123456789012:secret:claude-AbCdEf --query SecretString --output text", False),
    ("echo $ANTHROPIC_API_KEY", False),
    ("echo \"${GATEWAY_TOKEN}\"", False),
    ("echo '<your-key>'", False),
    ("cat ~/.config/claude/key.txt", False),
])
def test_api_key_helper_that_echoes_a_literal(helper, flagged):
    found = guard.check_text("settings.json", json.dumps({"apiKeyHelper": helper}, indent=2), "settings")
    assert bool(found) is flagged
    if flagged:
        assert (found[0].line, found[0].variable, found[0].what) == (2, "apiKeyHelper", "helper")


def test_json_env_blocks_at_any_depth_are_checked(tenv, tmp_path):
    d = tmp_path / "j"
    d.mkdir()
    (d / "profile-work.json").write_text(json.dumps({"env": {"ANTHROPIC_AUTH_TOKEN": TOKEN}}, indent=2))
    (d / "package.json").write_text(json.dumps({"name": "x", "config": {"ANTHROPIC_AUTH_TOKEN": TOKEN}}))
    (d / "broken-settings.json").write_text('{\n  "env": {\n    "ANTHROPIC_API_KEY": "' + KEY + '",\n  ]\n')
    r = check(tenv, d, cwd=d)
    assert r.returncode == 1
    assert hits(r) == sorted([(f"{d}/broken-settings.json", "3", "ANTHROPIC_API_KEY"), (f"{d}/profile-work.json", "3", "ANTHROPIC_AUTH_TOKEN"),
                              (f"{d}/package.json", "1", "ANTHROPIC_AUTH_TOKEN")])


def test_devcontainer_json_with_comments(tenv, tmp_path):
    d = tmp_path / "dc"
    (d / ".devcontainer").mkdir(parents=True)
    (d / ".devcontainer" / "devcontainer.json").write_text("\n".join([
        "{",
        "  // \"containerEnv\": {\"ANTHROPIC_API_KEY\": \"" + KEY + "\"},",
        '  "image": "mcr.microsoft.com/devcontainers/base", /* a "comment" */',
        '  "containerEnv": {',
        '    /* "ANTHROPIC_AUTH_TOKEN": "' + TOKEN + '", */',
        '    "ANTHROPIC_API_KEY": "${localEnv:ANTHROPIC_API_KEY}",',
        '    "ANTHROPIC_MODEL": "claude-sonnet-4-5",',
        "  },",
        '  "remoteEnv": {',
        '    "ANTHROPIC_AUTH_TOKEN": "' + TOKEN + '", // oops',
        "  },",
        "}",
    ]))
    r = check(tenv, d, cwd=d)
    assert r.returncode == 1
    # a commented-out credential is committed all the same; a reference and a model id are not credentials
    assert hits(r) == sorted([(f"{d}/.devcontainer/devcontainer.json", "2", "a"), (f"{d}/.devcontainer/devcontainer.json", "5", "ANTHROPIC_AUTH_TOKEN"),
                              (f"{d}/.devcontainer/devcontainer.json", "10", "ANTHROPIC_AUTH_TOKEN")])
    assert "${localEnv:ANTHROPIC_AUTH_TOKEN}" in r.out


def test_dotfiles_of_every_shell(tenv, tmp_path):
    d = tmp_path / "dotfiles"
    files = {
        ".bashrc": f"# export ANTHROPIC_API_KEY={KEY}\nexport ANTHROPIC_API_KEY={KEY}\n",
        ".zshrc": f"typeset -gx ANTHROPIC_AUTH_TOKEN='{TOKEN}'\n",
        ".config/fish/config.fish": f"# set -gx ANTHROPIC_API_KEY {KEY}\nset -gx ANTHROPIC_API_KEY {KEY}\n",
        ".config/fish/fish_variables": f"SETUVAR --export CLAUDE_CODE_OAUTH_TOKEN:sk\\x2dant\\x2doat01\\x2d{TOKEN}\n",
        ".tcshrc": f"setenv ANTHROPIC_API_KEY {KEY}\n",
        ".config/powershell/Microsoft.PowerShell_profile.ps1": f"<#\n$env:ANTHROPIC_API_KEY = '{KEY}'\n#>\n$env:anthropic_api_key = '{KEY}'\n",
        ".envrc": f"export ANTHROPIC_AUTH_TOKEN={TOKEN} # ccswitch-guard: allow\nexport AWS_SESSION_TOKEN={TOKEN}\n",
    }
    for rel, text in files.items():
        (d / rel).parent.mkdir(parents=True, exist_ok=True)
        (d / rel).write_text(text)
    r = check(tenv, d, cwd=d)
    assert r.returncode == 1
    assert hits(r) == sorted([
        (f"{d}/.bashrc", "1", "a"), (f"{d}/.config/fish/config.fish", "1", "a"),  # commented out, committed all the same
        (f"{d}/.config/powershell/Microsoft.PowerShell_profile.ps1", "2", "a"),
        (f"{d}/.bashrc", "2", "ANTHROPIC_API_KEY"), (f"{d}/.zshrc", "1", "ANTHROPIC_AUTH_TOKEN"),
        (f"{d}/.config/fish/config.fish", "2", "ANTHROPIC_API_KEY"), (f"{d}/.config/fish/fish_variables", "1", "CLAUDE_CODE_OAUTH_TOKEN"),
        (f"{d}/.tcshrc", "1", "ANTHROPIC_API_KEY"),
        (f"{d}/.config/powershell/Microsoft.PowerShell_profile.ps1", "4", "ANTHROPIC_API_KEY"),
        (f"{d}/.envrc", "2", "AWS_SESSION_TOKEN"),
    ])


def test_pre_commit_framework_manifest():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text()
    assert "- id: ccswitch-guard" in text
    assert re.search(r"^\s+entry: ccswitch guard check$", text, re.M)
    assert re.search(r"^\s+language: python$", text, re.M)
    assert not re.search(r"^\s+(files|types|exclude):", text, re.M)  # every staged file is checked
    names = [".claude/settings.json", ".claude/settings.local.json", "settings.json", "a/b/.env", ".env.local", "prod.env",
             ".envrc", "home/.bashrc", ".zshrc", ".config/fish/conf.d/x.fish", "fish_variables", ".tcshrc",
             "Documents/PowerShell/Microsoft.PowerShell_profile.ps1", ".devcontainer/devcontainer.json", ".claude.json",
             "environment.d/50-x.conf", ".bashrc.d/claude", "custom/claude.zsh"]
    for name in names:
        assert guard.classify(name) is not None, name
    for name in ("src/app.py", "README.md", "environment.txt", "docs/env.md"):
        assert guard.classify(name) is None, name  # read by the format scan only
    readme = (ROOT / "README.md").read_text()
    assert "id: ccswitch-guard" in readme and "ccswitch guard install" in readme


# ----------------------------------------------------------------------------- completion


def test_bash_completion_of_guard(tmp_path):
    bash = need("bash")
    (tmp_path / ".env").write_text("")
    script = f"""source '{ROOT / "completions" / "ccswitch.bash"}'
t() {{ COMP_WORDS=("$@"); COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 )); COMPREPLY=(); _ccswitch_complete; echo "${{COMPREPLY[*]}}"; }}
t ccswitch gu
t ccswitch guard ''
t ccswitch guard check --
t ccswitch guard check .en
t ccswitch guard install ''
"""
    done = subprocess.run([bash, "-c", script], cwd=str(tmp_path), capture_output=True)
    assert done.stdout.decode().splitlines() == ["guard", "check install", "--verbose --help", ".env", ""]
