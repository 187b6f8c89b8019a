"""Claude Platform on AWS: CLAUDE_CODE_USE_ANTHROPIC_AWS=1, a workspace id (sent as the
`anthropic-workspace-id` header), a region or a base URL; ANTHROPIC_AWS_API_KEY (x-api-key),
else AWS SigV4 from the default credential chain."""

from . import AUTH_TOKEN, BEARER, URL, XKEY, helper_entry, own, sent_entry
from .aws import AnthropicOnAws


class AnthropicAws(AnthropicOnAws):
    name = "anthropic-aws"
    summary = "Claude Platform on AWS (CLAUDE_CODE_USE_ANTHROPIC_AWS=1)"
    needs = "--workspace, and --region or --base-url"
    example = {"workspace": "wrkspc_contract", "region": "us-east-1", "base_url": URL}
    switch = "CLAUDE_CODE_USE_ANTHROPIC_AWS"
    rank = 3
    fields = {"workspace": "ANTHROPIC_AWS_WORKSPACE_ID", "region": "AWS_REGION", "base_url": "ANTHROPIC_AWS_BASE_URL"}
    field_help = {"workspace": "ANTHROPIC_AWS_WORKSPACE_ID (required)", "region": "AWS_REGION (or --base-url)",
                  "base_url": "ANTHROPIC_AWS_BASE_URL (default https://aws-external-anthropic.REGION.api.aws)"}
    required = ("workspace",)
    secret = "ANTHROPIC_AWS_API_KEY"
    secret_header = "x-api-key"
    skip_auth = "CLAUDE_CODE_SKIP_ANTHROPIC_AWS_AUTH"
    base_url_var = "ANTHROPIC_AWS_BASE_URL"
    credential_vars = ("ANTHROPIC_AWS_API_KEY",)
    ENDPOINT = "https://aws-external-anthropic.{region}.api.aws"
    WORKSPACE_HEADER = "anthropic-workspace-id"

    def describe(self, route):
        return f"workspace {route['workspace']} @ " + (route.get("base_url") or route.get("region", ""))

    def status(self, eff, layers):
        endpoint, cred = super().status(eff, layers)
        if eff.on("ANTHROPIC_AWS_WORKSPACE_ID"):
            endpoint["workspace"] = eff.get("ANTHROPIC_AWS_WORKSPACE_ID")
        return endpoint, cred

    def sent(self, eff, layers, main):
        """Seen with 2.1.197: its own key as x-api-key and nothing of the Anthropic API's; with
        the auth skipped, ANTHROPIC_AUTH_TOKEN (else the apiKeyHelper's output) as both x-api-key
        and Authorization: Bearer; ANTHROPIC_API_KEY never."""
        if eff.on(self.secret):
            return [sent_entry(eff, self.secret, XKEY)]
        if self.skipped(eff):
            if eff.on(AUTH_TOKEN):
                return [sent_entry(eff, AUTH_TOKEN, BEARER), sent_entry(eff, AUTH_TOKEN, XKEY)]
            helper = helper_entry(eff, layers)
            return [helper(BEARER), helper(XKEY)] if helper else []
        return own(main)

    def auth(self, full, route):
        found = super().auth(full, route)
        if found is None:
            return None
        headers, text = found
        headers[self.WORKSPACE_HEADER] = full.get("ANTHROPIC_AWS_WORKSPACE_ID", "")
        return headers, text


KIND = AnthropicAws()
