"""The one exception type ccswitch shows to users: a one-line message, never a traceback."""


class CCSwitchError(Exception):
    """A failure to report as `ccswitch: <message>` with a non-zero exit status."""

    exit_code = 1


class UsageError(CCSwitchError):
    """Bad input: a name, an option or a value the user can fix."""

    exit_code = 2
