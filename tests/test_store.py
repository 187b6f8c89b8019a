"""The store: atomic, locked, hand-editable, never overwritten when broken."""

import os
import stat
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import CCSWITCH


def add_vertex(env, name, *extra):
    return env.run("add", name, "--kind", "vertex", "--project", "p", "--region", "us-east5", *extra)


def test_store_and_folder_are_private(env):
    add_vertex(env, "v")
    assert stat.S_IMODE(env.store.stat().st_mode) == 0o600
    assert stat.S_IMODE(env.store.parent.stat().st_mode) == 0o700
    for p in env.store.parent.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) & 0o077 == 0, p


def test_sixteen_concurrent_adds_keep_all_routes(env):
    def add(i):
        return subprocess.run(
            [CCSWITCH, "add", f"r{i}", "--kind", "vertex", "--project", f"p{i}", "--region", "r"],
            env=dict(env), capture_output=True, timeout=120,
        )

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(add, range(16)))
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results if r.returncode]
    names = env.ok("list", "--names").out.split()
    assert sorted(names) == sorted(["login"] + [f"r{i}" for i in range(16)])
    for i in range(16):
        assert f'project = "p{i}"' in env.store.read_text()


def test_corrupt_store_is_reported_with_path_and_line_and_left_untouched(env):
    add_vertex(env, "v")
    broken = env.store.read_text().replace('kind = "vertex"', 'kind = "vertex', 1)
    env.store.write_text(broken)
    before = env.store.read_bytes()
    for args in (["list"], ["use", "v", "--shell", "bash"], ["list", "--names"]):
        r = env.run(*args)
        assert r.returncode != 0
        assert r.out == ""
        assert str(env.store) in r.err and "line" in r.err
        assert "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1
    r = add_vertex(env, "w")
    assert r.returncode != 0 and "will not overwrite" in r.err
    assert env.store.read_bytes() == before


@pytest.mark.parametrize(
    "text, message",
    [
        ('[routes.x]\nkind = "nope"\n', "unknown kind"),
        ('[routes.x]\nkind = "gateway"\n', "needs --base-url"),
        ('[routes.x]\nkind = "vertex"\nproject = "p"\nregion = "r"\nregoin = "r"\n', "no field 'regoin'"),
        ('[routes."bad name"]\nkind = "vertex"\nproject = "p"\nregion = "r"\n', "may only use"),
        ('[routes.x]\nkind = "vertex"\nproject = "p"\nregion = "r"\nenv = { ANTHROPIC_API_KEY = "sk" }\n', "holds a secret"),
        ('[routes.x]\nkind = "vertex"\nproject = "p"\nregion = "r"\nsecrets = { X_TOKEN = "plain" }\n', "source must be"),
        ("version = 2\n", "newer"),
        ("\xff".encode("latin-1"), "UTF-8"),
    ],
)
def test_hand_broken_routes_are_named(env, text, message):
    env.store.parent.mkdir(parents=True)
    env.store.write_bytes(text if isinstance(text, bytes) else text.encode())
    r = env.run("list")
    assert r.returncode != 0 and message in r.err and str(env.store) in r.err
    assert r.out == "" and len(r.err.strip().splitlines()) == 1


def test_hand_edits_and_comments_survive_a_rewrite(env):
    add_vertex(env, "v")
    text = env.store.read_text().replace('[routes.v]', '# my favourite route\n[routes.v]')
    text = text.replace('region = "us-east5"', 'region = "us-east5"  # closest region')
    env.store.write_text(text)
    add_vertex(env, "w")
    env.ok("edit", "v", "--model", "claude-x")
    after = env.store.read_text()
    assert "# my favourite route" in after and "# closest region" in after
    assert 'model = "claude-x"' in after


def test_cache_follows_hand_edits(env):
    add_vertex(env, "v")
    old = time.time() - 60
    os.utime(env.store, (old, old))  # old enough to be cached
    assert "'p'" in env.ok("use", "v", "--shell", "sh").out
    assert (env.store.parent / ".routes.cache").exists()
    env.store.write_text(env.store.read_text().replace('project = "p"', 'project = "q"'))
    assert "'q'" in env.ok("use", "v", "--shell", "sh").out


