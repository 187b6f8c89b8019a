"""The command line: a thin click layer over `commands`.  Messages to stderr, one line each."""

import json
import os
import sys

import click

from . import commands, hotpath, options, shells
from . import routes as model
from .__main__ import guarded
from .errors import UsageError
from .text import COLOUR_CHOICES

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class RouteName(click.types.StringParamType):
    """A route's name: a plain string, which completion fills in from `ccswitch list --names`."""

    name = "route"


class ShellName(click.types.StringParamType):
    """A --shell value: a plain string (`shells.get` checks it), completed from `shells.names()`."""

    name = "shell"


class Choice(click.Choice):
    """click's Choice, with "did you mean" for a near miss (`--kind gatway`)."""

    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            close = commands.did_you_mean(str(value), self.choices)
            if close is None:
                raise
            self.fail(f"{value!r} is not one of {', '.join(map(repr, self.choices))}; did you mean {close!r}?", param, ctx)


ROUTE = RouteName()
SHELL = ShellName()
# A file or folder: completion offers paths; the command itself checks it, click checks nothing.
PATH = click.Path(readable=False)


def _err(message):
    from .text import printable  # a message may quote a path or name from outside

    click.echo(f"ccswitch: {printable(message)}", err=True)


def _kinds_help():
    return "\b\nKinds:\n" + "\n".join(f"  {k:<12} {v.summary}" for k, v in model.KINDS.items())


def _colour_option(f):
    return click.option("--color", "colour", type=Choice(COLOUR_CHOICES), default="auto", show_default=True,
                        help="colour: auto (a terminal, unless NO_COLOR is set), always, never")(f)


def _colour(choice):
    from .text import colour_on

    return colour_on(choice, sys.stdout, os.environ)


@click.group(context_settings=CONTEXT, invoke_without_command=True)
@click.version_option(package_name="ccswitch", prog_name="ccswitch")
@_colour_option
@click.pass_context
def cli(ctx, colour):
    """Switch Claude Code between its routes without leaking a stale variable.
    Without a command: the routes, * on the one this shell is on (as kubectx lists contexts).

    \b
      eval "$(ccswitch use NAME)"   switch this shell to a route
      eval "$(ccswitch use -)"      back to the route before
      eval "$(ccswitch reset)"      back to the subscription login
    """
    if ctx.invoked_subcommand is None:
        _print_list(commands.list_rows(os.environ), _colour(colour))


def _kind_fields():
    """Every option a kind takes, in registry order: {field: "kind: help; kind: help"}."""
    from .kinds import KINDS

    found = {}
    for k in KINDS.values():
        for field in k.fields:
            found.setdefault(field, []).append(f"{k.name}: {k.field_help.get(field, k.fields[field])}")
    found["model"] = ["ANTHROPIC_MODEL (every kind)"]
    return {field: "; ".join(helps) for field, helps in found.items()}


FIELDS = _kind_fields()


def _field_options(f):
    for field, help_ in reversed(FIELDS.items()):
        f = click.option("--" + field.replace("_", "-"), field, metavar="VALUE", help=help_)(f)
    f = click.option("--pin", "pins", multiple=True, metavar="TIER=MODEL",
                     help="pin a model tier: ANTHROPIC_DEFAULT_<TIER>_MODEL (opus, sonnet, haiku, fable, as the client knows)")(f)
    f = click.option("--skip-auth", "skip_auth", is_flag=True, default=None,
                     help="the provider's CLAUDE_CODE_SKIP_*_AUTH=1: a gateway in front signs the requests")(f)
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

    return options.SecretInput(stdin_var=kind_secret if secret_stdin else None, read_stdin=secrets.read_stdin, prompt=secrets.prompt)


def _fields(kw):
    return {k: kw.pop(k) for k in FIELDS}


_share_option = click.option(
    "--share", "shares", multiple=True, metavar="ITEM[,ITEM…]",
    help="account routes: link these from the default ~/.claude into the route's folder: "
         "settings, memory, agents, commands, skills, hooks, output-styles")


def _share_folder(name, route, default_ok=False):
    """The folder --share/--unshare work in: an account route's own (a new login route's may be
    still to come, `default_ok`); one refusal for every other route."""
    from . import account

    if not account.is_account(model.KINDS[route["kind"]]) or (account.FIELD not in route and not default_ok):
        raise UsageError(f"--share and --unshare apply to account routes (a folder of their own); {name!r} has none")
    return route.get(account.FIELD)


def _share_check(name, route, shares, unshares=()):
    """What `--share`/`--unshare` would refuse, raised before the route is saved or changed."""
    from . import account

    folder = account.folder_for(name, _share_folder(name, route, route["kind"] == model.LOGIN))
    if unshares:
        account.unshare(folder, unshares, check_only=True)
    if shares:
        account.share(folder, shares, check_only=True)


def _shares(name, route, shares, unshares):
    """--share / --unshare of an account route's folder (links into the default folder)."""
    if not shares and not unshares:
        return
    from . import account

    folder = _share_folder(name, route)
    gone = account.unshare(folder, unshares) if unshares else []
    made = account.share(folder, shares) if shares else []
    if made:
        _err(f"route {name!r} shares {', '.join(made)} with the default folder (links in {folder})")
    if gone:
        _err(f"route {name!r} no longer shares {', '.join(gone)}")


