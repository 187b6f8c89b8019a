"""A long-lived subscription token from `claude setup-token`: CLAUDE_CODE_OAUTH_TOKEN, optionally
with the account's own folder (CLAUDE_CONFIG_DIR, as a login route's: `ccswitch login NAME
--setup-token` turns an account route into this kind)."""

from . import Kind


class OAuthToken(Kind):
    name = "oauth-token"
    summary = "CLAUDE_CODE_OAUTH_TOKEN from `claude setup-token`"
    example = {}
    fields = {"config_dir": "CLAUDE_CONFIG_DIR"}
    field_help = {"config_dir": "CLAUDE_CONFIG_DIR: the account's own folder (settings, history), as a login route's"}
    secret = "CLAUDE_CODE_OAUTH_TOKEN"
    secret_required = True
    secret_header = "Authorization: Bearer"
    base_url_var = "ANTHROPIC_BASE_URL"
    rank = 50
    credential_vars = ("CLAUDE_CODE_OAUTH_TOKEN",)

    def check(self, name, route):
        from .login import check_folder

        check_folder(name, route)

    def describe(self, route):
        if "config_dir" in route:
            from .login import KIND as login

            return login.describe(route).replace("subscription", "subscription token", 1)
        return "subscription token"

    def verify_offline(self, report, route_env, resolve_env, env):
        full = resolve_env()
        token = full.get(self.secret, "")
        report.auth = f"{self.secret} (retrievable)"
        report.checked.append("the token can be read")
        if not token.startswith("sk-ant-oat"):
            report.notes.append("the token does not look like one from `claude setup-token` (sk-ant-oat…)")
        report.not_checked.append("the token itself: verify never sends a subscription token (Claude Code sends it only to Anthropic)")
        report.outcome, report.message = "offline-ok", "the token is there; it was not sent anywhere"


KIND = OAuthToken()
