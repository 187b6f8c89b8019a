"""Where route variables come from: every shell's startup files, .env/.envrc, devcontainer.json and
the settings layers, with exact file and line; `status` and `doctor` report them; no value printed."""

import json
import subprocess

import pytest

from truthkit import CANARY, need, tenv  # noqa: F401

from ccswitch import origins


def write(path, lines):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    return path


def found(data):
    return {(o["variable"], o["file"], o["line"]) for o in data["origins"]}


@pytest.fixture
def home(tenv, tmp_path):
    """tenv with a private /etc (CCSWITCH_ETC_DIR), so the machine's startup files stay out."""
    etc = tmp_path / "etc"
    etc.mkdir()
    tenv["CCSWITCH_ETC_DIR"] = str(etc)
    tenv.etc = etc
    return tenv


# ----------------------------------------------------------------------------- every shell, in its own syntax


def every_shell(h):
    """A startup file per shell, each assigning a route variable in that shell's syntax beside
    commented-out assignments that must not count.  Returns the expected {(var, file, line)}."""
    home, cfg = h.home, h.home / ".config"
    expected = set()

    def add(path, lines, *hits):
        write(path, lines)
        for var, line in hits:
            expected.add((var, str(path), line))

    add(home / ".bashrc", [
        "# ~/.bashrc",
        "# export ANTHROPIC_API_KEY=" + CANARY,
        "   #export ANTHROPIC_API_KEY=old",
        f"export ANTHROPIC_API_KEY={CANARY}   # my key",
        "alias cc='ANTHROPIC_MODEL=x claude'",
        "ANTHROPIC_MODEL=once claude --version",
    ], ("ANTHROPIC_API_KEY", 4))
    add(home / ".bash_profile", [
        "[ -f ~/.bashrc ] && . ~/.bashrc",
        "if [ -z \"$X\" ]; then export ANTHROPIC_BASE_URL='https://gw.example.com'; fi",
        "declare -x ANTHROPIC_MODEL=claude-sonnet-4-5",
    ], ("ANTHROPIC_BASE_URL", 2), ("ANTHROPIC_MODEL", 3))
    add(home / ".profile", [
        "# ANTHROPIC_SMALL_FAST_MODEL=commented",
        "ANTHROPIC_SMALL_FAST_MODEL=haiku",
        "export ANTHROPIC_SMALL_FAST_MODEL",
    ], ("ANTHROPIC_SMALL_FAST_MODEL", 2))
    add(home / ".zshrc", [
        "# typeset -gx CLAUDE_CODE_USE_VERTEX=1",
        "typeset -gx CLAUDE_CODE_USE_VERTEX=1",
    ], ("CLAUDE_CODE_USE_VERTEX", 2))
    add(home / ".zshenv", ["export CLOUD_ML_REGION=us-east5"], ("CLOUD_ML_REGION", 1))
    add(home / ".zprofile", ["", "", f'export ANTHROPIC_AUTH_TOKEN="{CANARY}"'], ("ANTHROPIC_AUTH_TOKEN", 3))
    add(cfg / "fish" / "config.fish", [
        "# set -gx ANTHROPIC_API_KEY " + CANARY,
        "if status is-interactive",
        f"    set -gx ANTHROPIC_API_KEY {CANARY}",
        "end",
        "set -l ANTHROPIC_MODEL local-only",
        "set -e ANTHROPIC_BASE_URL",
    ], ("ANTHROPIC_API_KEY", 3))
    add(cfg / "fish" / "conf.d" / "claude.fish", [
        "set --export --global ANTHROPIC_VERTEX_PROJECT_ID my-project",
        "set -Ux CLAUDE_CODE_USE_BEDROCK 1",
    ], ("ANTHROPIC_VERTEX_PROJECT_ID", 1), ("CLAUDE_CODE_USE_BEDROCK", 2))
    add(cfg / "fish" / "fish_variables", [
        "# This file contains fish universal variable definitions.",
        "# VERSION: 3.0",
        "SETUVAR --export AWS_BEARER_TOKEN_BEDROCK:ABSK\\x2dsecret",
        "SETUVAR fish_greeting:",
    ], ("AWS_BEARER_TOKEN_BEDROCK", 3))
    add(home / ".tcshrc", [
        "# setenv ANTHROPIC_API_KEY old",
        f'setenv ANTHROPIC_API_KEY "{CANARY}"',
        "set ANTHROPIC_MODEL=shell-variable-only",
    ], ("ANTHROPIC_API_KEY", 2))
    add(home / ".cshrc", ["if ( ! $?X ) setenv ANTHROPIC_DEFAULT_OPUS_MODEL opus"], ("ANTHROPIC_DEFAULT_OPUS_MODEL", 1))
    add(home / ".login", ["", "setenv CLAUDE_CODE_SKIP_BEDROCK_AUTH 1"], ("CLAUDE_CODE_SKIP_BEDROCK_AUTH", 2))
    add(cfg / "powershell" / "Microsoft.PowerShell_profile.ps1", [
        "# $env:ANTHROPIC_API_KEY = 'old'",
        "<# a block comment",
        "$env:ANTHROPIC_BASE_URL = 'https://old.example.com'",
        "#>",
        f'$env:ANTHROPIC_API_KEY = "{CANARY}"',
        "if ($env:ANTHROPIC_MODEL -eq 'x') { }",
        "[Environment]::SetEnvironmentVariable('ANTHROPIC_DEFAULT_HAIKU_MODEL', 'haiku', 'User')",
        "$env:CLAUDE_CODE_USE_FOUNDRY = $null",
    ], ("ANTHROPIC_API_KEY", 5), ("ANTHROPIC_DEFAULT_HAIKU_MODEL", 7))
    add(cfg / "powershell" / "profile.ps1", ["${env:ANTHROPIC_FOUNDRY_RESOURCE} = 'res'"], ("ANTHROPIC_FOUNDRY_RESOURCE", 1))
    add(cfg / "nushell" / "env.nu", ["# $env.ANTHROPIC_MODEL = 'x'", "$env.ANTHROPIC_DEFAULT_SONNET_MODEL = 'sonnet'"],
        ("ANTHROPIC_DEFAULT_SONNET_MODEL", 2))
    add(home / ".xonshrc", ["# $ANTHROPIC_MODEL = 'x'", "$ANTHROPIC_BETAS = 'b1'"], ("ANTHROPIC_BETAS", 2))
    add(cfg / "elvish" / "rc.elv", ["set-env ANTHROPIC_CUSTOM_MODEL_OPTION m", "set E:CLAUDE_CODE_SUBAGENT_MODEL = s"],
        ("ANTHROPIC_CUSTOM_MODEL_OPTION", 1), ("CLAUDE_CODE_SUBAGENT_MODEL", 2))
    add(cfg / "environment.d" / "50-claude.conf", ["# systemd user session", "ANTHROPIC_FOUNDRY_BASE_URL=https://f.example"],
        ("ANTHROPIC_FOUNDRY_BASE_URL", 2))
    # files no shell reads, and variables that are not Claude Code's: never reported
    write(home / ".bashrc.bak", [f"export ANTHROPIC_API_KEY={CANARY}"])
    write(home / ".bash_logout", ["export ANTHROPIC_MODEL=x"])
    return expected


