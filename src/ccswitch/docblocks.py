"""Blocks of README.md written from the code (the tables of shells and of kinds): one way to
replace, write and check them, for `python -m ccswitch.shells.readme` and
`python -m ccswitch.kinds.readme`.

Each block sits between `<!-- NAME -->` and `<!-- /NAME -->`; `--write` rewrites the blocks,
`--check` exits 1 when one is stale, no argument prints them.
"""

import os
import re
import sys

README = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "README.md")


def render(readme, blocks):
    """`readme` with every block {name: make()} written anew."""
    for name, make in blocks.items():
        pattern = re.compile(rf"(<!-- {re.escape(name)} -->\n).*?(\n<!-- /{re.escape(name)} -->)", re.S)
        if not pattern.search(readme):
            raise SystemExit(f"README.md has no <!-- {name} --> … <!-- /{name} --> block")
        readme = pattern.sub(lambda m: m.group(1) + make() + m.group(2), readme)
    return readme


def main(argv, blocks, module):
    if argv[:1] not in (["--write"], ["--check"]):
        sys.stdout.write("\n\n".join(make() for make in blocks.values()) + "\n")
        return 0
    with open(README, encoding="utf-8") as f:
        text = f.read()
    new = render(text, blocks)
    if argv[:1] == ["--write"]:
        with open(README, "w", encoding="utf-8") as f:
            f.write(new)
        return 0
    if new != text:
        sys.stderr.write(f"README.md is stale ({', '.join(blocks)}): run python -m {module} --write\n")
        return 1
    return 0
