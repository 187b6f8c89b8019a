"""Which shell `use` writes for when --shell is absent: shellingham (the parent process) >
CCSWITCH_SHELL > basename of $SHELL > an error listing the --shell values, with nothing on stdout.
Nothing inherited overrules the process that reads the code.

The real-shell tests run `ccswitch use NAME` with no --shell inside a real shell, the way the
README loads it, with $SHELL naming a shell of another syntax: only detecting the parent process
makes the code apply.
"""

import pytest
import shellingham

from ccswitch import detect, shells
from ccswitch.errors import UsageError
from conftest import Env
from shellkit import SHELLS, parse_env0

VERTEX = {"CLAUDE_CODE_USE_VERTEX": "1", "ANTHROPIC_VERTEX_PROJECT_ID": "p", "CLOUD_ML_REGION": "us-east5"}


def vertex(env):
    env.ok("add", "v", "--kind", "vertex", "--project", "p", "--region", "us-east5")


@pytest.fixture
def no_shellingham(tmp_path):
    """PYTHONPATH with a shellingham whose detection always fails, as without /proc or ps."""
    fake = tmp_path / "fake" / "shellingham"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(
        "class ShellDetectionFailure(EnvironmentError):\n    pass\n\n"
        "def detect_shell(pid=None, max_depth=10):\n    raise ShellDetectionFailure()\n"
    )
    return str(fake.parent)


# ----------------------------------------------------------------------------- in process


@pytest.fixture(autouse=True)
def no_direct_parent(request, monkeypatch):
    """In-process tests model the process tree with shellingham alone: the /proc shortcut for a
    parent that is itself a shell would see whatever runs pytest."""
    if "real_parent" not in request.keywords:
        monkeypatch.setattr(detect, "_parent_shell", lambda: None)


def fail():
    raise shellingham.ShellDetectionFailure()


@pytest.mark.real_parent
@pytest.mark.parametrize("shell", ["bash", "dash", "zsh", "fish"])
def test_a_parent_shell_is_read_from_proc_without_shellingham(shell, tmp_path):
    """The shortcut: when the parent process is a shell, /proc says so and shellingham (whose
    imports cost as much as the rest of `use`) is not even loaded."""
    import subprocess
    import sys

    from conftest import need

    code = "import sys; from ccswitch import detect; print(detect.detect({})); print('shellingham' in sys.modules)"
    program = need(shell)
    line = f"'{sys.executable}' -c \"{code}\""
    done = subprocess.run([program, "-c", line + "; true"], capture_output=True, text=True, timeout=30)
    assert done.stdout.split() == [shell, "False"], done.stderr


def test_the_process_tree_wins_over_inherited_variables(monkeypatch):
    """A bash started from a hooked fish inherits fish's variables: they must not decide."""
    monkeypatch.setattr(shellingham, "detect_shell", lambda: ("bash", "/bin/bash"))
    assert detect.detect({"CCSWITCH_SHELL": "fish", "SHELL": "/usr/bin/fish"}) == "bash"


def test_ccswitch_shell_when_the_process_tree_cannot_be_read(monkeypatch):
    monkeypatch.setattr(shellingham, "detect_shell", fail)
    assert detect.detect({"CCSWITCH_SHELL": "fish", "SHELL": "/bin/bash"}) == "fish"
    assert detect.detect({"CCSWITCH_SHELL": "pwsh.exe"}) == "pwsh"
    with pytest.raises(UsageError, match="CCSWITCH_SHELL names an unknown shell"):
        detect.detect({"CCSWITCH_SHELL": "bash;rm -rf /", "SHELL": "/bin/bash"})


def test_shellingham_comes_before_SHELL(monkeypatch):
    monkeypatch.setattr(shellingham, "detect_shell", lambda: ("elvish", "/usr/bin/elvish"))
    assert detect.detect({"SHELL": "/bin/bash"}) == "elvish"


def test_SHELL_when_shellingham_fails_or_names_no_known_shell(monkeypatch):
    monkeypatch.setattr(shellingham, "detect_shell", fail)
    assert detect.detect({"SHELL": "/usr/bin/tcsh"}) == "tcsh"
    monkeypatch.setattr(shellingham, "detect_shell", lambda: ("screen", "/usr/bin/screen"))
    assert detect.detect({"SHELL": "/usr/local/bin/fish"}) == "fish"


def test_nothing_works_is_an_error_listing_the_shell_values(monkeypatch):
    monkeypatch.setattr(shellingham, "detect_shell", fail)
    for env in ({}, {"SHELL": ""}, {"SHELL": "/usr/bin/screen"}):
        with pytest.raises(UsageError, match="pass --shell with one of: bash, zsh, .*, json, dotenv, gha"):
            detect.detect(env)


