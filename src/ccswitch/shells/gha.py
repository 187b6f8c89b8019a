"""`--shell gha`: lines for GitHub Actions' $GITHUB_ENV file, which sets variables for the
job's later steps: `ccswitch use NAME --shell gha >> "$GITHUB_ENV"`.

A one-line value is `NAME=value` (the runner takes everything after the first `=`).  A value
with a CR or LF uses the runner's heredoc form, `NAME<<DELIMITER`, the value, and a line holding
only the delimiter; the runner takes the text between as it is.  The delimiter is random
(128 bits from os.urandom, as secrets.token_hex draws them), so no one can plant it in a value,
and drawn again while it occurs anywhere in the value, so the value cannot end early.

$GITHUB_ENV cannot unset a variable, and setting one to "" is not unsetting (Claude Code takes
an empty variable as set): unsets are left out, with a note on stderr.

Secrets are masked in the job's log: on a runner (GITHUB_ACTIONS=true, stderr not a terminal)
every secret value goes out first as `::add-mask::VALUE` on stderr, one command per line of a
multi-line value, its data escaped as the runner unescapes it (% CR LF).  The runner reads
workflow commands from a step's stderr as from its stdout (actions/runner's ScriptHandler puts
an OutputManager on each), so the masks register while stdout is appended to $GITHUB_ENV,
which must hold variables only.
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

    def side_channel(self, plan, env):
        if env.get("GITHUB_ACTIONS") != "true" or os.isatty(2):  # never a secret on a terminal
            return ""
        from ..claudevars import is_secret_var, looks_like_secret_value

        lines = []
        for name, value in plan.set:
            if is_secret_var(name) or looks_like_secret_value(value):
                for line in value.replace("\r\n", "\n").split("\n"):
                    line = line.strip("\r")
                    if line:
                        lines.append("::add-mask::" + line.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A") + "\n")
        return "".join(dict.fromkeys(lines))

    def notes(self, plan):
        if not plan.unset:
            return []
        return [
            f"$GITHUB_ENV cannot unset variables: the {len(plan.unset)} to unset are left out "
            f"(`--shell json` lists them); later steps keep any the job already had"
        ]


UNIT = Gha()
