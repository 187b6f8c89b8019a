"""Claude Platform on AWS: CLAUDE_CODE_USE_ANTHROPIC_AWS=1, a workspace id (sent as the
`anthropic-workspace-id` header), a region or a base URL; ANTHROPIC_AWS_API_KEY (x-api-key),
else AWS SigV4 from the default credential chain."""

from . import URL, Kind


class AnthropicAws(Kind):
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
    general = ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")
    fallbacks = {"region": ("AWS_DEFAULT_REGION",)}
    verify_online = True
    WORKSPACE_HEADER = "anthropic-workspace-id"

    def default_endpoint(self, values):
        region = values.get("AWS_REGION") or values.get("AWS_DEFAULT_REGION") or "us-east-1"
        return f"https://aws-external-anthropic.{region}.api.aws"

    def check(self, name, route):
        if "region" not in route and "base_url" not in route:
            from ..errors import UsageError

            raise UsageError(f"route {name!r}: an anthropic-aws route needs --region or --base-url")

    def describe(self, route):
        return f"workspace {route['workspace']} @ " + (route.get("base_url") or route.get("region", ""))

    def status(self, eff, layers):
        endpoint = eff.endpoint(self.base_url_var, self.default_endpoint(eff.values))
        if eff.on("ANTHROPIC_AWS_WORKSPACE_ID"):
            endpoint["workspace"] = eff.get("ANTHROPIC_AWS_WORKSPACE_ID")
        cred = self.skipped(eff)
        if cred is None and eff.on(self.secret):
            cred = eff.credential(self.secret, self.secret_header)
        elif cred is None:
            from .bedrock import aws_chain

            cred = aws_chain()
        return endpoint, cred

    def auth(self, full, route):
        found = super().auth(full, route)
        if found is None:
            return None
        headers, text = found
        headers[self.WORKSPACE_HEADER] = full.get("ANTHROPIC_AWS_WORKSPACE_ID", "")
        return headers, text

    def verify_offline(self, report, route_env, resolve_env, env):
        report.auth = f"none: {self.skip_auth}" if route_env.get(self.skip_auth) else "the default AWS credential chain (SigV4)"
        report.not_checked.append("AWS-signed requests: verify makes no AWS call")
        report.outcome, report.message = "offline-ok", "the endpoint URL is well formed; nothing was sent"


KIND = AnthropicAws()