@cli.command(epilog=_kinds_help(), context_settings=CONTEXT)
@click.argument("name")
@click.option("--kind", required=True, type=Choice(model.STORED_KINDS), help="what the route is")
@_field_options
@_secret_options
@click.option("--insecure", is_flag=True, help="allow a plain-http endpoint that is not on this machine")
@_share_option
def add(name, kind, secret_stdin, secret_env, secret_cmd, secret_vars, sets, skip_auth, pins, insecure, shares, **kw):
    """Save a new route.  Its secret is asked for (hidden), piped with --secret-stdin, or
    referenced with --secret-env / --secret-cmd; it is kept in the OS keyring, never in a file.

    \b
    Examples:
      ccswitch add work-gw --kind gateway --base-url https://llm.example.com/anthropic
      ccswitch add work-max --kind login          # a second subscription, in a folder of its own
      ccswitch login work-max                     # then log it in (Claude Code's own login)
    """
    fields = _fields(kw)
    k = model.KINDS[kind]
    sets = options.pins(pins, options.skip_auth(k, skip_auth, sets))
    primary = options.primary_source(k, secret_stdin, secret_env, secret_cmd)
    if shares:  # refused before anything is saved
        _share_check(name, {"kind": kind, **{f: v for f, v in fields.items() if v is not None}}, shares)
    route = commands.add(
        name, kind, fields, options.parse_assignments(sets), options.parse_secret_vars(secret_vars),
        primary, _inputs(k.secret, secret_stdin), insecure=insecure,
    )
    _shares(name, route, shares, ())
    if kind == model.LOGIN:
        _err(f"added account route {name!r} in {route['config_dir']}; log it in with: ccswitch login {name}")
        return
    _err(f"added route {name!r} ({kind}); switch with: eval \"$(ccswitch use {name})\"")


@cli.command(context_settings=CONTEXT)
@click.argument("name", type=ROUTE)
@_field_options
@_secret_options
@click.option("--unset", "unsets", multiple=True, metavar="VAR", help="drop a --set variable")
@click.option("--clear", "clear", multiple=True, metavar="FIELD", help="drop an optional field (e.g. model, base-url)")
@click.option("--rm-secret", "remove_secrets", multiple=True, metavar="VAR", help="drop a secret variable (and its keyring entry)")
@click.option("--insecure", is_flag=True, help="allow a plain-http endpoint that is not on this machine")
@click.option("--keep-secret", is_flag=True, help="keep the route's secret when its endpoint moves to another host")
@_share_option
@click.option("--unshare", "unshares", multiple=True, metavar="ITEM[,ITEM…]", help="account routes: remove links --share made")
def edit(name, secret_stdin, secret_env, secret_cmd, secret_vars, sets, unsets, clear, remove_secrets, skip_auth, pins,
         insecure, keep_secret, shares, unshares, **kw):
    """Change a route.  Only what is named changes.

    \b
    Examples:
      ccswitch edit work-gw --model claude-sonnet-4-5
      ccswitch edit work-gw --secret-stdin < new-token.txt
      ccswitch edit work-gw --clear model
    """
    fields = _fields(kw)
    kind = model.KINDS[commands.get_route(name)["kind"]] if name != model.LOGIN else None
    if kind is None:
        raise UsageError("the login route is built in and cannot be edited")
    sets = options.pins(pins, options.skip_auth(kind, skip_auth, sets))
    primary = options.primary_source(kind, secret_stdin, secret_env, secret_cmd)
    if shares or unshares:  # refused before anything changes
        _share_check(name, {**commands.get_route(name), **{f: v for f, v in fields.items() if v is not None}}, shares, unshares)
    args = (name, fields, clear, options.parse_assignments(sets), unsets, options.parse_secret_vars(secret_vars),
            remove_secrets, primary, _inputs(kind.secret, secret_stdin))
    try:
        _new, leftover = commands.edit(*args, insecure=insecure, keep_secret=keep_secret)
    except commands.HostMove as move:
        if not (sys.stdin.isatty() and sys.stderr.isatty()):
            raise
        _err(f"route {name!r} moves from {move.old_host or '?'} to {move.new_host or '?'}, and its secret would go along")
        if not click.confirm("ccswitch: send the same secret to the new host?", default=False, err=True):
            raise UsageError(f"route {name!r} not changed; give the secret again to move it") from None
        _new, leftover = commands.edit(*args, insecure=insecure, keep_secret=True)
    for entry in leftover:
        _err(f"warning: could not delete keyring entry ccswitch/{entry}; remove it with your keyring tool")
    _shares(name, _new, shares, unshares)
    _err(f"updated route {name!r}")
    from .persist import holding

    for path, scope, where in holding(name, os.environ):
        _err(f"note: {path} holds route {name!r} as it was persisted; `ccswitch persist {name} --scope {scope}`{where} "
             "writes the change there")


@cli.command("list", context_settings=CONTEXT)
@click.option("--names", "names_only", is_flag=True, help="route names only, one a line (for completion)")
@click.option("--json", "as_json", is_flag=True, help="machine-readable")
@_colour_option
def list_(names_only, as_json, colour):
    """List routes; * marks the one this shell uses.

    \b
    Examples:
      ccswitch list
      ccswitch list --json | jq -r '.[] | select(.active) | .name'
    """
    if names_only:
        click.echo("\n".join(commands.names()))
        return
    rows = commands.list_rows(os.environ)
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    _print_list(rows, _colour(colour))


def _print_list(rows, colour=False):
    from .text import paint

    width = max(len(r["name"]) for r in rows)
    kwidth = max(len(r["kind"]) for r in rows)
    for r in rows:
        mark = "*" if r["active"] else " "
        model_ = f"  [{r['model']}]" if r["model"] else ""
        name = paint(f"{r['name']:<{width}}", "bold", "green", on=colour and r["active"])
        click.echo(f"{mark} {name}  {r['kind']:<{kwidth}}  {r['target']}{model_}", color=colour)


@cli.command(context_settings=CONTEXT)
@click.argument("name", type=ROUTE)
@click.option("--json", "as_json", is_flag=True, help="machine-readable (secrets as null)")
def show(name, as_json):
    """Show a route and the exact variables it sets (secrets masked).

    \b
    Examples:
      ccswitch show work-gw
      ccswitch show work-gw --json
    """
    data = commands.show_data(name)
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"{data['name']} ({data['kind']})")
    if data["name"] == model.LOGIN:
        click.echo("  sets nothing; every Claude Code route variable is unset")
        return
    if "command" in data["fields"]:
        click.echo(f"  apiKeyHelper: {data['fields']['command']}")
    if data.get("shares"):
        click.echo(f"  shares with the default folder: {', '.join(data['shares'])}")
    for var, value in data["env"].items():
        if value is None:
            click.echo(f"  {var}=******** ({data['secrets'][var]})")
        else:
            click.echo(f"  {var}={value}")


