"""Shared fixtures: a throwaway home and store, the real ccswitch command, a real Secret Service.

Under CI (CI=true) a missing shell or daemon fails the test instead of skipping it.
"""

import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
CCSWITCH = str(BIN / "ccswitch")
CI = os.environ.get("CI", "").lower() == "true"
CANARY = "sk-ant-CANARY-7f3e9a1c5b2d4e6f8a0b-DO-NOT-LEAK"


def need(program):
    """The path of a program the test needs: fail under CI, skip elsewhere, when it is missing."""
    path = shutil.which(program) or (str(BIN / program) if (BIN / program).exists() else None)
    if path is None:
        extra = Path(__file__).resolve().parent.parent / ".tools" / "node_modules" / ".bin" / program
        path = str(extra) if extra.exists() else None
    if path is None:
        message = f"{program} is not installed (the README test command installs it)"
        if CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


def base_env(home):
    """A clean environment: no route variable of the machine running the tests leaks in."""
    path = os.pathsep.join([str(BIN), "/usr/local/bin", "/usr/bin", "/bin"])
    return {
        "PATH": path,
        "HOME": str(home),
        "CCSWITCH_HOME": str(home / "ccswitch"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "TERM": "dumb",
    }


class Env(dict):
    """The environment of one test, with helpers to run ccswitch in it."""

    def __init__(self, home, **kw):
        super().__init__(base_env(home), **kw)
        self.home = home

    def run(self, *args, input=None, env=None, check=False):
        full = dict(self)
        if env:
            full.update(env)
        done = subprocess.run(
            [CCSWITCH, *args],
            input=input.encode() if isinstance(input, str) else input,
            capture_output=True,
            env=full,
            timeout=60,
        )
        done.out = done.stdout.decode("utf-8", "surrogateescape")
        done.err = done.stderr.decode("utf-8", "surrogateescape")
        if check and done.returncode != 0:
            raise AssertionError(f"ccswitch {' '.join(args)} failed ({done.returncode}): {done.err}")
        return done

    def ok(self, *args, **kw):
        return self.run(*args, check=True, **kw)

    @property
    def store(self):
        return Path(self["CCSWITCH_HOME"]) / "routes.toml"


@pytest.fixture(scope="session")
def _inprocess_home(tmp_path_factory):
    return tmp_path_factory.mktemp("inprocess-ccswitch-home")


@pytest.fixture(autouse=True)
def _private_store_home(monkeypatch, _inprocess_home):
    """Code the tests call in-process (switch, store, projects) never touches the real store
    folder of the machine running them (the CCSWITCH_STATE key lives there)."""
    if not os.environ.get("CCSWITCH_HOME"):
        monkeypatch.setenv("CCSWITCH_HOME", str(_inprocess_home))


@pytest.fixture
def env(tmp_path):
    """A home with an empty store and no keyring: for routes without keyring secrets."""
    home = tmp_path / "home"
    home.mkdir()
    return Env(home, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")


@pytest.fixture(scope="session")
def secret_service(tmp_path_factory):
    """A real gnome-keyring Secret Service on a private D-Bus session bus, unlocked."""
    dbus = need("dbus-daemon")
    gkd = need("gnome-keyring-daemon")
    home = tmp_path_factory.mktemp("keyring-home")
    run_dir = home / "run"
    run_dir.mkdir(mode=0o700)
    denv = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "XDG_RUNTIME_DIR": str(run_dir)}
    bus = subprocess.Popen([dbus, "--session", "--nofork", "--print-address=1"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=denv)
    address = bus.stdout.readline().decode().strip()
    denv["DBUS_SESSION_BUS_ADDRESS"] = address
    daemon = subprocess.Popen(
        [gkd, "--unlock", "--components=secrets", "--foreground"],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=denv,
    )
    daemon.stdin.write(b"test-keyring-password")
    daemon.stdin.close()
    probe = "import keyring; keyring.set_password('ccswitch-probe', 'p', 'v'); assert keyring.get_password('ccswitch-probe', 'p') == 'v'"
    deadline = time.monotonic() + 20
    while True:
        done = subprocess.run([sys.executable, "-c", probe], env=denv, capture_output=True)
        if done.returncode == 0:
            break
        if time.monotonic() > deadline:
            daemon.kill()
            bus.kill()
            pytest.fail(f"gnome-keyring-daemon did not come up: {done.stderr.decode()[-400:]}")
        time.sleep(0.2)
    yield {"DBUS_SESSION_BUS_ADDRESS": address}
    daemon.terminate()
    bus.terminate()
    daemon.wait(5)
    bus.wait(5)


@pytest.fixture
def kenv(tmp_path, secret_service):
    """A home whose ccswitch uses the real Secret Service."""
    home = tmp_path / "home"
    home.mkdir()
    return Env(home, **secret_service)


def keyring_get(secret_service, service, user):
    code = f"import keyring, sys; v = keyring.get_password({service!r}, {user!r}); sys.stdout.write('<none>' if v is None else v)"
    done = subprocess.run([sys.executable, "-c", code], env={**os.environ, **secret_service}, capture_output=True, check=True)
    return done.stdout.decode()


def run_on_pty(env, *args, answer=None, prompt=b"input hidden", timeout=20):
    """Run ccswitch with stdin, stdout and stderr on a real pseudo-terminal.

    When `answer` is given it is typed (with a newline) once `prompt` appears.
    Returns (exit code, everything the terminal showed, whether the answer was typed)."""
    pid, fd = pty.fork()
    if pid == 0:  # child: ccswitch on the pty
        os.execve(CCSWITCH, [CCSWITCH, *args], dict(env))
    output, sent = b"", False
    while True:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
        if answer is not None and not sent and prompt in output:
            os.write(fd, answer.encode() + b"\n")
            sent = True
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), output, sent
