"""The man page, ccswitch(1), written from the click command tree: every command with its
usage, help, examples and options, so it cannot drift from `--help`.

    python -m ccswitch.manpage --write    write man/ccswitch.1
    python -m ccswitch.manpage --check    exit 1 when man/ccswitch.1 is stale

The wheel build (hatch_build.py) writes it again from the tree being built; the copy in the
repository is kept current by tests/test_conventions.py.  The wheel installs it as
share/man/man1/ccswitch.1.
"""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PATH = os.path.join(ROOT, "man", "ccswitch.1")

ENVIRONMENT = (
    ("CCSWITCH_HOME", "where routes.toml, the allow records and (unless set otherwise) account folders live"),
    ("CCSWITCH_QUIET", "no one-line confirmation on stderr after a switch"),
    ("CCSWITCH_SHELL", "the shell to write for when --shell is not given (checked like any input)"),
    ("CCSWITCH_PICKER", "menu: `ccswitch use` with no name shows a numbered menu even when fzf is installed"),
    ("NO_COLOR", "no colour, whatever the terminal (--color always still colours)"),
    ("CLAUDE_CONFIG_DIR", "Claude Code's per-user folder; an account route sets it"),
    ("CCSWITCH_ROUTE, CCSWITCH_STATE, CCSWITCH_PREVIOUS", "ccswitch's own bookkeeping in a switched shell"),
)


def _roff(text):
    """Text safe in a roff line: backslashes and hyphens escaped, no line starting with . or '."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join(("\\&" + line) if line[:1] in (".", "'") else line for line in text.split("\n"))


def _help_paragraphs(help_text):
    """click help text as roff: \\b blocks kept as they are (.nf), the rest filled."""
    out = []
    for para in (help_text or "").strip().split("\n\n"):
        lines = [line.strip() for line in para.split("\n")]
        if lines and lines[0] == "\b":
            out.append(".PP\n.nf\n" + _roff("\n".join(line for line in para.split("\n")[1:]).rstrip()) + "\n.fi")
        else:
            out.append(".PP\n" + _roff(" ".join(line for line in lines if line)))
    return "\n".join(out)


def render():
    import click

    from .cli import cli

    def walk(cmd, path):
        if path and not cmd.hidden:
            yield path, cmd
        if isinstance(cmd, click.Group):
            for name in sorted(cmd.commands):
                yield from walk(cmd.commands[name], [*path, name])

    parts = [
        '.TH CCSWITCH 1 "" "ccswitch" "User Commands"',
        ".SH NAME",
        "ccswitch \\- switch Claude Code between its routes without leaking a stale variable",
        ".SH SYNOPSIS",
        ".B ccswitch",
        "[\\fICOMMAND\\fR] [\\fIOPTIONS\\fR] [\\fIARGS\\fR]...",
        ".SH DESCRIPTION",
        _help_paragraphs(cli.help),
        ".SH COMMANDS",
    ]
    ctx = click.Context(cli, info_name="ccswitch")
    for path, cmd in walk(cli, []):
        sub = click.Context(cmd, info_name=" ".join(["ccswitch", *path]), parent=None)
        usage = " ".join(cmd.collect_usage_pieces(sub))
        parts.append(".SS " + _roff(" ".join(path)))
        parts.append(".B " + _roff(f"ccswitch {' '.join(path)} {usage}".strip()))
        parts.append(_help_paragraphs(cmd.help))
        for param in cmd.get_params(sub):
            record = param.get_help_record(sub)
            if record and record[1]:
                parts.append(".TP\n.B " + _roff(record[0]) + "\n" + _roff(record[1] or ""))
    del ctx
    parts.append(".SH ENVIRONMENT")
    for name, what in ENVIRONMENT:
        parts.append(".TP\n.B " + _roff(name) + "\n" + _roff(what))
    parts += [
        ".SH EXIT STATUS",
        "0 on success; 1 when a check fails (status with no credential or an unmet --expect, doctor, whoami, verify); "
        "2 for a usage error (nothing is printed on stdout); 70 for an internal error.",
        ".SH SEE ALSO",
        "claude(1), direnv(1), kubectx(1)",
        '.\\" generated from the click command tree by python -m ccswitch.manpage; do not edit',
    ]
    return "\n".join(parts) + "\n"


def main(argv=None):
    import argparse

    parser = argparse.ArgumentParser(prog="python -m ccswitch.manpage", description=__doc__.split("\n\n")[0])
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--write", metavar="FILE", nargs="?", const=PATH, help="write the man page (default man/ccswitch.1)")
    what.add_argument("--check", action="store_true", help="exit 1 when man/ccswitch.1 is not what the generator writes")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        try:
            with open(PATH, encoding="utf-8") as f:
                current = f.read()
        except OSError:
            current = None
        if current != text:
            print(f"stale: {PATH} (regenerate with: python -m ccswitch.manpage --write)", file=sys.stderr)
            return 1
        return 0
    os.makedirs(os.path.dirname(args.write), exist_ok=True)
    with open(args.write, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {args.write}", file=sys.stderr)
    return 0



if __name__ == "__main__":
    sys.exit(main())