@cli.command(context_settings=CONTEXT)
@click.argument("name", type=ROUTE)
@click.option("--force", is_flag=True, help="remove the route even if its keyring secrets cannot be deleted")
@click.option("-y", "--yes", is_flag=True, help="do not ask (on a terminal, rm asks first)")
def rm(name, force, yes):
    """Delete a route and its keyring secrets.  On a terminal it asks first (--yes does not).

    \b
    Examples:
      ccswitch rm old-gw
      ccswitch rm old-gw --yes      # in a script
    """
    from . import projects

    from .persist import holding

    folder = commands.account_folder(name)
    users = projects.naming(name)
    held = holding(name, os.environ)
    if not yes and sys.stdin.isatty() and sys.stderr.isatty():
        for path in users:
            _err(f"{path} (allowed) names route {name!r}")
        for path, scope, _where in held:
            _err(f"{path} ({scope} settings) holds route {name!r}, persisted")
        if not click.confirm(f"ccswitch: delete route {name!r} and its keyring secrets?", default=False, err=True):
            _err(f"route {name!r} kept")
            sys.exit(1)
    for entry in commands.remove(name, force=force):
        _err(f"warning: keyring entry ccswitch/{entry} could not be deleted; remove it with your keyring tool")
    _err(f"removed route {name!r}")
    for path in users:
        _err(f"warning: {path} names route {name!r}; that folder's route fails until you edit the file (and `ccswitch allow` it)")
    for path, scope, where in held:
        _err(f"warning: {path} holds route {name!r} (persisted): Claude Code there cannot get its key; "
             f"`ccswitch unpersist --scope {scope}`{where} takes it back")
    if folder and os.path.isdir(folder):
        _err(f"its account folder {folder} is kept (it holds the login); log out with "
             f"`CLAUDE_CONFIG_DIR={folder} claude auth logout` and delete it when you no longer need it")
    if os.environ.get("CCSWITCH_ROUTE") == name:
        _err("this shell still has its variables; run `ccswitch reset` (or use another route)")


@cli.command(context_settings=CONTEXT)
@click.argument("old", type=ROUTE)
@click.argument("new")
def rename(old, new):
    """Rename a route; its secrets move with it.

    \b
    Examples:
      ccswitch rename gw work-gw
    """
    from . import projects
    from .persist import holding

    held = holding(old, os.environ)
    for entry in commands.rename(old, new):
        _err(f"warning: old keyring entry ccswitch/{entry} could not be deleted; remove it with your keyring tool")
    _err(f"renamed route {old!r} to {new!r}")
    for path in projects.naming(old):
        _err(f"warning: {path} names route {old!r}; write {new!r} there and `ccswitch allow` it again")
    for path, scope, where in held:
        _err(f"warning: {path} holds route {old!r} (persisted): Claude Code there cannot get its key; "
             f"`ccswitch persist {new} --scope {scope}`{where} writes it under the new name")
    if os.environ.get("CCSWITCH_ROUTE") == old:
        _err(f"this shell still says {old!r}; run `ccswitch use {new}`")


_shell_option = click.option("--shell", "shell", type=SHELL, metavar="SHELL", help=f"one of: {', '.join(shells.names())} (default: detected)")


@cli.command(context_settings=CONTEXT)
@click.argument("name", type=ROUTE, required=False)
@_shell_option
def use(name, shell):
    """Print shell code that switches to NAME: eval "$(ccswitch use NAME)".

    \b
    Examples:
      eval "$(ccswitch use work-gw)"
      eval "$(ccswitch use -)"       # back to the route before
      eval "$(ccswitch use)"         # pick one (fzf when installed, else a numbered menu)
      ccswitch use work-gw --shell fish | source
    """
    if name is None:
        from . import picker

        name = picker.pick(commands.list_rows(os.environ))
    sys.exit(hotpath.use(name, shell))


@cli.command(context_settings=CONTEXT)
@_shell_option
def reset(shell):
    """Print shell code back to the clean subscription login (= use login).

    \b
    Examples:
      eval "$(ccswitch reset)"
      ccswitch reset --shell fish | source
    """
    sys.exit(hotpath.use(model.LOGIN, shell))


def _init_help():
    lines = ["Print the shell hook: `ccswitch use`/`reset` switch directly, the folder's route follows",
             "`cd`, a prompt segment, completion.", "", "\b", "Load it:"]
    for unit in shells.units():
        if unit.hook:
            lines.append(f"  {unit.name:<7} {unit.setup_text()}")
    lines += ["", "\b", "Examples:", '  eval "$(ccswitch init bash)"            # in ~/.bashrc',
              "  ccswitch init fish --prompt | source    # the prompt segment too"]
    return "\n".join(lines)


@cli.command(help=_init_help(), context_settings=CONTEXT)
@click.argument("shell", type=Choice(shells.init_names()))
@click.option("--prompt", "prompt_", is_flag=True, help="also prefix the prompt with the active route (CCSWITCH_DISABLE_PROMPT=1 hides it)")
def init(shell, prompt_):
    click.echo(shells.get(shell).init_script(prompt=prompt_), nl=False)


@cli.command(context_settings=CONTEXT)
def prompt():
    """Print the active route's name (nothing on login), for prompt engines.

    \b
    Examples:
      PS1='$(ccswitch prompt) > '          # the hook's prompt segment runs no process at all
    """
    click.echo(os.environ.get("CCSWITCH_ROUTE", ""), nl=False)


@cli.command(context_settings=CONTEXT)
def statusline():
    """One line for Claude Code's statusLine setting: the route, its account and the model.

    \b
    Examples:
      "statusLine": {"type": "command", "command": "ccswitch statusline"}   # in ~/.claude/settings.json
    """
    click.echo(commands.statusline(os.environ, sys.stdin))


