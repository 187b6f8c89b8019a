"""`ccswitch use` with no name on a terminal: pick the route, as kubectx does.

fzf when it is on PATH (it draws on the terminal and prints the choice; CCSWITCH_PICKER=menu
turns it off), else a numbered menu on stderr, answered on the terminal.  Either way the shell
code still goes to stdout only, once a route is picked; nothing picked is exit status 1 with
nothing on stdout.
"""

import os
import shutil
import subprocess
import sys

from .errors import CCSwitchError, UsageError


class NotPicked(CCSwitchError):
    exit_code = 1


def pick(rows, env=None):
    """The name of the route picked from `rows` (commands.list_rows), or NotPicked."""
    env = os.environ if env is None else env
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise UsageError("give a route name: ccswitch use NAME (the picker needs a terminal)")
    fzf = None if env.get("CCSWITCH_PICKER") == "menu" else shutil.which("fzf", path=env.get("PATH"))
    name = _fzf(fzf, rows) if fzf else _menu(rows)
    if not name:
        raise NotPicked("no route picked; nothing changed")
    return name


def _fzf(fzf, rows):
    current = next((r["name"] for r in rows if r["active"]), "login")
    lines = "".join(f"{r['name']}\n" for r in rows)
    try:
        done = subprocess.run([fzf, "--height=~40%", "--reverse", "--no-multi", "--prompt=route> ",
                               f"--header=now on {current}"], input=lines, stdout=subprocess.PIPE, text=True)
    except OSError as e:
        raise CCSwitchError(f"cannot run fzf: {e.strerror}") from None
    return done.stdout.strip() if done.returncode == 0 else None


def _menu(rows):
    from .text import printable

    width = len(str(len(rows)))
    for i, r in enumerate(rows, 1):
        mark = "*" if r["active"] else " "
        sys.stderr.write(f"{mark} {i:>{width}}) {printable(r['name'])}  ({r['kind']}, {printable(r['target'])})\n")
    sys.stderr.write("ccswitch: route (number or name; Enter cancels): ")
    sys.stderr.flush()
    answer = sys.stdin.readline().strip()
    if answer.isdigit():
        n = int(answer)
        if not 1 <= n <= len(rows):
            raise UsageError(f"no route number {n}; pick 1 to {len(rows)}")
        return rows[n - 1]["name"]
    return answer