def test_every_shells_startup_files_with_exact_lines(home):
    expected = every_shell(home)
    data = home.doctor()
    assert found(data) == expected
    by_file = {(o["file"], o["line"]): o for o in data["origins"]}
    assert by_file[(str(home.home / ".bashrc"), 4)]["syntax"] == "export"
    assert by_file[(str(home.home / ".bashrc"), 4)]["shell"] == "bash"
    assert by_file[(str(home.home / ".config" / "fish" / "config.fish"), 3)]["syntax"] == "set -gx"
    assert by_file[(str(home.home / ".config" / "fish" / "fish_variables"), 3)]["source"] == "fish-universal"
    assert by_file[(str(home.home / ".tcshrc"), 2)]["syntax"] == "setenv"
    assert by_file[(str(home.home / ".zshrc"), 2)]["syntax"] == "typeset -gx"
    ps = str(home.home / ".config" / "powershell" / "Microsoft.PowerShell_profile.ps1")
    assert by_file[(ps, 5)]["syntax"] == "$env:" and by_file[(ps, 5)]["shell"] == "pwsh"
    assert by_file[(ps, 7)]["syntax"] == "[Environment]::SetEnvironmentVariable"
    assert by_file[(str(home.home / ".config" / "environment.d" / "50-claude.conf"), 2)]["source"] == "environment.d"
    # one warning finding per origin, naming file and line, with the fix; never a value
    warn = [f for f in data["findings"] if f["check"] == "origins"]
    assert len(warn) == len(expected) and all(f["severity"] == "warn" for f in warn)
    bashrc = next(f for f in warn if f["file"] == str(home.home / ".bashrc"))
    assert "~/.bashrc line 4 (export)" in bashrc["message"]
    assert "returns in every new shell" in bashrc["message"] and "plain text" in bashrc["message"]
    assert "delete line 4 of ~/.bashrc" in bashrc["fix"] and "ccswitch" in bashrc["fix"]
    r = home.run("doctor")
    assert "returns in every new shell" in r.out
    for args in (("doctor",), ("doctor", "--json"), ("status",), ("status", "--json")):
        r = home.run(*args, env={"ANTHROPIC_API_KEY": CANARY, "ANTHROPIC_AUTH_TOKEN": CANARY})
        assert CANARY not in r.out + r.err and "ABSK" not in r.out + r.err and "Traceback" not in r.err


