"""sh, dash and ksh: POSIX code (see _posix).  No hook: these shells are for scripts
(`eval "$(ccswitch use NAME --shell sh)"`), and a POSIX sh has no prompt hook to run one from."""

from ._posix import Posix


class Sh(Posix):
    process_names = {"ash": "sh", "busybox": "sh", "mksh": "ksh", "ksh93": "ksh", "pdksh": "ksh", "oksh": "ksh"}
    no_hook = "sh, dash and ksh are for scripts, and a POSIX sh has no prompt hook to run one from"
    dotfiles = {".profile": "sh", ".kshrc": "sh"}

    def startup(self, ctx):
        import os

        yield os.path.join(ctx.home, ".profile"), "sh", "sh"
        yield os.path.join(ctx.home, ".kshrc"), "sh", "ksh"

    def system_startup(self, etc, ctx):
        import os

        yield os.path.join(etc, "profile"), "sh"
        for path in ctx.glob(etc, "profile.d", "*.sh"):
            yield path, "sh"

    def dotfile(self, path):
        import os

        return super().dotfile(path) or ("sh" if os.path.basename(os.path.dirname(path)) == "profile.d" else None)


UNIT = Sh()
