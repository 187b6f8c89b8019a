"""Is a value a placeholder rather than a credential?  One rule for every caller: `guard` (a
placeholder in a committed file is not a leak) and `importers` (a placeholder is not worth a
keyring entry: "YOUR_GLM_API_KEY_HERE" in a peer's store).

After the blanks around it and one pair of matching surrounding quotes are removed (and, for a
URL with a password, https://user:PASSWORD@host, taking the password alone), a value is a
placeholder when it is

  * empty;
  * as a whole (any case) `[…]`, `{…}`, only x's, only *'s, only dots, todo, tbd, none, null,
    nil, undefined, empty, secret, token, key, password, changeme, test, testing, dev, local,
    sk-, sk-ant-, or sk- / sk-ant- followed only by x's, *'s or dots;
  * or holds anywhere (any case) xxxx, ***, ..., …, your, example, placeholder, changeme,
    replaceme, replacewith (each also with -, _ or a blank between its two words), redacted,
    dummy, fake, sample, "insert" followed by -, _ or a blank, `<…>`; or ends in "here" (the
    whole value, or after -, _ or a blank).

So YOUR_GLM_API_KEY_HERE, <your key>, xxxxxx, sk-xxxx, changeme, TODO, none, null, ***, ...,
dummy-key and AWS's documented AKIAIOSFODNN7EXAMPLE are placeholders.  A random key holds one of
the short words by chance, and is then taken for a placeholder, about 3 times in 10,000 (95
characters of [A-Za-z0-9_-]: xxxx, your or fake somewhere in it).

Not on the hot path: the patterns are compiled when this module is first imported.
"""

import re

from .claudevars import looks_like_secret_value

# Words that make a whole value a placeholder wherever they appear in it.
PLACEHOLDER_WORDS = re.compile(
    r"(?i)xxxx|\*\*\*|\.\.\.|…|your|example|placeholder|change[-_ ]?me|replace[-_ ]?me|replace[-_ ]?with|redacted|dummy|fake|"
    r"sample|insert[-_ ]|<[^>]*>|(?:^|[-_ ])here$")
_PLACEHOLDER_WHOLE = re.compile(
    r"(?i)\[[^\]]*\]|\{[^}]*\}|x+|\*+|\.+|todo|tbd|none|null|nil|undefined|empty|secret|token|key|password|changeme|"
    r"test|testing|dev|local|sk-(?:ant-)?|sk-(?:ant-)?[x*.]+")


def unquote(value):
    """`value` without the blanks around it and one pair of matching surrounding quotes."""
    v = value.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
        v = v[1:-1].strip()
    return v


def url_password(url):
    """The password of a URL with user information (scheme://user:PASSWORD@host/…), else ''."""
    userinfo = url.partition("://")[2].partition("/")[0].rpartition("@")[0]
    return userinfo.partition(":")[2]


def is_placeholder(value):
    """True when `value` is a placeholder, not a credential (see the module docstring)."""
    v = unquote(value)
    if looks_like_secret_value(v):
        v = unquote(url_password(v))
    return not v or bool(_PLACEHOLDER_WHOLE.fullmatch(v)) or bool(PLACEHOLDER_WORDS.search(v))


# Credentials by their real formats (prefix, alphabet, length): Anthropic, OpenAI-style, AWS
# access key ids and Bedrock API keys, JWTs, GitHub tokens.
KNOWN_KEY = re.compile(
    r"sk-ant-[A-Za-z0-9_\-]{8,}"
    r"|(?<![A-Za-z0-9])sk-[A-Za-z0-9_\-]{20,}"
    r"|(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])"
    r"|(?<![A-Za-z0-9])ABSK[A-Za-z0-9+/=]{20,}"
    r"|bedrock-api-key-[A-Za-z0-9+/=%_\-]{20,}"
    r"|eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]*"
    r"|(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{30,}")


def known_key(text):
    """A credential of a known format anywhere in `text` (a placeholder-worded one aside)."""
    return any(not PLACEHOLDER_WORDS.search(m.group(0)) for m in KNOWN_KEY.finditer(text))