def test_xdg_config_home_is_respected(home, tmp_path):
    xdg = tmp_path / "xdg"
    write(home.home / ".config" / "fish" / "config.fish", ["set -gx ANTHROPIC_MODEL not-read"])
    fish = write(xdg / "fish" / "conf.d" / "a.fish", ["set -x ANTHROPIC_MODEL read"])
    ps = write(xdg / "powershell" / "Microsoft.PowerShell_profile.ps1", ["$env:ANTHROPIC_MODEL = 'read'"])
    data = home.doctor(env={"XDG_CONFIG_HOME": str(xdg)})
    assert found(data) == {("ANTHROPIC_MODEL", str(fish), 1), ("ANTHROPIC_MODEL", str(ps), 1)}


def test_zdotdir_from_the_environment_and_from_zshenv(home, tmp_path):
    zdot = tmp_path / "zdot"
    rc = write(zdot / ".zshrc", ["export ANTHROPIC_MODEL=z"])
    write(home.home / ".zshrc", ["export ANTHROPIC_MODEL=not-read"])
    assert found(home.doctor(env={"ZDOTDIR": str(zdot)})) == {("ANTHROPIC_MODEL", str(rc), 1)}
    # ZDOTDIR set by ~/.zshenv, the usual way
    env_file = write(home.home / ".zshenv", ['export ZDOTDIR="${XDG_CONFIG_HOME:-$HOME/.config}/zsh"', "export ANTHROPIC_BETAS=b"])
    rc2 = write(home.home / ".config" / "zsh" / ".zshrc", ["", "export ANTHROPIC_MODEL=z2"])
    assert found(home.doctor()) == {("ANTHROPIC_BETAS", str(env_file), 2), ("ANTHROPIC_MODEL", str(rc2), 2)}


def test_windows_powershell_profiles_by_path(tmp_path):
    home = tmp_path / "h"
    core = write(home / "Documents" / "PowerShell" / "Microsoft.PowerShell_profile.ps1", ["$env:ANTHROPIC_API_KEY = 'k'"])
    legacy = write(home / "Documents" / "WindowsPowerShell" / "profile.ps1", ["$Env:anthropic_model = 'm'"])
    one = write(tmp_path / "OneDrive" / "Documents" / "PowerShell" / "Microsoft.VSCode_profile.ps1", ["$env:ANTHROPIC_BETAS='b'"])
    env = {"HOME": str(home), "OneDrive": str(tmp_path / "OneDrive"), "XDG_CONFIG_HOME": str(tmp_path / "none")}
    srcs = {s.path for s in origins.startup_sources(env, platform="win32")}
    assert {str(core), str(legacy), str(one)} <= srcs
    got = {(o["variable"], o["file"], o["line"]) for o in origins.find(env, str(tmp_path), platform="win32")}
    assert got == {("ANTHROPIC_API_KEY", str(core), 1), ("ANTHROPIC_MODEL", str(legacy), 1), ("ANTHROPIC_BETAS", str(one), 1)}
    # on Linux those paths are not PowerShell's
    assert not {str(core), str(legacy)} & {s.path for s in origins.startup_sources(env, platform="linux")}


