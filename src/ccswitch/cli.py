"""The command line: a thin click layer over `commands`.  Messages to stderr, one line each."""

import json
import os
import sys

import click

from . import commands, hotpath, shells
from . import routes as model
from .__main__ import internal, report
from .errors import CCSwitchError, UsageError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _err(message):
    click.echo(f"ccswitch: {message}", err=True)


def _kinds_help():
    return "\b\nKinds:\n" + "\n".join(f"  {k:<12} {v.summary}" for k, v in model.KINDS.items() if k != model.LOGIN)


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="ccswitch", prog_name="ccswitch")
def cli():
    """Switch Claude Code between its routes without leaking a stale variable.

    \b
      eval "$(ccswitch use NAME)"   switch this shell to a route
      eval "$(ccswitch reset)"      back to the subscription login
    """


def _field_options(f):
    for opt, help_ in reversed(
        (
            ("--base-url", "endpoint URL (gateway: required; api-key, helper, bedrock, vertex, foundry: optional)"),
            ("--region", "bedrock: AWS_REGION; vertex: CLOUD_ML_REGION"),
            ("--aws-profile", "bedrock: AWS_PROFILE"),
            ("--project", "vertex: ANTHROPIC_VERTEX_PROJECT_ID"),
            ("--resource", "foundry: ANTHROPIC_FOUNDRY_RESOURCE (or --base-url)"),
            ("--command", "helper: the apiKeyHelper command"),
            ("--model", "ANTHROPIC_MODEL"),
        )
    ):
        f = click.option(opt, metavar="VALUE", help=help_)(f)
    return f


def _secret_options(f):
    f = click.option("--secret-var", "secret_vars", multiple=True, metavar="NAME[=env:VAR|cmd:CMD]",
                     help="another secret variable (e.g. ANTHROPIC_CUSTOM_HEADERS): asked for, or a reference")(f)
    f = click.option("--secret-cmd", metavar="COMMAND", help="read the route's secret from COMMAND's stdout at use time")(f)
    f = click.option("--secret-env", metavar="VAR", help="read the route's secret from $VAR at use time")(f)
    f = click.option("--secret-stdin", is_flag=True, help="read the route's secret from stdin (one trailing newline stripped)")(f)
    f = click.option("--set", "sets", multiple=True, metavar="VAR=VALUE", help="another non-secret variable (repeatable)")(f)
    return f


def _inputs(kind_secret, secret_stdin):
    from . import secrets

    return commands.SecretInput(stdin_var=kind_secret if secret_stdin else None, read_stdin=secrets.read_stdin, prompt=secrets.prompt)


def _fields(kw):
    return {k: kw.pop(k) for k in ("base_url", "region", "aws_profile", "project", "resource", "command", "model")}


@cli.command(epilog=_kinds_help(), context_settings=CONTEXT)
@click.argument("name")
@click.option("--kind", required=True, type=click.Choice(model.STORED_KINDS), help="what the route is")
@_field_options
@_secret_options
def add(name, kind, secret_stdin, secret_env, secret_cmd, secret_vars, sets, **kw):
    """Save a new route.  Its secret is asked for (hidden), piped with --secret-stdin, or
    referenced with --secret-env / --secret-cmd; it is kept in the OS keyring, never in a file."""
    fields = _fields(kw)
    k = model.KINDS[kind]
    primary = commands.primary_source(k, secret_stdin, secret_env, secret_cmd)
    commands.add(
        name, kind, fields, commands.parse_assignments(sets), commands.parse_secret_vars(secret_vars),
        primary, _inputs(k.secret, secret_stdin),
    )
    _err(f"added route {name!r} ({kind}); switch with: eval \"$(ccswitch use {name})\"")


@cli.command(context_settings=CONTEXT)
@click.argument("name")
@_field_options
@_secret_options
@click.option("--unset", "unsets", multiple=True, metavar="VAR", help="drop a --set variable")
@click.option("--clear", "clear", multiple=True, metavar="FIELD", help="drop an optional field (e.g. model, base-url)")
@click.option("--rm-secret", "remove_secrets", multiple=True, metavar="VAR", help="drop a secret variable (and its keyring entry)")
def edit(name, secret_stdin, secret_env, secret_cmd, secret_vars, sets, unsets, clear, remove_secrets, **kw):
    """Change a route.  Only what is named changes."""
    fields = _fields(kw)
    kind = model.KINDS[commands.get_route(name)["kind"]] if name != model.LOGIN else None
    if kind is None:
        raise UsageError("the login route is built in and cannot be edited")
    primary = commands.primary_source(kind, secret_stdin, secret_env, secret_cmd)
    _new, leftover = commands.edit(
        name, fields, clear, commands.parse_assignments(sets), unsets, commands.parse_secret_vars(secret_vars),
        remove_secrets, primary, _inputs(kind.secret, secret_stdin),
    )
    for entry in leftover:
        _err(f"warning: could not delete keyring entry ccswitch/{entry}; remove it with your keyring tool")
    _err(f"updated route {name!r}")