@cli.command(context_settings=CONTEXT)
@click.argument("name", required=False, type=ROUTE)
@click.option("--json", "as_json", is_flag=True, help="machine-readable (docs/whoami-schema.json)")
def whoami(name, as_json):
    """Which subscription account Claude Code is on here (or on route NAME): the account, its
    folder, where its login is kept, whether it expired, and whether something else wins.
    Never a token.  Exit status 0 when Claude Code takes that login, 1 when it does not.

    \b
    Examples:
      ccswitch whoami              # this shell
      ccswitch whoami work-max     # route work-max, wherever this shell is
    """
    from . import account

    env = commands.preview_environment(name, os.environ) if name else os.environ
    data = account.whoami(env)
    click.echo(json.dumps(data, indent=2) if as_json else account.render(data, env))
    sys.exit(0 if data["used"] else 1)


@cli.command(context_settings={**CONTEXT, "ignore_unknown_options": True})
@click.argument("name", type=ROUTE)
@click.option("--setup-token", is_flag=True,
              help="run `claude setup-token` instead and keep the long-lived token it prints as the route's secret")
@click.option("--secret-stdin", is_flag=True,
              help="with --setup-token: keep a token you already have, read from stdin (nothing is run)")
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def login(name, setup_token, secret_stdin, args):
    """Log account route NAME in: Claude Code's own login (`claude auth login`), in the route's
    folder and with no other route's variable.  ARGS go to it (--email, --sso, --console).

    \b
    Examples:
      ccswitch login work-max
      ccswitch login work-max -- --sso --email me@example.com
      ccswitch login ci-max --setup-token      # a long-lived token, kept in the keyring
    """
    from . import launch

    args = list(args[1:] if args[:1] == ("--",) else args)
    if setup_token:
        commands.setup_token(name, args, secret_stdin, _err)
        return
    if secret_stdin:
        raise UsageError("--secret-stdin goes with --setup-token")
    argv, env = commands.login_launch(name, args)
    _err(f"logging route {name!r} in with Claude Code's own login ({env.get('CLAUDE_CONFIG_DIR') or 'the default folder'})")
    sys.exit(launch.exit_like(launch.run(launch.Launch(argv, env))))


@cli.command(context_settings=CONTEXT)
@click.argument("path", required=False, type=PATH)
@click.option("--secret-stdin", is_flag=True, help="a project route's secret, from stdin")
@click.option("--secret-from", type=ROUTE, metavar="ROUTE", help="use the secret of one of your routes for the project route")
@click.option("--allow-var", "allow_vars", multiple=True, metavar="NAME",
              help="trust a variable the file sets beside Claude Code's own (repeatable)")
def allow(path, secret_stdin, secret_from, allow_vars):
    """Trust the .ccswitch file here (or at PATH): entering its folder switches to its route.

    Trust covers this content at this path: any edit revokes it.

    \b
    Examples:
      ccswitch allow
      ccswitch allow ~/src/client-a --secret-from work-gw
    """
    from . import projects, secrets

    target = projects.locate(path)
    value = secrets.read_stdin() if secret_stdin else None
    for line in projects.allow(target, secret_stdin=value, secret_from=secret_from, prompt=secrets.prompt, allow_vars=allow_vars):
        _err(line)


@cli.command(context_settings=CONTEXT)
@click.argument("path", required=False, type=PATH)
def deny(path):
    """Revoke trust in the .ccswitch file here (or at PATH).

    \b
    Examples:
      ccswitch deny
      ccswitch deny ~/src/client-a
    """
    from . import projects

    target = projects.locate(path)
    removed = projects.deny(target)
    _err(f"denied {target}" if removed else f"{target} was not trusted")


@cli.command("dir", hidden=True, context_settings=CONTEXT)
@click.argument("path")
@_shell_option
def dir_(path, shell):
    """(for the shell hooks) Code for a prompt whose nearest .ccswitch file is PATH ("" for none)."""
    sys.exit(hotpath.dir_(path, shell))


@cli.command(context_settings=CONTEXT)
def current():
    """Print the active route's name (login when none).

    \b
    Examples:
      ccswitch current
    """
    click.echo(commands.active_route(os.environ))


@cli.command(context_settings=CONTEXT)
@click.argument("name", type=ROUTE)
@click.argument("var", required=False)
@click.option("--reveal", is_flag=True, help="print it even when stdout is a terminal")
@click.option("--aws-credential-export", "aws_export", is_flag=True,
              help="the route's static AWS keys as the JSON Claude Code's awsCredentialExport command prints")
@click.option("--helper", is_flag=True,
              help="as Claude Code's apiKeyHelper or awsCredentialExport (what persist writes): serve it only when the "
                   "endpoint Claude Code sends it to, by this folder's settings, is the route's own host")
def secret(name, var, reveal, aws_export, helper):
    """Print a route's secret, e.g. as an apiKeyHelper command: ccswitch secret NAME.

    \b
    Examples:
      ccswitch secret work-gw | gh secret set GATEWAY_TOKEN
      ccswitch secret work-gw ANTHROPIC_CUSTOM_HEADERS --reveal
      ccswitch secret team-bedrock --aws-credential-export     # what `persist` makes Claude Code run
    """
    if sys.stdout.isatty() and not reveal:
        raise UsageError("stdout is a terminal; pipe the secret where it goes, or pass --reveal to show it here")
    if aws_export and var:
        raise UsageError("--aws-credential-export prints the route's AWS keys; name no VAR")
    if helper:
        commands.check_served_here(name, os.environ, os.getcwd())
    value = commands.aws_credential_export(name) if aws_export else commands.secret_value(name, var)
    sys.stdout.buffer.write(value.encode("utf-8", "surrogateescape") + b"\n")


@cli.command("claude-settings", context_settings=CONTEXT)
@click.argument("name", type=ROUTE)
def claude_settings(name):
    """Print the settings JSON that makes `claude --settings` take a helper route.

    \b
    Examples:
      claude --settings "$(ccswitch claude-settings gw-helper)"
    """
    click.echo(commands.claude_settings(name))


