"""The guard measured on a corpus, in staged mode (what `git commit` would record): every file of
the bypass set must be caught (0 misses), no file of the ordinary set may be (0 false positives).

The keys are built here at run time (random, of each real format), so no credential-shaped
text is committed with the tests.  The rates are printed (`-s`) and asserted.
"""

import json
import random
import string
import subprocess
from pathlib import Path

import pytest

from truthkit import need, tenv  # noqa: F401

rng = random.Random(13)


def rand(alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


ALNUM = string.ascii_letters + string.digits
ANT = "sk-ant-api03-" + rand(ALNUM + "-_", 93) + "AA"
OAT = "sk-ant-oat01-" + rand(ALNUM + "-_", 80)
GW = rand(ALNUM, 32)  # a gateway token: no prefix, credential-shaped
AKIA = "AKIA" + rand(string.ascii_uppercase + string.digits, 16)
GHP = "ghp_" + rand(ALNUM, 36)

LEAKS = {
    # staged-mode scope: files that are not settings, .env or startup files
    "run-claude.sh": f"#!/bin/sh\nexport ANTHROPIC_API_KEY={ANT}\nexec claude \"$@\"\n",
    "Makefile": f"ANTHROPIC_AUTH_TOKEN := {GW}\nrun:\n\tclaude -p hi\n",
    "Dockerfile": f"FROM node:22\nENV ANTHROPIC_API_KEY {ANT}\nRUN npm i -g @anthropic-ai/claude-code\n",
    "docker-compose.yml": f"services:\n  app:\n    environment:\n      - ANTHROPIC_AUTH_TOKEN={GW}\n",
    "compose.yaml": f"services:\n  app:\n    environment:\n      ANTHROPIC_API_KEY: {ANT}\n",
    "tools/agent.py": f"import os\nos.environ[\"ANTHROPIC_API_KEY\"] = \"{ANT}\"\n",
    ".github/workflows/ci.yml": f"jobs:\n  t:\n    env:\n      CLAUDE_CODE_OAUTH_TOKEN: {OAT}\n",
    ".gitlab-ci.yml": f"variables:\n  ANTHROPIC_AUTH_TOKEN: \"{GW}\"\n",
    "infra/main.tf": f"resource \"x\" \"y\" {{\n  anthropic_key = \"{ANT}\"\n}}\n",
    "notes.md": f"the key is {ANT} do not share\n",
    "deploy/aws.txt": f"aws access key {AKIA}\n",
    # bypasses of the old checks
    "big.env": "A=1\n" + "# padding\n" * 450_000 + f"ANTHROPIC_API_KEY={ANT}\n",  # over 4 MiB
    "utf16.env": ("\ufeff" + f"ANTHROPIC_API_KEY={ANT}\r\n").encode("utf-16-le"),  # NUL in the first 8 KiB
    "utf16-nobom.env": f"ANTHROPIC_AUTH_TOKEN={GW}\n".encode("utf-16-le"),
    "dup/.claude/settings.json": '{"env": {"ANTHROPIC_AUTH_TOKEN": "' + GW + '", "ANTHROPIC_AUTH_TOKEN": "${TOKEN}"}}\n',
    "split.json": '{"env": {"ANTHROPIC_API_KEY": "sk-ant-\\u0061pi03-' + ANT[13:] + '"}}\n',
    "split.py": f"KEY = \"sk-ant-\" \"{ANT[7:]}\"\n",
    "split.js": f"const key = 'sk-ant-' + '{ANT[7:]}';\n",
    "split.sh": f"export ANTHROPIC_API_KEY=\"sk-ant-\\\n{ANT[7:]}\"\n",
    "names.env": f"ANTHROPIC_KEY={GW}\nCLAUDE_TOKEN={GW}\n",
    "nested.json": json.dumps({"profiles": {"work": {"settings": {"env": {"ANTHROPIC_AUTH_TOKEN": GW}}}}}, indent=2),
    "data.bin": b"\x00\x01binary\x00" + ANT.encode() + b"\x00" * 100,
    "gh.yml": f"token: {GHP}\n",
}

ORDINARY = {
    ".env": ("GITHUB_TOKEN=3f786850e387550fdab836ed7e6dc881de23001b\nDEPLOY_TOKEN=123e4567-e89b-12d3-a456-426614174000\n"
             "RELEASE_TOKEN=v10.20.30-rc.1+build.123\nANTHROPIC_MODEL=claude-sonnet-4-5-20250929\n"
             "MODEL_TOKEN=us.anthropic.claude-3-7-sonnet-20250219-v1:0\nANTHROPIC_API_KEY=${ANTHROPIC_API_KEY}\n"
             "CACHE_KEY=0000000000000000000000000000000000000000000000000000000000000000\n"),
    ".claude/settings.json": json.dumps({"env": {"ANTHROPIC_MODEL": "claude-opus-4-1@20250805",
                                                 "ANTHROPIC_DEFAULT_HAIKU_MODEL": "claude-haiku-4-5",
                                                 "CLAUDE_CODE_MAX_OUTPUT_TOKENS": "32000"},
                                         "permissions": {"allow": ["Bash(git *)"]}}, indent=2),
    "package-lock.json": json.dumps({"packages": {"node_modules/a": {
        "integrity": "sha512-" + rand(ALNUM + "+/", 86) + "==", "resolved": "https://registry.npmjs.org/a/-/a-1.0.0.tgz"}}}),
    "go.sum": "github.com/x/y v1.2.3 h1:" + rand(ALNUM + "+/", 43) + "=\n",
    "Cargo.lock": '[[package]]\nname = "x"\nversion = "0.1.0"\nchecksum = "' + rand("0123456789abcdef", 64) + '"\n',
    ".github/workflows/ci.yml": ("jobs:\n  t:\n    steps:\n      - uses: actions/checkout@" + rand("0123456789abcdef", 40) + "\n"
                                 "      - run: claude -p hi\n        env:\n          ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}\n"
                                 "          GITHUB_TOKEN: ${{ github.token }}\n"),
    "Dockerfile": "FROM node@sha256:" + rand("0123456789abcdef", 64) + "\nARG ANTHROPIC_API_KEY\nENV ANTHROPIC_API_KEY=$ANTHROPIC_API_KEY\n",
    "docker-compose.yml": "services:\n  app:\n    environment:\n      ANTHROPIC_API_KEY: ${ANTHROPIC_API_KEY:?set it}\n",
    "Makefile": "ANTHROPIC_BASE_URL ?= https://api.anthropic.com\nVERSION := 1.2.3\n",
    "src/app.py": ("import os, uuid\nKEY = os.environ['ANTHROPIC_API_KEY']\nTRACE_TOKEN = str(uuid.uuid4())\n"
                   "MODEL = 'claude-sonnet-4-5'\nEXAMPLE = 'sk-ant-api03-...'\n"),
    "README.md": ("Set `ANTHROPIC_API_KEY=sk-ant-…` or run `ccswitch add`. Keys start with sk-ant- and are secret.\n"
                  "Commit 3f786850e387550fdab836ed7e6dc881de23001b fixed it.\n"),
    "logo.svg": '<svg><image href="data:image/png;base64,' + rand(ALNUM + "+/", 400) + '"/></svg>\n',
    "app.min.js": "var a=function(b){return b.map(function(c){return c*2})};" * 50 + "\n",
    "image.png": bytes(rng.randrange(256) for _ in range(4096)),
    "i18n.json": json.dumps({"TOKEN_EXPIRED": "Your session token expired", "API_KEY_LABEL": "API key"}),
}


@pytest.fixture
def repo(tenv, tmp_path):
    git = need("git")
    path = tmp_path / "corpus"
    path.mkdir()
    for args in (["init", "-q", "-b", "main"], ["config", "user.email", "t@example.com"], ["config", "user.name", "t"]):
        subprocess.run([git, *args], cwd=path, check=True, env=dict(tenv))

    def stage(files):
        for rel, content in files.items():
            target = Path(path, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content if isinstance(content, bytes) else content.encode())
        subprocess.run([git, "add", "-A"], cwd=path, check=True, env=dict(tenv))
        return tenv.run("guard", "check", cwd=path)

    return stage


def flagged(r):
    return {line.split(":", 1)[0] for line in r.out.splitlines() if not line.startswith(" ")}


def test_the_bypass_set_is_caught_whole(repo):
    r = repo(LEAKS)
    missed = sorted(set(LEAKS) - flagged(r))
    print(f"\nguard corpus: {len(LEAKS) - len(missed)} of {len(LEAKS)} leaking files caught; missed: {missed}")
    assert missed == []
    assert r.returncode == 1
    for secret in (ANT, OAT, GW, AKIA, GHP):
        assert secret not in r.out + r.err


def test_ordinary_files_pass(repo):
    r = repo(ORDINARY)
    wrong = sorted(flagged(r))
    print(f"\nguard corpus: {len(wrong)} false positives in {len(ORDINARY)} ordinary files: {wrong}")
    assert wrong == [] and r.returncode == 0, r.out
