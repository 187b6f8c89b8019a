"""Where a Claude Code route variable is set: the file and line, never the value.

A variable that "comes back" in every new shell is nearly always assigned in a startup file, a
`.env`/`.envrc` a tool loads, a dev container definition or a Claude Code settings `env` block.
This package finds those assignments.  It reads files line by line with small, tolerant lexers
and never executes anything it reads: a file that does not parse still yields what could be
recognised, and nothing here raises on bad input.

  lexer.py      the shell lexer and the parsers of sh, fish, csh, .env, nushell, xonsh, elvish
  pwsh.py       the PowerShell parser (comments and strings masked first)
  jsonlines.py  JSON whose objects know their keys' lines (settings, devcontainer.json)
  discovery.py  which files are read, with their dialects; `find`, `assignments`
  wording.py    why an origin matters, and what `status` and `doctor` say
The parsers import nothing from discovery or wording; files are read with ccswitch.files.

Files read (`sources`), each with its dialect:

  shell startup  ~/.profile, ~/.bashrc, ~/.bash_profile, ~/.bash_login, ~/.bash_aliases,
                 ~/.bashrc.d/*, ~/.kshrc; zsh's .zshenv, .zprofile, .zshrc, .zlogin in $ZDOTDIR
                 (from the environment, else as ~/.zshenv sets it, else ~) plus ~/.zshenv, and
                 ~/.oh-my-zsh/custom/*.zsh; fish's config.fish, conf.d/*.fish and fish_variables
                 (universal variables) in $XDG_CONFIG_HOME/fish; ~/.tcshrc, ~/.cshrc, ~/.login;
                 PowerShell profiles (*profile.ps1) in $XDG_CONFIG_HOME/powershell, or on
                 Windows in Documents\\PowerShell and Documents\\WindowsPowerShell (also under
                 %OneDrive%); nushell env.nu/config.nu; ~/.xonshrc; elvish rc.elv;
                 $XDG_CONFIG_HOME/environment.d/*.conf (systemd user sessions).
  system         /etc/environment, /etc/profile, /etc/profile.d/*.sh, /etc/bash.bashrc,
                 /etc/bashrc, /etc/zshenv, /etc/zsh/{zshenv,zprofile,zshrc}, /etc/fish/config.fish,
                 /etc/fish/conf.d/*.fish, /etc/csh.cshrc, /etc/csh.login (POSIX only; the folder
                 is $CCSWITCH_ETC_DIR when set, e.g. for tests).
  project        .env, .env.local and .envrc in every folder from the current one up to the
                 repository root (only the current folder outside a repository);
                 .devcontainer/devcontainer.json, .devcontainer.json and
                 .devcontainer/*/devcontainer.json there (`containerEnv`, `remoteEnv`; JSON
                 with comments and trailing commas).
  settings       every Claude Code settings layer (settings.py), its `env` block.

Syntaxes recognised:

  sh/bash/zsh/ksh/.envrc  `export NAME=…`, `export NAME`, `NAME=…` (alone on its command, not as
                          a prefix of another command), `declare -x`/`typeset -x` (any option
                          cluster with x, e.g. -gx); several commands a line (`;`, `&&`, `||`,
                          `if …; then …`), quotes, `$(…)`, `${…}`, line continuations;
                          here-documents are skipped.
  fish                    `set` with -x/--export in its options (-gx, -Ux, -x, --export …; not
                          with -l, -e, -q, -u), `export NAME=…`; fish_variables:
                          `SETUVAR --export NAME:…` and the old `SET_EXPORT NAME:…`.
  tcsh/csh                `setenv NAME value`.
  PowerShell              `$env:NAME = …` (also `${env:NAME}`, `+=`), `Set-Item`/`New-Item`
                          `env:NAME`, `[Environment]::SetEnvironmentVariable('NAME', …)`; `#`
                          comments and `<# … #>` blocks do not count; a `$null` value is a removal.
  .env, environment.d     `NAME=…`, `export NAME=…`; quoted values may span lines.
  nushell, xonsh, elvish  `$env.NAME = …`; `$NAME = …`; `set-env NAME …` and `set E:NAME = …`.
  JSON                    the keys of `env` (settings), `containerEnv`/`remoteEnv` (devcontainer).

Commented-out lines (`#`) never count.  An Origin is a dict: variable, file, line, source,
shell, syntax (and scope, for settings files).  `assignments` (used by the commit guard) also
returns the value text; `find` never does.
"""

from .discovery import assignments, find, startup_sources, wanted
from .jsonlines import JDict, json_object_assignments, parse_json_lines, strip_json_comments
from .lexer import _commands
from .wording import doctor_findings, for_status, render_status

__all__ = ["JDict", "_commands", "assignments", "doctor_findings", "find", "for_status", "json_object_assignments",
           "parse_json_lines", "render_status", "startup_sources", "strip_json_comments", "wanted"]
