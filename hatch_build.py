"""Build hook: write man/ccswitch.1 from the click command tree being built, so the installed
man page (share/man/man1/ccswitch.1) is the CLI's own.  The build environment has hatchling and
click (pyproject's build requirements); when the CLI cannot be imported there all the same, the
copy in the repository, which tests keep current, is used and the build says so."""

import subprocess
import sys
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

WRITE = "import sys; sys.path.insert(0, sys.argv[1]); from ccswitch.manpage import main; sys.exit(main(['--write', sys.argv[2]]))"


class ManPageHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        root = Path(self.root)
        done = subprocess.run([sys.executable, "-c", WRITE, str(root / "src"), str(root / "man" / "ccswitch.1")],
                              capture_output=True, text=True)
        if done.returncode != 0:
            why = (done.stderr.strip().splitlines() or ["?"])[-1]
            self.app.display_info(f"ccswitch: the man page kept as it is in the repository (the CLI cannot be imported here: {why})")
