"""Compute the exact change of environment that switches a shell to a route.

A `Plan` is what every emitter renders: variables to unset, then variables to set, in a fixed
order.  The plan is validated completely before any emitter sees it, so a failure prints nothing.

Bookkeeping lives in two variables of the shell itself:

* CCSWITCH_ROUTE  the active route's name (what prompts show); unset on the login route.
* CCSWITCH_PREVIOUS  the route this shell was on before (`use -` goes back to it); a name the
                  next `use -` checks like any other, since the environment may have set it.
* CCSWITCH_STATE  the variables outside Claude Code's own set that the route overwrote
                  (AWS_PROFILE, proxies, anything from --set), each with the value it had
                  before, so the next switch puts it back: `NAME=value` restores a value,
                  a bare `NAME` unsets (it was not set before).  `2;MAC;entries`: entries
                  are separated by ';', '%' and ';' in values are written %25 and %3B, and
                  MAC authenticates them with this user's key (`store.state_key`).

CCSWITCH_STATE comes back from the environment, which anything may have set: a value whose MAC
does not match (hand-made, copied from another account, an older format) is ignored whole, and
no entry may name a loader or startup variable (PATH, LD_PRELOAD, BASH_ENV…) or a route
variable, whatever its MAC says.
"""

from .claudevars import EMPTY_UNSAFE, PREVIOUS_VAR, ROUTE_MARKER, ROUTE_VAR_PREFIXES, ROUTE_VARS, STATE_VAR, is_route_var, is_startup_var
from .routes import LOGIN, check_env_entry, is_env_name, is_route_name

_STATE_VERSION = "2"


class Plan:
    """Unsets first, then sets; both in a fixed order so output is reproducible."""

    __slots__ = ("unset", "set", "route")

    def __init__(self, unset, set_, route):
        self.unset = unset  # list of names
        self.set = set_  # list of (name, value)
        self.route = route  # the route switched to

    def validate(self):
        for name in self.unset:
            check_env_entry(name, "")
        for name, value in self.set:
            check_env_entry(name, value)
        return self

    def applied_to(self, env):
        """A copy of `env` as it is after the switch."""
        result = dict(env)
        for name in self.unset:
            result.pop(name, None)
        result.update(self.set)
        return result

    def extended(self, sets, unsets):
        """This plan plus more variables to set and unset (the hooks' own state)."""
        merged = dict(self.set)
        merged.update(sets)
        gone = (set(self.unset) | set(unsets)) - set(sets)
        for name in gone:
            merged.pop(name, None)
        return Plan(sorted(gone), _ordered(merged), self.route).validate()

    def as_dict(self):
        return {"route": self.route, "unset": list(self.unset), "set": dict(self.set)}


def _mac(entries):
    """HMAC-SHA256 of `entries` under this user's state key, 32 hex digits; None without a key."""
    from .store import state_key

    key = state_key()
    if key is None:
        return None
    try:
        from _sha256 import sha256  # the C module: hashlib and hmac cost more than the whole switch
    except ImportError:  # pragma: no cover - CPython always has it
        from hashlib import sha256
    key = key.ljust(64, b"\0")
    inner = sha256(bytes(b ^ 0x36 for b in key) + entries.encode("utf-8", "surrogateescape")).digest()
    return sha256(bytes(b ^ 0x5C for b in key) + inner).hexdigest()[:32]


def encode_state(saved):
    parts = []
    for name in sorted(saved):
        value = saved[name]
        if value is None:
            parts.append(name)
        else:
            parts.append(name + "=" + value.replace("%", "%25").replace(";", "%3B"))
    entries = ";".join(parts)
    return f"{_STATE_VERSION};{_mac(entries) or '-'};{entries}"


def decode_state(text):
    """Inverse of encode_state; a value that does not authenticate, or anything malformed, is
    ignored rather than trusted."""
    if not text:
        return {}
    version, _, rest = text.partition(";")
    mac, _, entries = rest.partition(";")
    if version != _STATE_VERSION or not entries:
        return {}
    expected = _mac(entries)
    if expected is None or not _same(mac, expected):
        return {}
    saved = {}
    for entry in entries.split(";"):
        name, eq, value = entry.partition("=")
        if not is_env_name(name) or is_route_var(name) or is_startup_var(name) or name.startswith("CCSWITCH_"):
            continue
        saved[name] = value.replace("%3B", ";").replace("%25", "%") if eq else None
    return saved


def _same(a, b):
    """Compare two MACs in time that does not depend on where they differ."""
    if len(a) != len(b):
        return False
    diff = 0
    for x, y in zip(a.encode(), b.encode()):
        diff |= x ^ y
    return diff == 0


def plan(current_env, route_name, route_env):
    """The change from `current_env` (the shell's environment) to exactly `route_env`.

    Every Claude Code route variable is unset (whichever the shell has, and all of the table,
    since a shell may hold unexported ones we cannot see); variables the previous route
    overwrote are restored; the new route's variables are set, and for those outside Claude
    Code's set the value they replace is remembered in CCSWITCH_STATE.
    """
    # What the previous route overwrote, with the values from before it: the baseline to restore.
    previous = decode_state(current_env.get(STATE_VAR))
    sets = {}
    unsets = set(ROUTE_VARS)
    unsets.update(n for n in current_env if n.startswith(ROUTE_VAR_PREFIXES))
    for name, value in previous.items():
        if name not in route_env:
            if value is None:
                unsets.add(name)
            else:
                sets[name] = value

    saved = {}
    for name, value in route_env.items():
        if not is_route_var(name):
            saved[name] = previous[name] if name in previous else current_env.get(name)
    sets.update(route_env)

    for name in EMPTY_UNSAFE:  # set but empty: no switch leaves it so, nor puts it back so
        if sets.get(name, current_env.get(name)) == "":
            sets.pop(name, None)
            unsets.add(name)
    came_from = current_env.get(ROUTE_MARKER) or LOGIN
    if came_from != route_name and is_route_name(came_from):  # a project's dir:NAME is left by cd, not `use -`
        sets[PREVIOUS_VAR] = came_from
    if route_name == LOGIN:
        unsets.update((ROUTE_MARKER, STATE_VAR))
    else:
        sets[ROUTE_MARKER] = route_name
        if saved:
            sets[STATE_VAR] = encode_state(saved)
        else:
            unsets.add(STATE_VAR)
    unsets.difference_update(sets)
    return Plan(sorted(unsets), _ordered(sets), route_name).validate()


def _ordered(sets):
    """Sets in their fixed order: the route's variables, then ccswitch's own."""
    return sorted(sets.items(), key=lambda kv: (kv[0].startswith("CCSWITCH_"), kv[0]))
