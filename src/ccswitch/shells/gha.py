"""`--shell gha`: lines for GitHub Actions' $GITHUB_ENV file, which sets variables for the
job's later steps: `ccswitch use NAME --shell gha >> "$GITHUB_ENV"`.

A one-line value is `NAME=value` (the runner takes everything after the first `=`).  A value
with a CR or LF uses the runner's heredoc form, `NAME<<DELIMITER`, the value, and a line holding
only the delimiter; the runner takes the text between as it is.  The delimiter is random
(128 bits from os.urandom, as secrets.token_hex draws them), so no one can plant it in a value,
and drawn again while it occurs anywhere in the value, so the value cannot end early.

$GITHUB_ENV cannot unset a variable, and setting one to "" is not unsetting (Claude Code takes
an empty variable as set): unsets are left out, with a note on stderr.  The runner logs each
value in its debug log: register secrets with `::add-mask::` first.
"""

import os

from . import Shell, refuse


def _token():
    return os.urandom(16).hex()  # what secrets.token_hex(16) does, without importing secrets


def delimiter(value):
    while True:
        candidate = "CCSWITCH_EOF_" + _token()
        if candidate not in value:
            return candidate


class Gha(Shell):
    is_format = True
    load = '{cmd} >> "$GITHUB_ENV"'
    about = 'multi-line values with a random delimiter; unsets cannot be expressed, noted on stderr'

    def render(self, plan):
        out = []
        for name, value in plan.set:
            if value.endswith("\r"):
                # On Windows runners the runner reads CR LF as one line break: the CR would be lost.
                raise refuse(plan, "$GITHUB_ENV", name, "it ends with a carriage return, which the runner drops on Windows")
            if "\n" in value or "\r" in value:
                delim = delimiter(value)
                out.append(f"{name}<<{delim}\n{value}\n{delim}\n")
            else:
                out.append(f"{name}={value}\n")
        return "".join(out)

    def notes(self, plan):
        if not plan.unset:
            return []
        return [
            f"$GITHUB_ENV cannot unset variables: the {len(plan.unset)} to unset are left out "
            f"(`--shell json` lists them); later steps keep any the job already had"
        ]


UNIT = Gha()