@cli.command("list", context_settings=CONTEXT)
@click.option("--names", "names_only", is_flag=True, help="route names only, one a line (for completion)")
@click.option("--json", "as_json", is_flag=True, help="machine-readable")
def list_(names_only, as_json):
    """List routes; * marks the one this shell uses."""
    if names_only:
        click.echo("\n".join(commands.names()))
        return
    rows = commands.list_rows(os.environ)
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    width = max(len(r["name"]) for r in rows)
    kwidth = max(len(r["kind"]) for r in rows)
    for r in rows:
        mark = "*" if r["active"] else " "
        model_ = f"  [{r['model']}]" if r["model"] else ""
        click.echo(f"{mark} {r['name']:<{width}}  {r['kind']:<{kwidth}}  {r['target']}{model_}")


@cli.command(context_settings=CONTEXT)
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="machine-readable (secrets as null)")
def show(name, as_json):
    """Show a route and the exact variables it sets (secrets masked)."""
    data = commands.show_data(name)
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"{data['name']} ({data['kind']})")
    if data["kind"] == model.LOGIN:
        click.echo("  sets nothing; every Claude Code route variable is unset")
        return
    if "command" in data["fields"]:
        click.echo(f"  apiKeyHelper: {data['fields']['command']}")
    for var, value in data["env"].items():
        if value is None:
            click.echo(f"  {var}=******** ({data['secrets'][var]})")
        else:
            click.echo(f"  {var}={value}")


@cli.command(context_settings=CONTEXT)
@click.argument("name")
@click.option("--force", is_flag=True, help="remove the route even if its keyring secrets cannot be deleted")
def rm(name, force):
    """Delete a route and its keyring secrets."""
    for entry in commands.remove(name, force=force):
        _err(f"warning: keyring entry ccswitch/{entry} could not be deleted; remove it with your keyring tool")
    _err(f"removed route {name!r}")
    if os.environ.get("CCSWITCH_ROUTE") == name:
        _err("this shell still has its variables; run `ccswitch reset` (or use another route)")


@cli.command(context_settings=CONTEXT)
@click.argument("old")
@click.argument("new")
def rename(old, new):
    """Rename a route; its secrets move with it."""
    for entry in commands.rename(old, new):
        _err(f"warning: old keyring entry ccswitch/{entry} could not be deleted; remove it with your keyring tool")
    _err(f"renamed route {old!r} to {new!r}")
    if os.environ.get("CCSWITCH_ROUTE") == old:
        _err(f"this shell still says {old!r}; run `ccswitch use {new}`")


_shell_option = click.option("--shell", "shell", metavar="SHELL", help=f"one of: {', '.join(shells.names())} (default: detected)")


@cli.command(context_settings=CONTEXT)
@click.argument("name")
@_shell_option
def use(name, shell):
    """Print shell code that switches to NAME: eval "$(ccswitch use NAME)"."""
    sys.exit(hotpath.use(name, shell))


@cli.command(context_settings=CONTEXT)
@_shell_option
def reset(shell):
    """Print shell code back to the clean subscription login (= use login)."""
    sys.exit(hotpath.use(model.LOGIN, shell))


@cli.command(context_settings=CONTEXT)
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish", "tcsh", "csh", "elvish", "xonsh", "nu", "pwsh", "powershell"]))
@click.option("--prompt", "prompt_", is_flag=True, help="also prefix the prompt with the active route (CCSWITCH_DISABLE_PROMPT=1 hides it)")
def init(shell, prompt_):
    """Print the shell hook: `ccswitch use`/`reset` switch directly, a prompt segment, completion.

    \b
      bash    eval "$(ccswitch init bash)"          in ~/.bashrc
      zsh     eval "$(ccswitch init zsh)"           in ~/.zshrc
      fish    ccswitch init fish | source           in ~/.config/fish/config.fish
      tcsh    eval "`ccswitch init tcsh`"           in ~/.tcshrc
      elvish  eval (ccswitch init elvish | slurp)   in rc.elv
      xonsh   execx($(ccswitch init xonsh))         in ~/.xonshrc
      nu      ccswitch init nu | save -f ~/.config/nushell/ccswitch.nu, then `source ccswitch.nu` in config.nu
      pwsh    ccswitch init pwsh | Out-String | Invoke-Expression   in $PROFILE
    """
    from . import hooks

    click.echo(hooks.init_script(shell, prompt=prompt_), nl=False)