@cli.command("exec", context_settings={**CONTEXT, "ignore_unknown_options": True, "allow_interspersed_args": False})
@click.option("--override-settings", is_flag=True,
              help="CMD is claude: beat settings env blocks that shadow the route with a per-launch --settings")
@click.argument("name", type=ROUTE)
@click.argument("argv", nargs=-1, required=True, type=click.UNPROCESSED)
def exec_(name, argv, override_settings):
    """Run one command on a route, leaving this shell as it is: ccswitch exec NAME -- CMD [ARGS…].

    \b
    Examples:
      ccswitch exec work-gw -- claude
      ccswitch exec --override-settings work-gw -- claude -p 'hi'
    """
    argv = list(argv)
    if argv[:1] == ["--override-settings"] and "--" in argv:  # also accepted after NAME
        override_settings, argv = True, argv[1:]
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        raise UsageError("give a command after --: ccswitch exec NAME -- CMD [ARGS…]")
    env, route = commands.exec_environment(name, os.environ)
    argv = commands.exec_argv(name, route, argv)
    from . import launch

    plan = launch.prepare(name, route, env, argv, override=override_settings)
    for note in plan.notes:
        _err(f"note: {note}")
    sys.exit(launch.exit_like(launch.run(plan)))


ACCOUNT_HELP = ("user scope: the settings of this account route's folder, or `login` for the default folder "
                "(default: the folder this shell's CLAUDE_CONFIG_DIR names, as Claude Code would)")


@cli.command(context_settings=CONTEXT)
@click.argument("name", type=ROUTE)
@click.option("--scope", required=True, type=click.Choice(["user", "project", "local"]),
              help="the settings layer: user (~/.claude/settings.json), project (.claude/settings.json), local (.claude/settings.local.json)")
@click.option("--account", metavar="ROUTE", type=ROUTE, help=ACCOUNT_HELP)
@click.option("--allow-url", is_flag=True, help="project scope: publish a private base URL with the repository")
@click.option("--dry-run", is_flag=True, help="show the change, write nothing")
def persist(name, scope, account, allow_url, dry_run):
    """Write a route into a Claude Code settings layer, for an IDE, a launcher or a job no shell reaches.

    Only the route's non-secret variables go in (and "" for any other route variable a lower
    layer sets); its token is served by an apiKeyHelper running `ccswitch secret`, never
    written.  Every other byte of the file stays; a backup is kept; `unpersist` takes it back.

    \b
    Examples:
      ccswitch persist work-gw --scope user        # the IDE's Claude Code takes work-gw
      ccswitch persist login --scope user          # back to a clean subscription login
      ccswitch persist team-bedrock --scope project --dry-run
      ccswitch persist work-gw --scope user --account work   # the `work` account folder's settings
    """
    from . import persist as persist_mod

    route = commands.get_route(name)
    env = _account_env(account, scope)
    p = persist_mod.plan(name, route, scope, env, os.getcwd(), allow_url=allow_url, chosen=account is not None)
    old, new = persist_mod.apply(p, env, dry_run=dry_run)
    if dry_run or sys.stderr.isatty():
        click.echo(persist_mod.diff(p.path, old, new, os.environ) or "(no change)\n", err=True, nl=False)
    for note in p.notes:
        _err(f"warning: {note}")
    if not dry_run:
        where = _display(p.path)
        _err(f"{where} now means route {name!r} ({scope} settings)" if new != old else f"{where} already means route {name!r}")


@cli.command(context_settings=CONTEXT)
@click.option("--scope", required=True, type=click.Choice(["user", "project", "local"]), help="the settings layer to take it back from")
@click.option("--account", metavar="ROUTE", type=ROUTE, help=ACCOUNT_HELP)
@click.option("--dry-run", is_flag=True, help="show the change, write nothing")
def unpersist(scope, account, dry_run):
    """Take back exactly what `persist` wrote into a settings layer (and put back what it replaced).

    \b
    Examples:
      ccswitch unpersist --scope user
      ccswitch unpersist --scope local --dry-run
      ccswitch unpersist --scope user --account work
    """
    from . import persist as persist_mod

    path, old, new, notes = persist_mod.unpersist(scope, _account_env(account, scope), os.getcwd(), dry_run=dry_run)
    if dry_run or sys.stderr.isatty():
        click.echo(persist_mod.diff(path, old, new, os.environ) or "(no change)\n", err=True, nl=False)
    for note in notes:
        _err(f"note: {note}")
    if not dry_run:
        _err(f"{_display(path)}: the persisted route is taken back")


def _account_env(account, scope):
    """The environment `persist`/`unpersist` read the user folder from: --account's, else this one."""
    if account is None:
        return os.environ
    if scope != "user":
        raise UsageError(f"--account picks an account folder's user settings; use it with --scope user (not {scope})")
    from .persist import account_env

    return account_env(os.environ, account, None if account == "login" else commands.get_route(account))


def _display(path):
    from .settings import display_path

    return display_path(path, os.environ)


@cli.command(context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="machine-readable: each kind's options, variables and endpoint")
def kinds(as_json):
    """List the kinds of route and what each sets.

    \b
    Examples:
      ccswitch kinds
      ccswitch kinds --json
    """
    if not as_json:
        import shlex

        from .kinds import URL

        for k, v in model.KINDS.items():
            click.echo(f"{k:<14} {v.summary}")
            words = ["ccswitch", "add", "NAME", "--kind", k]
            for field, value in v.example.items():  # the endpoint only where the kind needs one
                if field != "base_url" or field in v.required or field in v.exactly_one:
                    words += ["--" + field.replace("_", "-"), shlex.quote(value.replace(URL, "https://llm.example.com"))]
            if v.secret_required or "secret" in v.needs:  # a profile's federation needs its token
                words += ["--secret-stdin", "<", "key.txt"]
            click.echo(f"{'':<14} e.g. {' '.join(words)}")
        return
    import json

    out = []
    for k in model.KINDS.values():
        out.append({
            "name": k.name, "summary": k.summary, "switch": k.switch, "options": {f: k.fields[f] for f in k.fields},
            "required": list(k.required), "exactly_one": list(k.exactly_one), "secret": k.secret,
            "secret_required": k.secret_required, "secret_header": k.secret_header, "skip_auth": k.skip_auth,
            "base_url_variable": k.base_url_var, "default_endpoint": k.default_endpoint({}), "rank": k.rank,
        })
    click.echo(json.dumps(out, indent=2))


