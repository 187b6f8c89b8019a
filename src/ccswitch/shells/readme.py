"""The README's two shell tables, written from the units: the one source of each shell's load
line and init line (`init --help` and the terminal hint of `use` read the same attributes).

    python -m ccswitch.shells.readme --write    rewrite the tables in README.md
    python -m ccswitch.shells.readme --check    exit 1 when README.md's tables are stale

Each table sits between `<!-- shells:NAME -->` and `<!-- /shells:NAME -->` in README.md.
"""

import sys

from . import units


def code(text):
    """`text` as a Markdown code span inside a table cell."""
    text = text.replace("|", "\\|")
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def apply_table():
    rows = ["| `--shell` | apply by hand (the hooks below do it for you) |", "|---|---|"]
    for unit in units():
        names = ", ".join(f"`{n}`" for n in unit.names)
        # A shell is found by detection; a format is asked for by name.
        shown = f"ccswitch use NAME --shell {unit.name}" if unit.is_format else "ccswitch use NAME"
        cell = code(unit.load.format(cmd=shown))
        if unit.about:
            cell += f" ({unit.about})"
        rows.append(f"| {names} | {cell} |")
    return "\n".join(rows)


def hook_table():
    rows = ["| shell | in | line | prompt segment |", "|---|---|---|---|"]
    for unit in units():
        if not unit.hook:
            continue
        rc, line = unit.init
        where = f"once: {code(unit.init_once)}; then in `{rc}`" if unit.init_once else f"`{rc}`"
        prefix = f"`init {unit.name} --prompt`, or " if unit.prompt_prefix else ""
        rows.append(f"| {unit.name} | {where} | {code(line)} | {prefix}{code(unit.prompt_use)} |")
    return "\n".join(rows)


TABLES = {"shells:apply": apply_table, "shells:hooks": hook_table}


def main(argv):
    from ..docblocks import main as write

    return write(argv, TABLES, "ccswitch.shells.readme")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
