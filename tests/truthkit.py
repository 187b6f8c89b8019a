"""Helpers for the status/doctor/verify/exec tests: settings layers in a throwaway home and project.

`tenv` is the `env` fixture (temporary HOME, CCSWITCH_HOME, no keyring) plus a private
managed-settings folder (CCSWITCH_MANAGED_SETTINGS_DIR, so the machine's /etc/claude-code is
never read) and a project folder the commands run in.
"""

import json
import subprocess
from pathlib import Path

import pytest

from conftest import CANARY, CCSWITCH, Env, need  # noqa: F401  (re-exported for the tests)

DOCS = Path(__file__).resolve().parent.parent / "docs"


class TruthEnv(Env):
    def __init__(self, home, root, **kw):
        super().__init__(home, **kw)
        self.managed = root / "managed"
        self.managed.mkdir()
        self["CCSWITCH_MANAGED_SETTINGS_DIR"] = str(self.managed)
        self.project = root / "project"
        self.project.mkdir()
        self.cwd = self.project

    def run(self, *args, input=None, env=None, check=False, cwd=None, timeout=60):
        full = dict(self)
        for k, v in (env or {}).items():
            if v is None:
                full.pop(k, None)
            else:
                full[k] = v
        done = subprocess.run(
            [CCSWITCH, *args],
            input=input.encode() if isinstance(input, str) else input,
            capture_output=True,
            env=full,
            cwd=str(cwd or self.cwd),
            timeout=timeout,
        )
        done.out = done.stdout.decode("utf-8", "surrogateescape")
        done.err = done.stderr.decode("utf-8", "surrogateescape")
        if check and done.returncode != 0:
            raise AssertionError(f"ccswitch {' '.join(args)} failed ({done.returncode}): {done.err}")
        return done

    # settings files -------------------------------------------------------------------------

    @property
    def user_settings(self):
        return self.home / ".claude" / "settings.json"

    @property
    def project_settings(self):
        return self.project / ".claude" / "settings.json"

    @property
    def local_settings(self):
        return self.project / ".claude" / "settings.local.json"

    @property
    def managed_settings(self):
        return self.managed / "managed-settings.json"

    def write(self, path, content):
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content, indent=2))
        return path

    def git_init(self, folder=None):
        git = need("git")
        folder = str(folder or self.project)
        subprocess.run([git, "init", "-q", folder], check=True)
        subprocess.run([git, "-C", folder, "config", "user.email", "t@example.com"], check=True)
        subprocess.run([git, "-C", folder, "config", "user.name", "t"], check=True)
        return folder

    def git(self, *args, folder=None):
        return subprocess.run([need("git"), "-C", str(folder or self.project), *args], check=True, capture_output=True)

    # commands --------------------------------------------------------------------------------

    def status(self, env=None, cwd=None):
        r = self.run("status", "--json", env=env, cwd=cwd)
        assert r.returncode in (0, 1), r.err
        assert "Traceback" not in r.err
        data = json.loads(r.out)
        validate(data, "status")
        assert (r.returncode == 1) == ("no-credential" in codes(data)), (r.returncode, r.err)  # the gate CI relies on
        return data

    def doctor(self, env=None, cwd=None):
        r = self.run("doctor", "--json", env=env, cwd=cwd)
        assert r.returncode in (0, 1), r.err
        assert "Traceback" not in r.err
        data = json.loads(r.out)
        validate(data, "doctor")
        assert (r.returncode == 0) == data["ok"]
        return data


def validate(data, name):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((DOCS / f"{name}-schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(data)


def codes(data):
    return [w["code"] for w in data["warnings"]]


def warning(data, code):
    found = [w for w in data["warnings"] if w["code"] == code]
    assert found, f"no {code} warning in {codes(data)}"
    return found[0]


def findings(data, check, severity=None):
    return [f for f in data["findings"] if f["check"] == check and (severity is None or f["severity"] == severity)]


@pytest.fixture
def tenv(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    return TruthEnv(home, tmp_path, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")


@pytest.fixture
def ktenv(tmp_path, secret_service):
    home = tmp_path / "home"
    home.mkdir()
    return TruthEnv(home, tmp_path, **secret_service)