# ----------------------------------------------------------------------------- moving in and out: import, export


@cli.group("import", context_settings=CONTEXT)
def import_():
    """Bring routes in: from a .env file, this environment, a Claude Code settings file, a
    ccswitch TOML export, cc-switch or ccs.  Secrets go to the OS keyring, never to a file.

    \b
    Examples:
      ccswitch import dotenv .env.claude --name work-gw
      ccswitch import cc-switch --all
    """


_import_name = click.option("--name", required=True, metavar="NAME", help="the new route's name")
_import_kind = click.option("--kind", type=Choice(model.STORED_KINDS), help="the route's kind, when its variables do not settle it")


def _import_trust(f):
    """--allow-var / --allow-command: what an imported file may bring beside Claude Code's
    variables and plain secrets, named by the user (see importers.gate)."""
    import functools

    @click.option("--allow-var", "allow_vars", multiple=True, metavar="NAME",
                  help="import a variable outside Claude Code's set (repeatable)")
    @click.option("--allow-command", is_flag=True, help="import secrets read from a command (cmd:), run at every use")
    @functools.wraps(f)
    def wrapper(*args, allow_vars, allow_command, **kw):
        from . import importers

        importers.trust(allow_vars, allow_command)
        return f(*args, **kw)

    return wrapper


def _import_report(name, plan):
    for var, reason in plan.skipped:
        _err(f"not imported: {var} ({reason})")
    for note in plan.notes:
        _err(f"note: {note}")
    _err(f"imported route {name!r} ({plan.kind}): {plan.summary()}; switch with: eval \"$(ccswitch use {name})\"")


def _import_one(name, plan):
    from . import importers

    importers.create(name, plan)
    _import_report(name, plan)


@import_.command("dotenv", context_settings=CONTEXT)
@_import_trust
@click.argument("path", type=PATH)
@_import_name
@_import_kind
def import_dotenv(path, name, kind):
    """Import a .env file (python-dotenv syntax; ${VAR} is expanded from the file only).

    \b
    Examples:
      ccswitch import dotenv .env.claude --name work-gw
    """
    from . import importers

    variables, refs, helper, file_kind, notes = importers.read_dotenv(path)
    plan = importers.infer(variables, kind=kind or file_kind, helper=helper, refs=refs, source=path, everything=file_kind is not None)
    plan.notes[:0] = notes
    _import_one(name, plan)


@import_.command("env", context_settings=CONTEXT)
@_import_trust
@_import_name
@_import_kind
def import_env(name, kind):
    """Import the Claude Code route variables of this environment (nothing else of it).

    \b
    Examples:
      ccswitch import env --name as-exported
    """
    from . import importers

    plan = importers.infer(importers.read_environment(os.environ), kind=kind, source="this environment", files=False)
    _import_one(name, plan)


@import_.command("claude-settings", context_settings=CONTEXT)
@_import_trust
@click.argument("path", required=False, type=PATH)
@_import_name
@_import_kind
@click.option("--remove-secrets", is_flag=True, help="then rewrite PATH without the imported secret values (atomically, no backup)")
def import_claude_settings(path, name, kind, remove_secrets):
    """Import the `env` block (and apiKeyHelper) of a Claude Code settings file
    (default: ~/.claude/settings.json, or $CLAUDE_CONFIG_DIR/settings.json).

    \b
    Examples:
      ccswitch import claude-settings --name old-setup --remove-secrets
    """
    from . import importers
    from .claudevars import is_route_var

    path = path or importers.claude_settings_path(os.environ)
    _text, doc = importers.read_settings(path)
    variables, refs, helper, doc_kind = importers.settings_vars(doc, path)
    plan = importers.infer(variables, kind=kind or doc_kind, helper=helper, refs=refs, source=path, everything=doc_kind is not None)
    _import_one(name, plan)
    gone = importers.remove_secrets(path, plan.values) if remove_secrets else []
    if gone:
        _err(f"removed {', '.join(gone)} from {path}")
    elif remove_secrets:
        _err(f"{path} held no secret value to remove")
    kept = [v for v in plan.values if v not in gone]
    if kept:
        _err(f"note: {path} still holds {', '.join(kept)} in plain text; remove it there (or `ccswitch rm {name}` and import again with --remove-secrets)")
    left = [v for v in variables if is_route_var(v) and v not in gone and v not in kept]
    if left:
        _err(f"note: {path} still sets {', '.join(left)}; a settings env block beats the shell, so remove them there to let ccswitch choose the route")


@import_.command("toml", context_settings=CONTEXT)
@_import_trust
@click.argument("path", type=PATH)
@click.option("--name", metavar="NAME", help="the new route's name (a file with one route; default: its name in the file)")
def import_toml(path, name):
    """Import a ccswitch TOML export (`ccswitch export NAME --format toml`) or another routes.toml.

    \b
    Examples:
      ccswitch import toml work-gw.toml
      ccswitch import toml ~/old/routes.toml
    """
    from . import importers, store

    found = importers.read_toml(path)
    if len(found) == 1:
        rname, route, values = found[0]
        _import_one(name or rname, importers.toml_plan(route, values, path))
        return
    if name:
        raise UsageError(f"{path} holds {len(found)} routes; --name renames a single one, so import them under their own names")
    entries = []
    for rname, route, values in found:
        entry = importers.Entry(rname, rname, None)
        entry.name, entry.plan = rname, importers.toml_plan(route, values, path)
        entries.append(entry)
    _import_batch(entries, set(store.load()))


