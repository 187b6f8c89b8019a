"""Entry point.  `use`, `reset`, `list --names` and `current` run on a fast path that loads
neither click nor the TOML parser: they are run at every switch, prompt and Tab press.
Everything else goes to the click CLI in `cli.py`."""

import os
import sys

from .errors import CCSwitchError


def _fast(argv):
    """Handle the hot commands in their plain forms; None means 'let click parse this'."""
    if not argv:
        return None
    cmd, rest = argv[0], argv[1:]
    if cmd in ("use", "reset"):
        shell = None
        name = None if cmd == "use" else "login"
        i = 0
        while i < len(rest):
            arg = rest[i]
            if arg == "--shell" and i + 1 < len(rest):
                shell = rest[i + 1]
                i += 2
                continue
            if arg.startswith("--shell="):
                shell = arg[8:]
            elif (arg.startswith("-") and arg != "-") or name is not None:
                return None
            else:
                name = arg
            i += 1
        if name is None:
            return None
        from . import hotpath

        return hotpath.use(name, shell)
    if cmd == "dir" and len(rest) == 4 and rest[0] == "--shell" and rest[2] == "--":  # the hooks
        from . import hotpath

        return hotpath.dir_(rest[3], rest[1])
    if cmd == "list" and rest == ["--names"]:
        from . import commands

        _write("".join(n + "\n" for n in commands.names()))
        return 0
    if cmd == "current" and not rest:
        from . import commands

        _write(commands.active_route(os.environ) + "\n")
        return 0
    if cmd == "prompt" and not rest:  # for prompt engines: the route's name, nothing on login
        _write(os.environ.get("CCSWITCH_ROUTE", ""))
        return 0
    if cmd == "statusline" and not rest:
        from . import commands

        _write(commands.statusline(os.environ, sys.stdin) + "\n")
        return 0
    return None


def _write(text):
    sys.stdout.buffer.write(text.encode("utf-8", "surrogateescape"))
    sys.stdout.flush()


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    code = guarded(_fast, argv)
    if code is not None:
        return code
    from .cli import run

    return run(argv)


def guarded(fn, *args):
    """`fn(*args)`, its failures turned into exit statuses: the one mapping for the fast path and
    the click CLI (`cli.run` adds click's own exceptions).  A ccswitch error is reported on one
    line (its exit_code), a closed pipe is 1, Ctrl-C 130, anything else an internal error (70)."""
    try:
        return fn(*args)
    except CCSwitchError as e:
        return report(e)
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # never a traceback (it could carry a value)
        return internal(e)


def report(e):
    from .text import printable  # a message may quote a path or name from outside

    sys.stderr.write(f"ccswitch: {printable(str(e))}\n")
    return e.exit_code


def internal(e):
    if os.environ.get("CCSWITCH_DEBUG"):
        raise e
    sys.stderr.write(f"ccswitch: internal error ({type(e).__name__}); run with CCSWITCH_DEBUG=1 for a traceback and report it\n")
    return 70


if __name__ == "__main__":
    sys.exit(main())
