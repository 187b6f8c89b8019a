"""sh, dash and ksh: POSIX code (see _posix).  No hook: these shells are for scripts
(`eval "$(ccswitch use NAME --shell sh)"`), and a POSIX sh has no prompt hook to run one from."""

from ._posix import Posix


class Sh(Posix):
    process_names = {"ash": "sh", "busybox": "sh", "mksh": "ksh", "ksh93": "ksh", "pdksh": "ksh", "oksh": "ksh"}


UNIT = Sh()