def _import_batch(entries, existing):
    from . import importers

    counts = {"imported": 0, "skipped": 0, "failed": 0}
    for e, status, detail in importers.import_entries(entries, existing):
        counts[status] += 1
        label = f"{e.label!r}" + (f" as {e.name!r}" if e.name != e.label else "")
        _err(f"{status} {label}: {detail}")
    _err(f"{counts['imported']} imported, {counts['skipped']} skipped, {counts['failed']} failed")
    if counts["failed"]:
        sys.exit(1)


def _import_peer(entries, source, all_, wanted, name, flag):
    from . import importers, store

    importers.plan_entries(entries, source)
    if wanted:
        entry = importers.pick_entry(entries, wanted)
        if name:
            entry.name = model.check_route_name(name)
        if entry.plan is None:
            raise UsageError(f"{source} {entry.label!r}: {entry.problem}")
        _import_one(entry.name, entry.plan)
        return
    if name:
        raise UsageError(f"--name goes with {flag} (one entry); --all names each route after its entry")
    if not all_:
        width = max((len(e.ident) for e in entries), default=0)
        for e in entries:
            what = e.plan.kind if e.plan else f"cannot import: {e.problem}"
            click.echo(f"{'*' if e.current else ' '} {e.ident:<{width}}  {e.label!r} -> {e.name} ({what})")
        _err(f"import them all with --all, or one with {flag} ID [--name NAME]")
        return
    _import_batch(entries, set(store.load()))


@import_.command("cc-switch", context_settings=CONTEXT)
@_import_trust
@click.argument("path", required=False, type=PATH)
@click.option("--all", "all_", is_flag=True, help="import every Claude provider")
@click.option("--provider", metavar="ID", help="import one provider (its id or name)")
@click.option("--name", metavar="NAME", help="with --provider: the new route's name")
def import_cc_switch(path, all_, provider, name):
    """Import cc-switch's Claude providers (~/.cc-switch/cc-switch.db or config.json).
    Without --all or --provider, list them and the routes they would become.

    \b
    Examples:
      ccswitch import cc-switch
      ccswitch import cc-switch --all
      ccswitch import cc-switch --provider glm --name glm
    """
    from . import importers

    _import_peer(importers.cc_switch_entries(path), "cc-switch provider", all_, provider, name, "--provider")


@import_.command("ccs", context_settings=CONTEXT)
@_import_trust
@click.argument("path", required=False, type=PATH)
@click.option("--all", "all_", is_flag=True, help="import every profile")
@click.option("--profile", metavar="NAME", help="import one profile")
@click.option("--name", metavar="NAME", help="with --profile: the new route's name")
def import_ccs(path, all_, profile, name):
    """Import ccs API profiles (~/.ccs/*.settings.json, ~/.ccs/config.json; PATH may be one file).
    Without --all or --profile, list them and the routes they would become.

    \b
    Examples:
      ccswitch import ccs
      ccswitch import ccs --all
    """
    from . import importers

    _import_peer(importers.ccs_entries(path), "ccs profile", all_, profile, name, "--profile")


@import_.command("claude-dir", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=PATH)
@click.option("--name", metavar="NAME", help="with one PATH: the new route's name (default: from the folder's name)")
@click.option("--all", "all_", is_flag=True, help="without PATH: adopt every folder found")
def import_claude_dir(paths, name, all_):
    """Adopt Claude Code folders as account routes (login kind, CLAUDE_CONFIG_DIR=PATH): folders
    made by hand (~/.claude-work), ccs instances (~/.ccs/instances/NAME) and cc-subscription-switch
    accounts (~/.cc-subscription-switch/accounts/NAME).  Nothing in a folder is copied or changed.
    Without PATH, list the folders found; --all adopts them.

    \b
    Examples:
      ccswitch import claude-dir ~/.claude-work --name work-max
      ccswitch import claude-dir --all
    """
    from . import importers, store

    if name and len(paths) != 1:
        raise UsageError("--name goes with exactly one PATH")
    if paths and all_:
        raise UsageError("--all adopts the folders found; with PATH, only those are adopted")
    routes = store.load()
    entries = importers.claude_dir_entries(paths, name, routes)
    if not paths and not all_:
        for e in entries:
            what = "login" if e.plan else f"cannot adopt: {e.problem}"
            click.echo(f"  {e.ident}  -> {e.name} ({what})")
        _err("adopt them all with --all, or one with: ccswitch import claude-dir PATH [--name NAME]")
        return
    importers.trust((importers.CONFIG_DIR,))  # the folders were named here, or found in their usual places
    if len(entries) == 1 and paths:
        e = entries[0]
        if e.plan is None:
            raise UsageError(f"{e.ident}: {e.problem}")
        _import_one(e.name, e.plan)
        return
    _import_batch(entries, set(routes))


@cli.command("export", context_settings=CONTEXT)
@click.argument("name", type=ROUTE)
@click.option("--format", "fmt", type=Choice(["dotenv", "json", "toml"]), default="dotenv", show_default=True,
              help="output format (each reads back with `ccswitch import`)")
@click.option("--reveal", is_flag=True, help="write secret values instead of references (never to a terminal)")
@click.option("-o", "--output", type=PATH, metavar="FILE", help="write FILE (mode 600, atomically) instead of stdout")
def export_(name, fmt, reveal, output):
    """Print a route's variables; secrets as references to where they are kept, unless --reveal.

    \b
    Examples:
      ccswitch export work-gw
      ccswitch export work-gw --format toml --reveal -o work-gw.toml
    """
    from . import export as export_mod

    if reveal and output is None and sys.stdout.isatty():
        raise UsageError("--reveal writes secret values and stdout is a terminal; redirect it to a file or a pipe, or use --output FILE")
    text = export_mod.render(name, fmt, reveal)
    if output is None:
        sys.stdout.buffer.write(text.encode("utf-8", "surrogateescape"))
        return
    from . import store

    store.atomic_write(output, text.encode("utf-8", "surrogateescape"), 0o600)
    _err(f"wrote route {name!r} to {output}" + (" with its secret values: keep it private" if reveal else ""))


