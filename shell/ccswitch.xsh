# ccswitch hook for xonsh. Load it from ~/.xonshrc with:
#   execx($(ccswitch init xonsh))
# `ccswitch use NAME` and `ccswitch reset` then switch this session: the program runs first,
# and its output (Python literals) is applied only when it succeeded.
import shutil as _ccswitch_shutil
import subprocess as _ccswitch_subprocess

$CCSWITCH_SHELL = 'xonsh'


def _ccswitch(args, stdin=None, stdout=None, stderr=None):
    env = ${...}.detype()
    program = _ccswitch_shutil.which('ccswitch', path=env.get('PATH')) or 'ccswitch'
    if args and args[0] in ('use', 'reset') and not {'-h', '--help'} & set(args):
        done = _ccswitch_subprocess.run([program, *args, '--shell', 'xonsh'], stdout=_ccswitch_subprocess.PIPE, env=env)
        if done.returncode == 0:
            execx(done.stdout.decode('utf-8', 'surrogateescape'))
        return done.returncode
    # Pass-through: xonsh hands a callable alias its redirections as file objects.
    data = stdin.read().encode('utf-8', 'surrogateescape') if stdin is not None else None
    done = _ccswitch_subprocess.run(
        [program, *args], env=env, input=data,
        stdout=None if stdout is None else _ccswitch_subprocess.PIPE,
    )
    if stdout is not None:
        stdout.write(done.stdout.decode('utf-8', 'surrogateescape'))
        stdout.flush()
    return done.returncode


aliases['ccswitch'] = _ccswitch


def ccswitch_prompt():
    """The active route as a short prompt segment, empty on the login route ({ccswitch} in $PROMPT)."""
    route = ${...}.get('CCSWITCH_ROUTE', '')
    if not route or ${...}.get('CCSWITCH_DISABLE_PROMPT', ''):
        return ''
    return '(cc:' + route + ') '


$PROMPT_FIELDS['ccswitch'] = ccswitch_prompt