def test_system_startup_files(home):
    envf = write(home.etc / "environment", ["PATH=/usr/bin", "ANTHROPIC_BASE_URL=https://corp.example"])
    prof = write(home.etc / "profile.d" / "claude.sh", ["# corp", "export CLAUDE_CODE_USE_BEDROCK=1"])
    data = home.doctor()
    assert found(data) == {("ANTHROPIC_BASE_URL", str(envf), 2), ("CLAUDE_CODE_USE_BEDROCK", str(prof), 2)}
    assert {o["source"] for o in data["origins"]} == {"system-startup"}
    f = next(f for f in data["findings"] if f["check"] == "origins" and f["file"] == str(prof))
    assert "administrator" in f["fix"]


def test_heredocs_and_broken_files_do_not_count_or_crash(home):
    rc = write(home.home / ".bashrc", [
        "cat > /tmp/x <<'EOF'",
        "export ANTHROPIC_API_KEY=inside-a-heredoc",
        "EOF",
        "cat <<-END",
        "\texport ANTHROPIC_AUTH_TOKEN=inside-too",
        "\tEND",
        "export ANTHROPIC_MODEL=after",
        'echo "never closed',
        "export ANTHROPIC_BASE_URL=in-the-string",
    ])
    (home.home / ".zshrc").write_bytes(b"\x00\xff\xfe binary \x00 export ANTHROPIC_MODEL=x")
    write(home.home / ".tcshrc", ["setenv", "setenv 'quoted name' x", "if ( ("])
    write(home.home / ".config" / "powershell" / "profile.ps1", ["<# never closed", "$env:ANTHROPIC_MODEL = 'x'"])
    write(home.home / ".config" / "fish" / "config.fish", ["set -gx", "set -gx (", "begin; set -gx ANTHROPIC_BETAS 'open"])
    data = home.doctor()
    assert ("ANTHROPIC_MODEL", str(rc), 7) in found(data)
    assert not {v for v, f, _ in found(data) if v in ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN")}
    assert all(f == str(rc) or v == "ANTHROPIC_BETAS" for v, f, _ in found(data))


# ----------------------------------------------------------------------------- project files


def test_dotenv_envrc_from_here_up_to_the_repository_root(home):
    repo = home.project
    home.git_init(repo)
    sub = repo / "a" / "b"
    sub.mkdir(parents=True)
    write(repo.parent / ".env", ["ANTHROPIC_MODEL=above-the-repository"])
    top = write(repo / ".env", ["# ANTHROPIC_API_KEY=commented", "", f"ANTHROPIC_API_KEY={CANARY}"])
    local = write(repo / ".env.local", ["export ANTHROPIC_BASE_URL=https://local.example # comment"])
    envrc = write(repo / "a" / ".envrc", ["source_up", "dotenv_if_exists", "export CLAUDE_CODE_USE_VERTEX=1"])
    here = write(sub / ".env", ['ANTHROPIC_MODEL="multi', "ANTHROPIC_AUTH_TOKEN=inside-a-quoted-value", '"', "ANTHROPIC_BETAS=b"])
    data = home.doctor(cwd=sub)
    assert found(data) == {
        ("ANTHROPIC_API_KEY", str(top), 3), ("ANTHROPIC_BASE_URL", str(local), 1),
        ("CLAUDE_CODE_USE_VERTEX", str(envrc), 3), ("ANTHROPIC_MODEL", str(here), 1), ("ANTHROPIC_BETAS", str(here), 4),
    }
    kinds = {o["file"]: o["source"] for o in data["origins"]}
    assert kinds[str(envrc)] == "envrc" and kinds[str(top)] == "dotenv"
    f = next(f for f in data["findings"] if f["check"] == "origins" and f["file"] == str(envrc))
    assert "direnv" in f["message"] and "ccswitch allow" in f["fix"]
    # outside a repository only the current folder counts
    (repo / ".git").rename(repo / "not-git")
    assert {f for _v, f, _l in found(home.doctor(cwd=sub))} == {str(here)}


def test_devcontainer_json_with_comments(home):
    dc = write(home.project / ".devcontainer" / "devcontainer.json", [
        "// a devcontainer with comments",
        "{",
        '  "name": "has // and /* in a string */",',
        "  /* \"containerEnv\": {\"ANTHROPIC_API_KEY\": \"commented\"}, */",
        '  "containerEnv": {',
        '    // "ANTHROPIC_AUTH_TOKEN": "commented",',
        '    "ANTHROPIC_API_KEY": "${localEnv:ANTHROPIC_API_KEY}",',
        '    "OTHER": "x", // trailing comma next',
        "  },",
        '  "remoteEnv": { "ANTHROPIC_MODEL": "claude-sonnet-4-5", },',
        "}",
    ])
    data = home.doctor()
    assert found(data) == {("ANTHROPIC_API_KEY", str(dc), 7), ("ANTHROPIC_MODEL", str(dc), 10)}
    syntax = {o["line"]: o["syntax"] for o in data["origins"]}
    assert syntax == {7: "containerEnv", 10: "remoteEnv"}
    assert all(o["source"] == "devcontainer" for o in data["origins"])


def test_settings_layers_with_lines(home):
    home.write(home.user_settings, '{\n  "model": "x",\n  "env": {\n    "DISABLE_TELEMETRY": "1",\n    "ANTHROPIC_BASE_URL": "https://s"\n  }\n}')
    home.write(home.project_settings, {"env": {"CLAUDE_CODE_USE_BEDROCK": "1"}})
    data = home.doctor()
    assert found(data) == {("ANTHROPIC_BASE_URL", str(home.user_settings), 5), ("CLAUDE_CODE_USE_BEDROCK", str(home.project_settings), 3)}
    assert {o["scope"] for o in data["origins"]} == {"user", "project"}
    # the settings-env check reports these; the origins check does not repeat them
    assert [f["severity"] for f in data["findings"] if f["check"] == "origins"] == ["ok"]


def test_nothing_found_is_one_ok_finding(home):
    data = home.doctor()
    assert data["origins"] == []
    (f,) = [f for f in data["findings"] if f["check"] == "origins"]
    assert f["severity"] == "ok"


# ----------------------------------------------------------------------------- status


def test_status_names_the_origin_of_a_variable_ccswitch_did_not_set(home):
    rc = write(home.home / ".bashrc", ["# mine", f"export ANTHROPIC_API_KEY={CANARY}"])
    write(home.home / ".zshrc", ["export ANTHROPIC_MODEL=not-set-in-this-shell"])
    data = home.status(env={"ANTHROPIC_API_KEY": CANARY})
    assert data["origins"] == [{"variable": "ANTHROPIC_API_KEY", "file": str(rc), "line": 2, "source": "shell-startup",
                                "shell": "bash", "syntax": "export"}]
    r = home.run("status", env={"ANTHROPIC_API_KEY": CANARY})
    assert "set in      ANTHROPIC_API_KEY: ~/.bashrc line 2 (export), a bash startup file: it returns in every new shell" in r.out
    assert CANARY not in r.out + r.err
    assert home.status()["origins"] == []  # not set in this shell: status does not mention it


def applied(home, name, script):
    bash = need("bash")
    done = subprocess.run([bash, "-c", f'eval "$(ccswitch use {name} --shell bash)" && {script}'],
                          env={**home, "GW_TOKEN": CANARY}, cwd=str(home.project), capture_output=True)
    assert done.returncode == 0, done.stderr
    return done


def test_status_is_silent_about_what_the_route_set(home):
    home.ok("add", "gw", "--kind", "gateway", "--base-url", "https://gw.example.com", "--secret-env", "GW_TOKEN",
            "--model", "claude-sonnet-4-5")
    write(home.home / ".bashrc", ["export ANTHROPIC_MODEL=from-bashrc", "export ANTHROPIC_BASE_URL=https://old.example",
                                  "export ANTHROPIC_BETAS=b1"])
    data = json.loads(applied(home, "gw", "ccswitch status --json").stdout)
    assert data["origins"] == []  # every route variable here was set by `ccswitch use gw`
    # a variable the route does not set, exported by hand (it is also in ~/.bashrc), is named
    data = json.loads(applied(home, "gw", "export ANTHROPIC_BETAS=b1; ccswitch status --json").stdout)
    assert [(o["variable"], o["line"]) for o in data["origins"]] == [("ANTHROPIC_BETAS", 3)]
    # a route variable changed after the switch: drift says so, and where it may come from
    data = json.loads(applied(home, "gw", "export ANTHROPIC_MODEL=other; ccswitch status --json").stdout)
    assert [(o["variable"], o["line"]) for o in data["origins"]] == [("ANTHROPIC_MODEL", 1)]


# ----------------------------------------------------------------------------- the parsers, in process


@pytest.mark.parametrize("dialect, text, expected", [
    ("sh", "export -n ANTHROPIC_MODEL=x\nexport -f ANTHROPIC_MODEL\n", []),
    ("sh", "ANTHROPIC_MODEL=x claude\nenv ANTHROPIC_MODEL=x claude\n", []),
    ("sh", "declare +x ANTHROPIC_MODEL=x\nreadonly ANTHROPIC_MODEL=x\nlocal ANTHROPIC_MODEL=x\n", []),
    ("sh", "x=1; y=2 && export ANTHROPIC_MODEL=$x\n", [("ANTHROPIC_MODEL", 1)]),
    ("sh", "export \\\n  ANTHROPIC_MODEL=a \\\n  ANTHROPIC_BETAS=b\n", [("ANTHROPIC_MODEL", 2), ("ANTHROPIC_BETAS", 3)]),
    ("sh", "f() { export ANTHROPIC_MODEL=\"$(cat <<< 'a;b')\"; }\n", [("ANTHROPIC_MODEL", 1)]),
    ("sh", "case $x in a) export ANTHROPIC_MODEL=a ;; esac\n", [("ANTHROPIC_MODEL", 1)]),
    ("sh", "'export' ANTHROPIC_MODEL=x\n\"ANTHROPIC_MODEL=x\"\n", []),
    ("fish", "set -q ANTHROPIC_MODEL; or set -gx ANTHROPIC_MODEL m\n", [("ANTHROPIC_MODEL", 1)]),
    ("fish", "set -gu ANTHROPIC_MODEL m\nset -S ANTHROPIC_MODEL\nset ANTHROPIC_MODEL m\n", []),
    ("fish", "export ANTHROPIC_MODEL=m\n", [("ANTHROPIC_MODEL", 1)]),
    ("csh", "setenv ANTHROPIC_MODEL m; setenv ANTHROPIC_BETAS b\n", [("ANTHROPIC_MODEL", 1), ("ANTHROPIC_BETAS", 1)]),
    ("pwsh", "$x = '$env:ANTHROPIC_MODEL = 1'\n$env:ANTHROPIC_MODEL += 'x'\n", [("ANTHROPIC_MODEL", 2)]),
    ("pwsh", "Set-Item -Path Env:ANTHROPIC_MODEL -Value 'm'\n@'\n$env:ANTHROPIC_BETAS = 'in a here-string'\n'@\n",
     [("ANTHROPIC_MODEL", 1)]),
    ("dotenv", "ANTHROPIC_MODEL='a # not a comment'\n  # ANTHROPIC_BETAS=x\nexport ANTHROPIC_BETAS=b\n",
     [("ANTHROPIC_MODEL", 1), ("ANTHROPIC_BETAS", 3)]),
])
def test_parsers(dialect, text, expected):
    assert [(a.name, a.line) for a in origins.assignments(text, dialect) if origins.wanted(a.name)] == expected


def test_json_lines_parser():
    doc, error = origins.parse_json_lines('{\n "a": {\n  "b": [1, 2.5e3, true, null, "s"],\n  "c": {}\n }\n}')
    assert error is None and doc == {"a": {"b": [1, 2500.0, True, None, "s"], "c": {}}}
    assert doc.lines == {"a": 2} and doc["a"].lines == {"b": 3, "c": 4}
    assert origins.parse_json_lines('{"a": 1,\n "b" 2}')[1] == "line 2: expected ':'"
    assert origins.parse_json_lines("[" * 5000)[1]
    stripped = origins.strip_json_comments('{"u": "http://x", /* c\n */ "v": 1} // end')
    assert json.loads(stripped) == {"u": "http://x", "v": 1} and stripped.count("\n") == 1


# ----------------------------------------------------------------------------- the parsers agree with the real shells

TRUTH = {
    "bash": ("sh", [
        "# export ANTHROPIC_API_KEY=commented",
        "export ANTHROPIC_API_KEY=k1  # trailing comment",
        "ANTHROPIC_MODEL=once true",
        "if true; then export ANTHROPIC_BASE_URL='https://x;y'; fi",
        "declare -x ANTHROPIC_BETAS=\"b c\"",
        "cat >/dev/null <<'EOF'",
        "export ANTHROPIC_AUTH_TOKEN=in-heredoc",
        "EOF",
        "ANTHROPIC_SMALL_FAST_MODEL=h; export ANTHROPIC_SMALL_FAST_MODEL",
        "f() { :; }; export CLAUDE_CODE_USE_VERTEX=1 \\",
        "  CLOUD_ML_REGION=us-east5",
        "alias x='ANTHROPIC_DEFAULT_MODEL=no claude'",
        "echo 'export ANTHROPIC_DEFAULT_OPUS_MODEL=no' >/dev/null",
    ]),
    "zsh": ("sh", [
        "# typeset -gx ANTHROPIC_API_KEY=commented",
        "typeset -gx ANTHROPIC_API_KEY=k1",
        "export ANTHROPIC_MODEL=m ANTHROPIC_BETAS",
        "[[ -n x ]] && export ANTHROPIC_BASE_URL=https://x",
        ": <<-END",
        "\texport ANTHROPIC_AUTH_TOKEN=in-heredoc",
        "\tEND",
    ]),
    "fish": ("fish", [
        "# set -gx ANTHROPIC_API_KEY commented",
        "set -gx ANTHROPIC_API_KEY k1",
        "set -l ANTHROPIC_MODEL local",
        "set -x ANTHROPIC_BASE_URL 'https://x' # comment",
        "set --global --export ANTHROPIC_BETAS a b",
        "set -gx ANTHROPIC_AUTH_TOKEN t; set -e ANTHROPIC_AUTH_TOKEN",
        "if true; set -gx CLAUDE_CODE_USE_BEDROCK 1; end",
        "echo 'set -gx ANTHROPIC_DEFAULT_MODEL no' >/dev/null",
    ]),
    "tcsh": ("csh", [
        "# setenv ANTHROPIC_API_KEY commented",
        "setenv ANTHROPIC_API_KEY k1",
        "set ANTHROPIC_MODEL=shell-only",
        "if ( 1 ) setenv ANTHROPIC_BASE_URL https://x",
        "setenv ANTHROPIC_BETAS 'a b'; echo x > /dev/null",
    ]),
}


@pytest.mark.parametrize("shell", sorted(TRUTH))
def test_parsers_agree_with_the_real_shell(shell, tmp_path):
    """Source the file in the real shell and list the route variables it exports: the names the
    parser finds are exactly those (for the constructs this file uses, `set -e` aside)."""
    program = need(shell)
    dialect, lines = TRUTH[shell]
    path = write(tmp_path / f"rc.{shell}", lines)
    home = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    if shell == "fish":
        cmd = [program, "--no-config", "-c", f"source {path}; env"]
    elif shell == "tcsh":
        cmd = [program, "-f", "-c", f"source {path}; env"]
    else:
        cmd = [program, "-c", f". {path}; env"]
    done = subprocess.run(cmd, env=home, capture_output=True, cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr
    real = {line.split("=", 1)[0] for line in done.stdout.decode().splitlines() if "=" in line}
    real = {v for v in real if origins.wanted(v)}
    # (`export NAME` without a value anywhere exports nothing; find() reports it only as a hint)
    parsed = {a.name for a in origins.assignments(path.read_text(), dialect) if origins.wanted(a.name) and a.value is not None}
    if shell == "fish":
        parsed.discard("ANTHROPIC_AUTH_TOKEN")  # set, then erased on the same line: the origin is still that line
    assert parsed == real