def test_garbage_cache_is_ignored(env):
    add_vertex(env, "v")
    (env.store.parent / ".routes.cache").write_bytes(b"\x00garbage")
    assert "'p'" in env.ok("use", "v", "--shell", "sh").out


def test_store_location_follows_xdg(env, tmp_path):
    del env["CCSWITCH_HOME"]
    env["XDG_CONFIG_HOME"] = str(tmp_path / "xdg")
    add_vertex(env, "v")
    assert (tmp_path / "xdg" / "ccswitch" / "routes.toml").exists()
    del env["XDG_CONFIG_HOME"]
    assert env.ok("list", "--names").out.split() == ["login"]
    add_vertex(env, "h")
    assert (env.home / ".config" / "ccswitch" / "routes.toml").exists()


# ------------------------------------------------------------------ removing and renaming keep comments

from hypothesis import given, settings, strategies as st  # noqa: E402

_comment = st.lists(st.from_regex(r"# [a-z !]{0,12}", fullmatch=True), max_size=2)


@st.composite
def _stores(draw):
    """A hand-written store: routes with comment blocks above them, sub-tables, blank lines."""
    names = draw(st.lists(st.from_regex(r"[a-z]{1,4}", fullmatch=True), min_size=1, max_size=5, unique=True))
    lines, blocks = ["# header", "version = 1", ""], {}
    for name in names:
        block = draw(_comment)
        blocks[name] = block
        if draw(st.booleans()):
            lines.append("")
        lines += block + [f"[routes.{name}]", 'kind = "bedrock"', f'region = "{name}"']
        if draw(st.booleans()):
            lines += [f"[routes.{name}.env]", 'DISABLE_TELEMETRY = "1"']
        if draw(st.booleans()):  # a note at the end of a route, a blank line after it
            lines += ["# inside " + name, ""]
        elif draw(st.booleans()):
            lines.append("")
    if draw(st.booleans()):
        lines += ["", "# footer"]
    return "\n".join(lines) + "\n", names, blocks


def comment_blocks(text):
    """Each route's comment block (the comment lines right above its header), by name."""
    blocks, pending = {}, []
    for line in text.splitlines():
        if line.startswith("#") and not line.startswith("# inside"):
            pending.append(line)
        elif line.startswith("[routes.") and line.count(".") == 1:
            blocks[line[len("[routes."):-1]] = pending
            pending = []
        else:
            pending = []
    return blocks


@settings(max_examples=200, deadline=None)
@given(_stores(), st.data())
def test_dropping_a_route_leaves_every_other_route_and_comment_where_it_was(case, data):
    import tomllib

    import tomlkit

    from ccswitch import store

    text, names, blocks = case
    gone = data.draw(st.sampled_from(names))
    doc = tomlkit.parse(text)
    store.drop_route(doc, gone)
    after = tomlkit.dumps(doc)
    expected = tomllib.loads(text)["routes"]
    del expected[gone]
    assert tomllib.loads(after).get("routes", {}) == expected
    assert comment_blocks(after) == {n: b for n, b in comment_blocks(text).items() if n != gone}
    assert after.startswith("# header\n")
    assert ("# inside " + gone) not in after.splitlines()
    assert ("# footer" in after) == ("# footer" in text)


@settings(max_examples=200, deadline=None)
@given(_stores(), st.data())
def test_renaming_a_route_changes_its_header_lines_only(case, data):
    import tomlkit

    from ccswitch import store

    text, names, _blocks_ = case
    old = data.draw(st.sampled_from(names))
    doc = tomlkit.parse(text)
    store.rename_route(doc, old, "renamed")
    assert tomlkit.dumps(doc) == text.replace(f"[routes.{old}]", "[routes.renamed]").replace(
        f"[routes.{old}.env]", "[routes.renamed.env]")
