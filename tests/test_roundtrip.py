"""Every value a shell can hold survives emit -> real shell -> environment, byte for byte.

The hostile fixture and the hypothesis property run through every shell in shellkit.SHELLS.
A value a shell cannot represent must be refused by its emitter (UsageError), never mangled.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccswitch import shells
from ccswitch.errors import UsageError
from ccswitch.switch import Plan
from conftest import Env
from shellkit import SHELLS, env_after

HOSTILE = [
    "it's",
    "'",
    "''",
    "'\\''",
    '"double"',
    '"',
    "$HOME",
    "${HOME}",
    "$(id)",
    "`id`",
    "!!",
    "!$ !-1 !#",
    "a\\b\\\\c\\",
    "\\",
    "line1\nline2",
    "trailing newline\n",
    "\n\nleading newlines",
    "cr\rhere",
    "crlf\r\n",
    "tab\there",
    "-leading-dash",
    "--",
    "-e",
    "-n",
    "unicode ✓ 日本語 😀 é",
    "curly ‘single’ ‚low‛ “double”",
    " spaces around ",
    "%PATH% %%",
    "^&|<>()",
    ";rm -rf /nonexistent; #",
    "*glob?[a-z]{x,y}~",
    "\x1b[31mred\x1b[0m",
    "\x01\x02\x7f",
    "{{braces}} (paren) [bracket]",
    "=equals=",
    "#comment",
    "x" * 60_000 + "'$`!\n",
]


def emit(shell_name, values):
    plan = Plan(["UNSET_ME"], sorted(values.items()), "t").validate()
    return shells.render(shell_name, plan)


def refuses(shell, value):
    """Does this shell's emitter refuse the value?  (It must refuse or round-trip, nothing else.)"""
    try:
        emit(shell.name, {"V": value})
    except UsageError:
        return True
    return False


def roundtrip(shell, values, tmp_path):
    code = emit(shell.name, values)
    path = tmp_path / f"code.{shell.name}"
    path.write_bytes(code.encode("utf-8"))
    base = Env(tmp_path)
    base["UNSET_ME"] = "should be gone"
    final, err = env_after(shell, [("file", str(path))], base, tmp_path)
    assert "UNSET_ME" not in final, err
    return final


@pytest.mark.parametrize("shell", list(SHELLS))
def test_hostile_values_roundtrip_or_are_refused(shell, tmp_path):
    sh = SHELLS[shell]
    held = {f"HOSTILE_{i}": v for i, v in enumerate(HOSTILE) if not refuses(sh, v)}
    final = roundtrip(sh, held, tmp_path)
    for name, value in held.items():
        assert final.get(name) == value, f"{name}={value[:60]!r}"


# Any unicode text but NUL (no environment can hold it) and lone surrogates (not UTF-8).
values = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"), max_size=200)


@pytest.mark.parametrize("shell", list(SHELLS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=values)
def test_any_value_roundtrips_or_is_refused(shell, value, tmp_path):
    sh = SHELLS[shell]
    if refuses(sh, value):
        return
    final = roundtrip(sh, {"PROP_VALUE": value}, tmp_path)
    assert final.get("PROP_VALUE") == value


@pytest.mark.parametrize("shell", list(SHELLS))
def test_nul_is_refused_before_any_emitter(shell):
    with pytest.raises(UsageError, match="NUL"):
        emit(shell, {"V": "a\0b"})


def test_oversized_entry_is_refused():
    with pytest.raises(UsageError, match="at most"):
        Plan([], [("BIG", "x" * (128 * 1024))], "t").validate()
    Plan([], [("BIG", "x" * (128 * 1024 - 10))], "t").validate()


@pytest.mark.parametrize("bad", ["", "1ABC", "A-B", "A B", "A=B", "Ä"])
def test_bad_names_are_refused(bad):
    with pytest.raises(UsageError):
        Plan([], [(bad, "v")], "t").validate()
