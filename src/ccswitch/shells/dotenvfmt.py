"""`--shell dotenv`: a .env file as python-dotenv reads it (`dotenv_values`, `load_dotenv`).

`quote` is ccswitch's one dotenv quoting, for this format and for `ccswitch export` alike.  Each
value is double-quoted, one line per variable, with `\\\\`, `\\"`, `\\n` and `\\r` escaped:
those are python-dotenv's double-quote escapes, and a file opened in text mode turns a raw CR
into LF, so CR and LF must not stay raw.  A value python-dotenv would expand (`${NAME}`) is
single-quoted instead, with `\\\\` and `\\'` escaped: `ccswitch import dotenv` keeps single-quoted
values literal (python-dotenv's own `dotenv_values(interpolate=False)` reads either back
verbatim).

A .env file cannot say "unset": unsets are left out, with a note on stderr.  python-dotenv
expands `${NAME}` and `${NAME:-default}` in every value, quoted or not, and has no escape for
it: a value holding such a reference is refused (with nothing printed).
"""

from . import Shell, refuse


def quote(value):
    """`value` as a .env value python-dotenv reads back exactly (see the module docstring)."""
    if _expands(value):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def _expands(value):
    """Would python-dotenv's interpolation (`\\$\\{[^}:]*(:-[^}]*)?\\}`) match in `value`?"""
    start = value.find("${")
    while start >= 0:
        end = value.find("}", start + 2)
        if end < 0:
            return False
        name, sep, _default = value[start + 2 : end].partition(":-")
        if ":" not in name:
            return True
        start = value.find("${", start + 2)
    return False


class Dotenv(Shell):
    is_format = True
    load = "{cmd} > .env"
    about = '`NAME="value"` lines for python-dotenv; unsets cannot be expressed, noted on stderr'

    def render(self, plan):
        for name, value in plan.set:
            if _expands(value):
                raise refuse(plan, "a .env file", name, "python-dotenv would expand the ${…} in it and has no escape for that")
        return "".join(f"{name}={quote(value)}\n" for name, value in plan.set)

    def notes(self, plan):
        if not plan.unset:
            return []
        return [
            f"a .env file cannot unset variables: the {len(plan.unset)} to unset are left out "
            f"(`--shell json` lists them); load it into an environment without Claude Code's route variables"
        ]


UNIT = Dotenv()