def test_every_name_shellingham_reports_is_a_shell_value():
    from shellingham._core import SHELL_NAMES

    for name in SHELL_NAMES:
        assert detect.normalize(name) in shells.SHELLS, name


@pytest.mark.parametrize(
    "raw, name",
    [
        ("-zsh", "zsh"),  # a login shell
        ("/bin/bash", "bash"),
        ("/usr/bin/FISH", "fish"),
        ("pwsh.exe", "pwsh"),
        ("C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "powershell"),
        ("C:\\Windows\\system32\\cmd.exe", "cmd"),
        ("ash", "sh"),
        ("mksh", "ksh"),
        ("nu", "nu"),
        ("xonsh", "xonsh"),
        ("/bin/csh", "csh"),
    ],
)
def test_normalize(raw, name):
    assert detect.normalize(raw) == name


# ----------------------------------------------------------------------------- through the CLI


def test_ccswitch_shell_env_chooses_the_output_without_a_process_tree(env, no_shellingham):
    vertex(env)
    r = env.ok("use", "v", env={"CCSWITCH_SHELL": "fish", "SHELL": "/bin/bash", "PYTHONPATH": no_shellingham})
    assert r.out == env.ok("use", "v", "--shell", "fish").out
    assert "set -gx CLAUDE_CODE_USE_VERTEX '1'" in r.out


@pytest.mark.parametrize("name", ["klingon", "cmd.com", "bash;rm", "\x1b[31mred"])
def test_unknown_ccswitch_shell_is_an_error_with_nothing_on_stdout(env, name, no_shellingham):
    vertex(env)
    r = env.run("use", "v", env={"CCSWITCH_SHELL": name, "PYTHONPATH": no_shellingham})
    assert r.returncode == 2 and r.out == ""
    assert "unknown shell" in r.err and "bash, zsh" in r.err and "gha" in r.err
    assert name not in r.err  # an inherited value is not echoed to the terminal


def test_SHELL_fallback_through_the_cli(env, no_shellingham):
    vertex(env)
    r = env.ok("use", "v", env={"PYTHONPATH": no_shellingham, "SHELL": "/usr/bin/tcsh"})
    assert r.out == env.ok("use", "v", "--shell", "tcsh").out


def test_no_way_to_tell_is_an_error_with_nothing_on_stdout(env, no_shellingham):
    vertex(env)
    env.pop("SHELL", None)
    r = env.run("use", "v", env={"PYTHONPATH": no_shellingham})
    assert r.returncode == 2 and r.out == ""
    assert "cannot tell which shell" in r.err and "--shell with one of: bash, zsh" in r.err


# ----------------------------------------------------------------------------- in real shells

# The shell to detect, and a $SHELL of another syntax, so a fallback to $SHELL would show.
REAL = {
    "fish": "/bin/bash",
    "zsh": "/usr/bin/fish",
    "bash": "/usr/bin/fish",
    "tcsh": "/bin/bash",
    "elvish": "/bin/bash",
    "nu": "/bin/bash",
    "xonsh": "/bin/bash",
}


@pytest.mark.parametrize("shell", list(REAL))
def test_use_without_shell_applies_in_the_real_shell(shell, tmp_path):
    e = Env(tmp_path, SHELL=REAL[shell], PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    vertex(e)
    e["ANTHROPIC_API_KEY"] = "stale"
    sh = SHELLS[shell]
    lines = [sh.apply_cmd.format(cmd="ccswitch use v"), sh.dump.format(path=tmp_path / "env")]
    done = sh.run(lines, e)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    final = parse_env0((tmp_path / "env").read_bytes())
    for var, value in VERTEX.items():
        assert final.get(var) == value, (var, done.stderr.decode(errors="replace"))
    assert "ANTHROPIC_API_KEY" not in final
    assert final["CCSWITCH_ROUTE"] == "v"


@pytest.mark.parametrize("shell", ["fish", "zsh"])
def test_use_without_shell_prints_the_parent_shells_code(shell, tmp_path):
    """Under fish and zsh, plain `ccswitch use v` (its stdout in a file, so the shell is its
    parent) prints exactly what `--shell fish` / `--shell zsh` prints."""
    e = Env(tmp_path, SHELL=REAL[shell], PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    vertex(e)
    out = tmp_path / "out"
    done = SHELLS[shell].run([f"ccswitch use v > '{out}'", "true"], e)
    assert done.returncode == 0, done.stderr
    assert out.read_text() == e.ok("use", "v", "--shell", shell).out