# ----------------------------------------------------------------------------- the truth about a setup


@cli.command(context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="machine-readable (docs/status-schema.json)")
@click.option("--expect", "expect", metavar="ROUTE", type=ROUTE,
              help="exit 1 unless Claude Code really takes route ROUTE here (drift and shadowing settings included)")
@click.option("--expect-kind", "expect_kind", metavar="KIND", type=Choice(model.STORED_KINDS),
              help="exit 1 unless Claude Code takes a route of this kind here")
@_colour_option
def status(as_json, expect, expect_kind, colour):
    """Which route Claude Code will really take from this shell and folder, and why.
    Exit status 1 when Claude Code would find no credential at all ('Not logged in'), or when
    --expect / --expect-kind do not hold (each reason on stderr): a CI step can gate on it.

    \b
    Examples:
      ccswitch status
      ccswitch status --json | jq .credential
      ccswitch status --expect gateway-prod       # in CI, after eval "$(ccswitch use gateway-prod)"
    """
    from . import status as status_mod

    data = status_mod.status_data(os.environ, sessions=True)
    on = _colour(colour) and not as_json
    click.echo(json.dumps(data, indent=2) if as_json else status_mod.render(data, os.environ, colour=on), color=on)
    failures = status_mod.unmet(data, expect, expect_kind)
    for reason in failures:
        _err(reason)
    sys.exit(1 if failures else 0)


@cli.command(context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="machine-readable (docs/doctor-schema.json)")
@_colour_option
def doctor(as_json, colour):
    """Check this setup for problems; exit status 1 when something is wrong.

    \b
    Examples:
      ccswitch doctor
      ccswitch doctor --json | jq '.findings[] | select(.severity != "ok")'
    """
    from . import doctor as doctor_mod

    data = doctor_mod.doctor_data(os.environ)
    on = _colour(colour) and not as_json
    click.echo(json.dumps(data, indent=2) if as_json else doctor_mod.render(data, colour=on), color=on)
    sys.exit(0 if data["ok"] else 1)


@cli.command(context_settings=CONTEXT)
@click.argument("name", type=ROUTE)
@click.option("--spend", is_flag=True, help="also send a 1-token message (costs a token)")
@click.option("--timeout", type=float, default=5.0, show_default=True, metavar="S", help="seconds per request")
@_colour_option
def verify(name, spend, timeout, colour):
    """Check a route against its endpoint, cheapest first; exit status names the outcome.

    Each step is named on stderr as it starts (a spinner on a terminal). Requests go through
    HTTPS_PROXY/HTTP_PROXY unless NO_PROXY matches the host, as Claude Code's do.

    \b
    Examples:
      ccswitch verify work-gw
      ccswitch verify work-gw --spend --timeout 10
    """
    from . import verify as verify_mod

    progress = verify_mod.Progress.on(sys.stderr, os.environ, colour)
    report = verify_mod.verify_named(name, spend=spend, timeout=timeout, env=os.environ, progress=progress)
    click.echo(report.render())
    sys.exit(report.exit_code)


# ----------------------------------------------------------------------------- guard: no credential in a commit


@cli.group(context_settings=CONTEXT)
def guard():
    """Keep Claude Code credentials out of commits: check files, or install a git pre-commit hook.

    \b
    Examples:
      ccswitch guard install
      ccswitch guard check --verbose .env settings.json
    """


@guard.command("check", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=PATH)
@click.option("-v", "--verbose", is_flag=True, help="also say how many files were checked when nothing is found")
def guard_check(paths, verbose):
    """Exit 1 when a file holds a credential: a key of a known format anywhere (any text or
    binary file), a credential in a settings, .env or startup file, or an apiKeyHelper that
    prints a literal key.  PATHS (folders are walked); default: every file staged in this git
    repository, read from the index.

    \b
    Examples:
      ccswitch guard check                 # what `git commit` would record
      ccswitch guard check .claude deploy/ # files and folders
    """
    from . import guard as guard_mod

    if paths:
        count, found, skipped = guard_mod.check_paths(paths)
        where = f"{count} file{'s' if count != 1 else ''}"
    else:
        _top, count, found, skipped = guard_mod.check_staged()
        where = f"{count} staged file{'s' if count != 1 else ''}"
    for path in skipped:
        _err(f"guard: warning: {path} is larger than {guard_mod.SCAN_MAX // (1024 * 1024)} MiB and was not checked")
    if found:
        click.echo(guard_mod.render(found, staged_mode=not paths))
    blocked = guard_mod.blocking(found)
    if blocked:
        _err(f"guard: {len(blocked)} credential{'s' if len(blocked) != 1 else ''} found in {where}; nothing was printed of "
             f"{'them' if len(blocked) != 1 else 'it'}" + ("" if paths else "; the commit is refused"))
        sys.exit(1)
    if found:
        _err(f"guard: {len(found)} private gateway address{'es' if len(found) != 1 else ''} in {where} (a warning; nothing refused)")
        return
    if verbose:
        _err(f"guard: no credential in {where}")


@guard.command("install", context_settings=CONTEXT)
def guard_install():
    """Install `ccswitch guard check` as this repository's git pre-commit hook (an existing
    shell-script hook is kept and still runs; installing again changes nothing).

    \b
    Examples:
      ccswitch guard install
    """
    from . import guard as guard_mod

    hooks, messages = guard_mod.install()
    for m in messages:
        _err(m)
    _err(f"guard installed in {hooks}" if messages else f"guard already installed in {hooks}; nothing changed")


def run(argv):
    return guarded(_click_main, argv)


def _click_main(argv):
    """The click CLI's exit status; click's own exceptions here, the rest in `guarded`."""
    try:
        cli.main(args=argv, prog_name="ccswitch", standalone_mode=False)
        return 0
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
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
