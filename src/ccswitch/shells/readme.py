"""The README's two shell tables, written from the units: the one source of each shell's load
line and init line (`init --help` and the terminal hint of `use` read the same attributes).

    python -m ccswitch.shells.readme --write    rewrite the tables in README.md
    python -m ccswitch.shells.readme --check    exit 1 when README.md's tables are stale

Each table sits between `<!-- shells:NAME -->` and `<!-- /shells:NAME -->` in README.md.
"""

import os
import re
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


TABLES = {"apply": apply_table, "hooks": hook_table}


def render(readme):
    for name, make in TABLES.items():
        pattern = re.compile(rf"(<!-- shells:{name} -->\n).*?(\n<!-- /shells:{name} -->)", re.S)
        if not pattern.search(readme):
            raise SystemExit(f"README.md has no <!-- shells:{name} --> … <!-- /shells:{name} --> block")
        readme = pattern.sub(lambda m: m.group(1) + make() + m.group(2), readme)
    return readme


def main(argv):
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))), "README.md")
    if argv[:1] not in (["--write"], ["--check"]):
        sys.stdout.write(apply_table() + "\n\n" + hook_table() + "\n")
        return 0
    with open(path, encoding="utf-8") as f:
        text = f.read()
    new = render(text)
    if argv[:1] == ["--write"]:
        with open(path, "w", encoding="utf-8") as f:
            f.write(new)
        return 0
    if argv[:1] == ["--check"]:
        if new != text:
            sys.stderr.write("README.md's shell tables are stale: run python -m ccswitch.shells.readme --write\n")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