@cli.command(context_settings=CONTEXT)
def prompt():
    """Print the active route's name (nothing on login), for prompt engines."""
    click.echo(os.environ.get("CCSWITCH_ROUTE", ""), nl=False)


@cli.command(context_settings=CONTEXT)
def statusline():
    """One line for Claude Code's statusLine setting: the route and the model."""
    click.echo(commands.statusline(os.environ, sys.stdin))


@cli.command(context_settings=CONTEXT)
@click.argument("path", required=False)
@click.option("--secret-stdin", is_flag=True, help="a project route's secret, from stdin")
@click.option("--secret-from", metavar="ROUTE", help="use the secret of one of your routes for the project route")
def allow(path, secret_stdin, secret_from):
    """Trust the .ccswitch file here (or at PATH): entering its folder switches to its route.

    Trust covers this content at this path: any edit revokes it."""
    from . import projects, secrets

    target = projects.locate(path)
    value = secrets.read_stdin() if secret_stdin else None
    for line in projects.allow(target, secret_stdin=value, secret_from=secret_from, prompt=secrets.prompt):
        _err(line)


@cli.command(context_settings=CONTEXT)
@click.argument("path", required=False)
def deny(path):
    """Revoke trust in the .ccswitch file here (or at PATH)."""
    from . import projects

    target = projects.locate(path)
    removed = projects.deny(target)
    _err(f"denied {target}" if removed else f"{target} was not trusted")


@cli.command("dir-enter", hidden=True, context_settings=CONTEXT)
@click.argument("path")
@_shell_option
def dir_enter(path, shell):
    """(for the shell hooks) Shell code for entering the folder of a .ccswitch file."""
    sys.exit(hotpath.dir_enter(path, shell))


@cli.command(context_settings=CONTEXT)
def current():
    """Print the active route's name (login when none)."""
    click.echo(commands.active_route(os.environ))


@cli.command(context_settings=CONTEXT)
@click.argument("name")
@click.argument("var", required=False)
@click.option("--reveal", is_flag=True, help="print it even when stdout is a terminal")
def secret(name, var, reveal):
    """Print a route's secret, e.g. as an apiKeyHelper command: ccswitch secret NAME."""
    if sys.stdout.isatty() and not reveal:
        raise UsageError("stdout is a terminal; pipe the secret where it goes, or pass --reveal to show it here")
    value = commands.secret_value(name, var)
    sys.stdout.buffer.write(value.encode("utf-8", "surrogateescape") + b"\n")


@cli.command("claude-settings", context_settings=CONTEXT)
@click.argument("name")
def claude_settings(name):
    """Print the settings JSON that makes `claude --settings` take a helper route."""
    click.echo(commands.claude_settings(name))


@cli.command("exec", context_settings={**CONTEXT, "ignore_unknown_options": True, "allow_interspersed_args": False})
@click.argument("name")
@click.argument("argv", nargs=-1, required=True, type=click.UNPROCESSED)
def exec_(name, argv):
    """Run one command on a route, leaving this shell as it is: ccswitch exec NAME -- CMD [ARGS…]."""
    argv = list(argv)
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        raise UsageError("give a command after --: ccswitch exec NAME -- CMD [ARGS…]")
    env, route = commands.exec_environment(name, os.environ)
    argv = commands.exec_argv(name, route, argv)
    if sys.platform == "win32":
        import subprocess

        sys.exit(subprocess.run(argv, env=env).returncode)
    try:
        os.execvpe(argv[0], argv, env)
    except OSError as e:
        raise CCSwitchError(f"cannot run {argv[0]!r}: {e.strerror}") from None


@cli.command(context_settings=CONTEXT)
def kinds():
    """List the kinds of route and what each sets."""
    for k, v in model.KINDS.items():
        click.echo(f"{k:<12} {v.summary}")


def run(argv):
    try:
        cli.main(args=argv, prog_name="ccswitch", standalone_mode=False)
        return 0
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except CCSwitchError as e:
        return report(e)
    except click.exceptions.Abort:
        _err("aborted")
        return 130
    except click.exceptions.ClickException as e:
        msg = e.format_message()
        hint = ""
        ctx = getattr(e, "ctx", None)
        if ctx is not None:
            hint = f" (see `{ctx.command_path} --help`)"
        _err(msg.splitlines()[0] + hint)
        return e.exit_code
    except click.exceptions.Exit as e:
        return e.exit_code
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as e:
        return internal(e)
