"""Which files can assign a variable (startup files of every shell, project files, settings
layers), each with its dialect's parser, and `find`: the Origins of the wanted variables in them."""

import glob
import os
import sys

from .. import settings as settings_mod
from ..claudevars import is_route_var
from .jsonlines import json_object_assignments
from .lexer import parse_csh, parse_dotenv, parse_elvish, parse_fish, parse_fish_variables, parse_nu, parse_sh, parse_xonsh
from .pwsh import parse_pwsh

ETC_VAR = "CCSWITCH_ETC_DIR"

# source kinds, as reported
STARTUP, SYSTEM, ENVIRONMENT_D, FISH_UNIVERSAL = "shell-startup", "system-startup", "environment.d", "fish-universal"
DOTENV, ENVRC, DEVCONTAINER, SETTINGS = "dotenv", "envrc", "devcontainer", "settings"
SOURCES = (STARTUP, SYSTEM, ENVIRONMENT_D, FISH_UNIVERSAL, DOTENV, ENVRC, DEVCONTAINER, SETTINGS)


def wanted(name):
    """The variables origins are looked for by default: Claude Code's route variables (the
    client's own provider switches included; CLAUDE_CODE_USE_POWERSHELL_TOOL is not one)."""
    return is_route_var(name)


class Source:
    """A file to read: its path, dialect, source kind and shell."""

    __slots__ = ("path", "dialect", "source", "shell", "scope")

    def __init__(self, path, dialect, source, shell=None, scope=None):
        self.path, self.dialect, self.source, self.shell, self.scope = path, dialect, source, shell, scope


PARSERS = {
    "sh": parse_sh,
    "fish": parse_fish,
    "fish-universal": parse_fish_variables,
    "csh": parse_csh,
    "pwsh": parse_pwsh,
    "dotenv": parse_dotenv,
    "nu": parse_nu,
    "xonsh": parse_xonsh,
    "elvish": parse_elvish,
    "settings": lambda text: json_object_assignments(text, ("env",), "env block"),
    "devcontainer": lambda text: json_object_assignments(text, ("containerEnv", "remoteEnv"), "containerEnv", comments=True),
}


def _xdg_config(env):
    return env.get("XDG_CONFIG_HOME") or os.path.join(settings_mod.home_dir(env), ".config")


def _sorted_glob(pattern):
    return sorted(p for p in glob.glob(pattern) if os.path.isfile(p))


class StartupContext:
    """What a shell unit needs to name its startup files (`Shell.startup`)."""

    def __init__(self, env, platform):
        self.env = env
        self.platform = platform
        self.home = settings_mod.home_dir(env)
        self.xdg = _xdg_config(env)

    def glob(self, *parts):
        """The files matching a pattern, sorted."""
        return _sorted_glob(os.path.join(*parts))


def startup_sources(env, platform=None):
    """The user's shell startup files that exist (and system ones on POSIX), as each shell unit
    names them (`Shell.startup`, `Shell.system_startup`), in the registry's order."""
    from .. import shells

    platform = sys.platform if platform is None else platform
    ctx = StartupContext(env, platform)
    out = []

    def add(path, dialect, shell, source=STARTUP):
        if os.path.isfile(path) and all(os.path.normcase(s.path) != os.path.normcase(path) for s in out):
            out.append(Source(path, dialect, source, shell))

    units = [u for u in shells.units() if not u.is_format]
    for unit in units:
        for path, dialect, *shell in unit.startup(ctx):
            add(path, dialect, shell[0] if shell else unit.name, FISH_UNIVERSAL if dialect == "fish-universal" else STARTUP)
    for path in ctx.glob(ctx.xdg, "environment.d", "*.conf"):
        add(path, "dotenv", None, ENVIRONMENT_D)
    if platform != "win32":
        etc = env.get(ETC_VAR) or "/etc"
        add(os.path.join(etc, "environment"), "dotenv", None, SYSTEM)
        for unit in units:
            for path, dialect, *shell in unit.system_startup(etc, ctx):
                add(path, dialect, shell[0] if shell else unit.name, SYSTEM)
    return out


DOTENV_NAMES = (".env", ".env.local")


def project_sources(cwd):
    """.env, .env.local, .envrc and dev container files from cwd up to the repository root."""
    cwd = os.path.abspath(cwd)
    root = settings_mod.repo_root(cwd)
    out = []
    d = cwd
    while True:
        for name in DOTENV_NAMES:
            path = os.path.join(d, name)
            if os.path.isfile(path):
                out.append(Source(path, "dotenv", DOTENV))
        path = os.path.join(d, ".envrc")
        if os.path.isfile(path):
            out.append(Source(path, "sh", ENVRC, "bash"))
        for path in [os.path.join(d, ".devcontainer", "devcontainer.json"), os.path.join(d, ".devcontainer.json"),
                     *_sorted_glob(os.path.join(d, ".devcontainer", "*", "devcontainer.json"))]:
            if os.path.isfile(path):
                out.append(Source(path, "devcontainer", DEVCONTAINER))
        if root is None or d == root:
            break
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    return out


def settings_sources(env, cwd):
    paths, _proj, _root = settings_mod.candidate_paths(env, cwd)
    return [Source(path, "settings", SETTINGS, None, scope) for scope, path in paths]


def assignments(text, dialect):
    """Every assignment of a file's text in its dialect (values included: for the guard only)."""
    parser = PARSERS.get(dialect)
    if parser is None or text is None:
        return []
    try:
        return parser(text)
    except (ValueError, IndexError, RecursionError):  # pragma: no cover - the parsers are tolerant
        return []


def _matches(name, dialect, names):
    if dialect == "pwsh":  # environment names are case-insensitive on Windows
        name = name.upper() if wanted(name.upper()) or (names and name.upper() in names) else name
    return name, (name in names) if names is not None else wanted(name)


def find(env=None, cwd=None, names=None, *, platform=None):
    """[Origin] of the variables `names` (default: every route variable), in the order
    startup files, project files, settings layers; each {variable, file, line, source, shell,
    syntax[, scope]}.  No value is ever part of an Origin."""
    from .. import files

    env = os.environ if env is None else env
    try:
        cwd = os.getcwd() if cwd is None else cwd
    except OSError:
        cwd = None
    names = None if names is None else set(names)
    if names is not None and not names:
        return []
    sources = startup_sources(env, platform)
    if cwd is not None:
        sources += project_sources(cwd) + settings_sources(env, cwd)
    found = []
    for src in sources:
        try:
            text = files.read_text(src.path, binary_ok=False, errors="replace")
        except files.Unreadable:
            text = None
        items = assignments(text, src.dialect)
        assigned = {a.name for a in items if a.value is not None}
        seen = set()
        for a in items:
            name, ok = _matches(a.name, src.dialect, names)
            if not ok:
                continue
            if a.value is None and name in assigned:
                continue  # `export NAME` after `NAME=…` in the same file: the assignment says it
            key = (name, a.line)
            if key in seen:
                continue
            seen.add(key)
            origin = {"variable": name, "file": src.path, "line": a.line, "source": src.source,
                      "shell": src.shell, "syntax": a.syntax}
            if src.scope:
                origin["scope"] = src.scope
            found.append(origin)
    return found
