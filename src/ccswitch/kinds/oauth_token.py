"""A long-lived subscription token from `claude setup-token`: CLAUDE_CODE_OAUTH_TOKEN."""

from . import Kind


class OAuthToken(Kind):
    name = "oauth-token"
    summary = "CLAUDE_CODE_OAUTH_TOKEN from `claude setup-token`"
    example = {}
    secret = "CLAUDE_CODE_OAUTH_TOKEN"
    secret_required = True
    secret_header = "Authorization: Bearer"
    base_url_var = "ANTHROPIC_BASE_URL"
    rank = 50
    credential_vars = ("CLAUDE_CODE_OAUTH_TOKEN",)

    def describe(self, route):
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
