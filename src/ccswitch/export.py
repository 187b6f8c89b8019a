"""Moving out: one route's variables as dotenv, JSON or TOML.

Without --reveal no secret value is read or written: each secret is written as a reference to
where ccswitch keeps it.  With --reveal the values are resolved (keyring, env:, cmd:) and
written; the CLI refuses that when stdout is a terminal.  Every format reads back with
`ccswitch import` into the same route (keyring secrets that were not revealed are asked for):

  dotenv   `# ccswitch export: route NAME (kind KIND)`, then VAR="value" lines
           (`shells.dotenvfmt.quote`, the quoting of `use --shell dotenv`: python-dotenv reads
           them back verbatim, line breaks included; a value with `${…}` goes in single quotes,
           which `ccswitch import` keeps literal), each secret as a `# VAR: SOURCE` comment
           (--reveal: VAR="value"), and for a helper route `# apiKeyHelper: COMMAND`.
           `ccswitch import dotenv FILE --name NAME`.
  json     settings-shaped: {"ccswitch": {"route": NAME, "kind": KIND}, "apiKeyHelper": …,
           "env": {VAR: "value", SECRET: {"secret": SOURCE}}} (--reveal: SECRET: "value").
           With --reveal it is a Claude Code settings file; `ccswitch import claude-settings
           FILE --name NAME` reads it back.
  toml     the route's own store table, as in routes.toml (`version = 1`, `[routes.NAME]`,
           `[routes.NAME.env]`, `[routes.NAME.secrets]`), so it can be pasted into a store;
           --reveal adds `[secret_values.NAME]` with the values of its keyring secrets
           (references stay references).  `ccswitch import toml FILE`.
"""

import json

from . import commands, store
from . import routes as model
from .errors import UsageError
from .shells import dotenvfmt

FORMATS = ("dotenv", "json", "toml")


def _one_line(what, text):
    if "\n" in text or "\r" in text:
        raise UsageError(f"{what} has a line break and cannot be written as a dotenv comment; use --format json or toml")
    return text


def render(name, fmt, reveal=False):
    """The text of route `name` in format `fmt`; secret values only when `reveal`."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")
    route = commands.get_route(name)
    if name == model.LOGIN:
        raise UsageError("the login route sets nothing (it unsets every route variable); there is nothing to export")
    plain = model.environment(name, {k: v for k, v in route.items() if k != "secrets"}, None)
    sources = dict(route.get("secrets", {}))
    values = {}
    if reveal and sources:
        from . import secrets

        for var, source in sources.items():
            if fmt == "toml" and source != model.SOURCE_KEYRING:
                continue  # a reference is the route itself; its value is not needed to rebuild it
            value = secrets.resolve(name, var, source)
            model.check_env_entry(var, value, what="secret")
            values[var] = value
    return {"dotenv": _dotenv, "json": _json, "toml": _toml}[fmt](name, route, plain, sources, values, reveal)


def _dotenv(name, route, plain, sources, values, reveal):
    lines = [f"# ccswitch export: route {name} (kind {route['kind']})"]
    if reveal and sources:
        lines.append("# This file holds secret values: keep it private and delete it when done.")
    elif sources:
        lines.append("# No secret values here: each secret is named with where ccswitch keeps it (export --reveal writes them).")
    if "command" in route:
        lines.append("# apiKeyHelper: " + _one_line("the apiKeyHelper command", route["command"]))
    lines.extend(f"{var}={dotenvfmt.quote(value)}" for var, value in plain.items())
    for var, source in sources.items():
        if reveal:
            lines.append(f"{var}={dotenvfmt.quote(values[var])}")
        else:
            lines.append(f"# {var}: " + _one_line(f"the source of {var}", source))
    return "\n".join(lines) + "\n"


def _json(name, route, plain, sources, values, reveal):
    doc = {"ccswitch": {"route": name, "kind": route["kind"]}}
    if "command" in route:
        doc["apiKeyHelper"] = route["command"]
    env = dict(plain)
    for var, source in sources.items():
        env[var] = values[var] if reveal else {"secret": source}
    doc["env"] = env
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _toml(name, route, plain, sources, values, reveal):
    import tomlkit

    doc = tomlkit.document()
    doc.add(tomlkit.comment(f"ccswitch export: route {name} (kind {route['kind']})"))
    if values:
        doc.add(tomlkit.comment("This file holds secret values ([secret_values]): keep it private and delete it when done."))
    doc.add("version", 1)
    routes = tomlkit.table(is_super_table=True)
    routes[name] = store.route_table(route)
    doc.add("routes", routes)
    if values:
        revealed = tomlkit.table(is_super_table=True)
        revealed[name] = store.dict_table(values)
        doc.add("secret_values", revealed)
    return tomlkit.dumps(doc)
