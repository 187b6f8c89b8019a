# ccswitch hook for xonsh. Load it from ~/.xonshrc with:
#   execx($(ccswitch init xonsh))            (add --prompt to prefix $PROMPT with the route)
# The hook holds no logic and no state: it runs the program with its shell named, checks the
# exit status, and only then applies what the program printed (Python statements, run with
# execx). The program decides everything and keeps what it must remember in variables it
# prints itself (CCSWITCH_DIR, …). `{ccswitch}` in $PROMPT shows the route.
import os as _ccswitch_os
import subprocess as _ccswitch_subprocess
import sys as _ccswitch_sys

_CCSWITCH_PYTHON = @PYTHON@
_CCSWITCH_MAIN = @MAIN@


def _ccswitch_argv(args):
    """The program, started the fast way: its own interpreter, isolated, main called directly."""
    if _ccswitch_os.access(_CCSWITCH_PYTHON, _ccswitch_os.X_OK):
        return [_CCSWITCH_PYTHON, '-I', '-c', _CCSWITCH_MAIN, *args]
    return ['ccswitch', *args]


def _ccswitch_fd(stream):
    """The file descriptor of a stream xonsh hands an alias (None: the shell's own)."""
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None


def _ccswitch_run(args, stdin=None, stdout=None, stderr=None, capture=False):
    """Run the program with this session's environment and the streams xonsh handed the alias:
    (exit status, its output when captured)."""
    try:
        done = _ccswitch_subprocess.run(
            _ccswitch_argv(args), env=${...}.detype(), stdin=_ccswitch_fd(stdin),
            stdout=_ccswitch_subprocess.PIPE if capture else _ccswitch_fd(stdout),
            stderr=_ccswitch_fd(stderr),
        )
    except OSError as e:  # neither the interpreter nor a ccswitch on PATH
        print(f'ccswitch: {e}', file=_ccswitch_sys.stderr)
        return 127, ''
    return done.returncode, (done.stdout or b'').decode('utf-8', 'surrogateescape')


def _ccswitch_apply(args, stdin=None, stderr=None):
    """Run the program; apply its code only when it succeeded. Its own messages go to stderr,
    and a failure is returned as its exit status, like any command's: nothing is raised here."""
    status, code = _ccswitch_run(args, stdin=stdin, stderr=stderr, capture=True)
    if status == 0:
        execx(code, 'exec', {})
    return status


def _ccswitch_hook(force=False, **_event):
    """Before each prompt and on a directory change: find the nearest .ccswitch without starting
    a process; when it is not the one the program last looked at (CCSWITCH_DIR), let the program
    decide (enter, leave, untrusted…) and apply its code. CCSWITCH_DISABLE_DIR=1 turns it off."""
    if ${...}.get('CCSWITCH_DISABLE_DIR'):
        return
    d, f = ${...}.get('PWD') or _ccswitch_os.getcwd(), ''
    while True:
        if _ccswitch_os.path.isfile(_ccswitch_os.path.join(d, '.ccswitch')):
            f = _ccswitch_os.path.join(d, '.ccswitch')
            break
        up = _ccswitch_os.path.dirname(d)
        if up == d:
            break
        d = up
    if force or f != ${...}.get('CCSWITCH_DIR', ''):
        _ccswitch_apply(['dir', '--shell', 'xonsh', '--', f])


def _ccswitch_switch(args, stdin=None, stdout=None, stderr=None):
    """`ccswitch use NAME` / `ccswitch reset`: switch this session."""
    return _ccswitch_apply([*args, '--shell', 'xonsh'], stdin=stdin, stderr=stderr)


def _ccswitch_trust(args, stdin=None, stdout=None, stderr=None):
    """`ccswitch allow` / `ccswitch deny`: run them, then the directory hook at once."""
    status, _ = _ccswitch_run(args, stdin=stdin, stdout=stdout, stderr=stderr)
    if status == 0:
        _ccswitch_hook(force=True)
    return status


def _ccswitch_command(args, **_kw):
    """`ccswitch …` becomes the switch, allow/deny and the hook, or else the program itself, which
    xonsh then runs like any command: the terminal, pipes and redirections are its own. (xonsh
    expands $NAME and a leading ~ in the words of a returned command once more.) `doctor` is
    told it runs through this hook, for that one run (env(1): a returned command takes no
    assignment), never in the session: which hook ran it (its rev); xonsh gets no completion
    from init. The program judges."""
    if args and args[0] in ('use', 'reset') and not any(
        a in ('-h', '--help', '--shell') or a.startswith('--shell=') for a in args
    ):
        return ['_ccswitch_switch', *args]
    if args and args[0] in ('allow', 'deny'):
        return ['_ccswitch_trust', *args]
    if args and args[0] == 'doctor':
        return ['env', 'CCSWITCH_HOOK=xonsh @REV@ none', *_ccswitch_argv(args)]
    return _ccswitch_argv(args)


if hasattr(aliases, 'return_command'):  # xonsh 0.18 and later
    aliases['_ccswitch_switch'] = _ccswitch_switch
    aliases['_ccswitch_trust'] = _ccswitch_trust
    aliases['ccswitch'] = aliases.return_command(_ccswitch_command)
else:
    print('ccswitch: the hook needs xonsh 0.18 or later (@aliases.return_command); '
          'switch with execx($(ccswitch use NAME --shell xonsh))', file=_ccswitch_sys.stderr)


def ccswitch_prompt():
    """The active route as a short prompt segment, empty on the login route; `{ccswitch}` in
    $PROMPT. It runs no program. CCSWITCH_DISABLE_PROMPT=1 hides it."""
    route = ${...}.get('CCSWITCH_ROUTE', '')
    if not route or ${...}.get('CCSWITCH_DISABLE_PROMPT', ''):
        return ''
    return '(cc:' + route + ') '


$PROMPT_FIELDS['ccswitch'] = ccswitch_prompt

# The directory hook runs before the prompt is drawn (on_pre_prompt_format; older xonsh only
# has on_pre_prompt), so the prompt shows the route the session has, and at each `cd`.
# Loading the hook again replaces its handlers.
for _ccswitch_event in (
    events.on_pre_prompt_format if events.exists('on_pre_prompt_format') else events.on_pre_prompt,
    events.on_chdir,
):
    for _ccswitch_old in [h for h in _ccswitch_event if getattr(h, '__name__', '') == '_ccswitch_hook']:
        _ccswitch_event.discard(_ccswitch_old)
    _ccswitch_event(_ccswitch_hook)

# With --prompt: {ccswitch} in front of $PROMPT (a template string; a callable is left alone).
if @PROMPT@ and isinstance($PROMPT, str) and '{ccswitch}' not in $PROMPT:
    $PROMPT = '{ccswitch}' + $PROMPT
