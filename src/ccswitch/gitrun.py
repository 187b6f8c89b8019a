"""Running git: the one place ccswitch starts it (`guard` reads the index and installs the hook,
`doctor` asks what is tracked or ignored), with one time limit.

`run` raises GitError when git is not installed, cannot be started, or does not finish within
TIMEOUT seconds; `probe` answers None instead, for a caller that only reports "git could not
tell".  A non-zero exit status is the caller's to judge: both return the CompletedProcess, with
stdout and stderr captured as bytes.
"""

from .errors import CCSwitchError

TIMEOUT = 30


class GitError(CCSwitchError):
    """git could not be run, or did not finish in time."""


class GitMissing(GitError):
    """There is no git to run."""


def run(cwd, *args, input=None):
    """`git -C CWD ARGS…` (bytes `input` on its stdin): the CompletedProcess, or GitError."""
    import subprocess

    try:
        return subprocess.run(["git", "-C", cwd, *args], input=input, capture_output=True, timeout=TIMEOUT)
    except FileNotFoundError:
        raise GitMissing("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} did not finish within {TIMEOUT} s") from None
    except OSError as e:
        raise GitError(f"cannot run git: {e.strerror}") from None


def probe(cwd, *args):
    """`run`, or None when git could not be run or did not finish in time."""
    try:
        return run(cwd, *args)
    except GitError:
        return None
