"""`secretsense.is_placeholder`: the one placeholder rule of `guard` and `import`.  It flags
exactly what either of the two rules it replaced flagged (for a URL with a password: what they
flagged in the password), and a real-looking key only when it holds a placeholder word."""

import random
import re
import string

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ccswitch import guard, importers, secretsense
from ccswitch.claudevars import looks_like_secret_value
from ccswitch.secretsense import PLACEHOLDER_WORDS, is_placeholder, unquote

# The two rules this one replaced, verbatim: guard.is_placeholder and importers.is_placeholder.
_OLD_GUARD_WORDS = re.compile(
    r"(?i)xxxx|\*\*\*|\.\.\.|…|your|example|placeholder|change[-_ ]?me|replace[-_ ]?me|replace[-_ ]?with|redacted|dummy|fake|"
    r"sample|insert[-_ ]|<[^>]*>|(?:^|[-_ ])here$")
_OLD_GUARD_WHOLE = re.compile(
    r"(?i)\[[^\]]*\]|\{[^}]*\}|x+|\*+|\.+|todo|tbd|none|null|nil|undefined|empty|secret|token|key|password|changeme|"
    r"test|testing|dev|local|sk-(?:ant-)?|sk-(?:ant-)?[x*.]+")
_OLD_IMPORTERS = re.compile(r"(?i)(your[-_ ].*|.*[-_ ]here|<[^>]*>|x{6,}|sk-x+|changeme|placeholder|todo|none|null)")


def old_guard(value):
    v = value.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
        v = v[1:-1].strip()
    return not v or bool(_OLD_GUARD_WHOLE.fullmatch(v)) or bool(_OLD_GUARD_WORDS.search(v))


def old_importers(value):
    return bool(_OLD_IMPORTERS.fullmatch(value.strip()))


def test_one_copy():
    assert guard.is_placeholder is importers.is_placeholder is secretsense.is_placeholder


PLACEHOLDERS = [
    "", "  ", "YOUR_GLM_API_KEY_HERE", "YOUR_KIMI_API_KEY_HERE", "your-api-key-here", "<your key>", "<API_KEY>", "xxxxxx",
    "XXXXXXXXXXXXXXXX", "sk-xxxx", "sk-x", "sk-ant-xxxxxxxxxxxxxxxx", "sk-ant-...", "sk-ant-…", "sk-ant-", "changeme",
    "change-me", "REPLACE_ME", "todo", "TODO", "tbd", "none", "None", "null", "nil", "undefined", "***", "...", "…",
    "example", "AKIAIOSFODNN7EXAMPLE", "dummy", "dummy-key-for-tests-0123", "fake-token", "sample", "placeholder",
    "redacted", "sk-ant-api03-REDACTED", "insert-key", "key here", "[key]", "{key}", "secret", "token", "key",
    "password", "test", "dev", "local", "'changeme'", '"YOUR_API_KEY_HERE"', " 'xxxx' ",
    "https://user:changeme@proxy.corp:3128", "http://me:@proxy:3128", "http://me:xxxxxx@proxy:3128",
]
REAL = [
    "sk-ant-api03-Zq7Lm2Xv9Rt4Kp8Wn3Yb6Hc1Dg5Jf0Ns8Vt2Bw4Qa6Mk1",
    "Zq7Lm2Xv9Rt4Kp8Wn3Yb6Hc1",
    "sk-ant-OTHER-secret-value-0123456789abcdef",
    "old-key",
    "0123456789abcdef0123456789abcdef",
    "https://user:Zq7Lm2Xv9Rt4@proxy.example.com:3128",  # the host is not the credential
    "http://me:Zq7Lm2Xv9Rt4@your-proxy:3128",
]


@pytest.mark.parametrize("value", PLACEHOLDERS)
def test_placeholders(value):
    assert is_placeholder(value)


@pytest.mark.parametrize("value", REAL)
def test_real_values(value):
    assert not is_placeholder(value)


def test_random_keys_are_not_placeholders():
    rnd = random.Random(12)
    alnum = string.ascii_letters + string.digits
    keys = ["sk-ant-api03-" + "".join(rnd.choice(alnum) for _ in range(40)) for _ in range(200)]
    assert [k for k in keys if is_placeholder(k)] == []


_PLACEHOLDERISH = st.text(st.sampled_from("xX*.…<>[]{}-_ '\"yourhe"), max_size=12)
_WORDS = st.sampled_from(["your", "here", "xxxx", "sk-", "sk-ant-", "changeme", "todo", "none", "null", "example", "key",
                          "<k>", "...", "***", "Zq7Lm2", "0123", "-", "_", " ", "'", '"'])


@settings(max_examples=1000)
@given(st.one_of(st.text(max_size=30), _PLACEHOLDERISH, st.lists(_WORDS, max_size=5).map("".join)))
@example("YOUR_GLM_API_KEY_HERE")
@example("xxxxxx")
@example("sk-xxxx")
def test_flags_exactly_what_either_old_rule_flagged(value):
    if looks_like_secret_value(unquote(value)):
        return  # a URL with a password: its password alone counts (test_url_password_alone)
    assert is_placeholder(value) == (old_guard(value) or old_importers(value))


@settings(max_examples=300)
@given(st.sampled_from(["https", "http", "socks5"]), st.sampled_from(["proxy.example.com", "your-proxy", "gw.test"]),
       st.one_of(st.sampled_from(["changeme", "xxxxxx", "<password>", "Zq7Lm2Xv9Rt4", "", "todo"]), st.text(max_size=12)))
def test_url_password_alone(scheme, host, password):
    url = f"{scheme}://user:{password}@{host}:3128/"
    if "@" in password or "/" in password or "://" in password:
        return
    assert is_placeholder(url) == is_placeholder(password)


_ALNUM = string.ascii_letters + string.digits


@settings(max_examples=500)
@given(st.text(st.sampled_from(_ALNUM), min_size=40, max_size=40))
def test_a_key_is_a_placeholder_only_when_it_holds_a_placeholder_word(body):
    # such a word turns up in a random key by chance (xxxx, your, fake: about 1 key in 8,000 of
    # 40 characters); anything else key-shaped is a credential
    assert is_placeholder("sk-ant-api03-" + body) == bool(PLACEHOLDER_WORDS.search(body))
