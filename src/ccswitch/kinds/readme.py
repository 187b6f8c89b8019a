"""The README's table of kinds, written from the kind units (the one source of what each kind
sets, which options it needs, and where it sends requests).

    python -m ccswitch.kinds.readme --write    rewrite the table in README.md
    python -m ccswitch.kinds.readme --check    exit 1 when README.md's table is stale

The table sits between `<!-- kinds:table -->` and `<!-- /kinds:table -->` in README.md.
"""

import sys

from . import KINDS, LOGIN


def _opt(field):
    return "`--" + field.replace("_", "-") + "`"


def table():
    rows = ["| kind | sets | options | endpoint |", "|---|---|---|---|"]
    for k in KINDS.values():
        if k.name == LOGIN:
            rows.append(f"| `{k.name}` | nothing: the built-in route `login` (always there); a stored login route is an account, "
                        f"`CLAUDE_CONFIG_DIR` (its own folder) | `--config-dir` optional (default: a folder of ccswitch's) | the login's own |")
            continue
        sets = [f"`{v}=1`" for v in k.fixed]
        sets += [f"`{v}`" for v in k.fields.values() if v]
        if k.secret:
            sets.append(f"`{k.secret}` (secret{'' if k.secret_required else ', optional'}; {k.secret_header})")
        if k.settings({"command": "COMMAND"}):
            sets.append("the key from an `apiKeyHelper` command, through `ccswitch exec`")
        opts = [k.needs + " required"] if k.needs else []
        if k.required and not k.needs:
            opts.append(", ".join(_opt(f) for f in k.required) + " required")
        if k.exactly_one:
            opts.append("exactly one of " + ", ".join(_opt(f) for f in k.exactly_one))
        optional = [f for f in k.fields if f not in k.required and f not in k.exactly_one]
        if optional:
            opts.append(("others " if k.needs else "") + ", ".join(_opt(f) for f in optional) + " optional")
        if k.skip_auth:
            opts.append(f"`--skip-auth` (`{k.skip_auth}=1`)")
        default = k.default_endpoint({}) or "from the resource"
        where = (f"`{k.base_url_var}`, else " if k.base_url_var else "") + default
        rows.append(f"| `{k.name}` | {', '.join(sets)} | {'; '.join(opts) or '—'} | {where} |")
    return "\n".join(rows)


def main(argv):
    from ..docblocks import main as write

    return write(argv, {"kinds:table": table}, "ccswitch.kinds.readme")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
