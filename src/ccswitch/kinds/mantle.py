"""Bedrock Mantle (Claude in Amazon Bedrock serving the Anthropic Messages API):
CLAUDE_CODE_USE_MANTLE=1, a region or ANTHROPIC_BEDROCK_MANTLE_BASE_URL; a Bedrock API key
(AWS_BEARER_TOKEN_BEDROCK, sent as Authorization: Bearer), else AWS SigV4.

The pinned client builds the Mantle client from AWS_BEARER_TOKEN_BEDROCK; it lists
ANTHROPIC_BEDROCK_MANTLE_API_KEY among its secrets but does not send it (with that alone it
waits for AWS credentials), so a mantle route keeps its key as AWS_BEARER_TOKEN_BEDROCK."""

from . import URL, Kind
from .bedrock import Bedrock


class Mantle(Kind):
    name = "mantle"
    summary = "Bedrock Mantle, the Anthropic API on Bedrock (CLAUDE_CODE_USE_MANTLE=1)"
    needs = "--region or --base-url"
    example = {"region": "us-west-2", "base_url": URL}
    switch = "CLAUDE_CODE_USE_MANTLE"
    rank = 4
    fields = {"region": "AWS_REGION", "aws_profile": "AWS_PROFILE", "base_url": "ANTHROPIC_BEDROCK_MANTLE_BASE_URL"}
    field_help = {"region": "AWS_REGION (or --base-url)", "aws_profile": "AWS_PROFILE",
                  "base_url": "ANTHROPIC_BEDROCK_MANTLE_BASE_URL (default https://bedrock-mantle.REGION.api.aws/anthropic)"}
    secret = "AWS_BEARER_TOKEN_BEDROCK"
    secret_header = "Authorization: Bearer"
    skip_auth = "CLAUDE_CODE_SKIP_MANTLE_AUTH"
    base_url_var = "ANTHROPIC_BEDROCK_MANTLE_BASE_URL"
    credential_vars = ("AWS_BEARER_TOKEN_BEDROCK", "AWS_ACCESS_KEY_ID", "AWS_PROFILE")
    general = Bedrock.general
    fallbacks = Bedrock.fallbacks
    verify_online = True

    def default_endpoint(self, values):
        region = values.get("AWS_REGION") or values.get("AWS_DEFAULT_REGION") or "us-east-1"
        return f"https://bedrock-mantle.{region}.api.aws/anthropic"

    def check(self, name, route):
        if "region" not in route and "base_url" not in route:
            from ..errors import UsageError

            raise UsageError(f"route {name!r}: a mantle route needs --region or --base-url")

    def describe(self, route):
        return route.get("base_url") or route["region"]

    def status(self, eff, layers):
        endpoint = eff.endpoint(self.base_url_var, self.default_endpoint(eff.values))
        cred = self.skipped(eff)
        if cred is None and eff.on(self.secret):
            cred = eff.credential(self.secret, self.secret_header)
        elif cred is None:
            from .bedrock import aws_chain

            cred = aws_chain()
        return endpoint, cred

    def verify_offline(self, report, route_env, resolve_env, env):
        from .bedrock import check_aws_profile, check_aws_region

        if route_env.get("AWS_REGION"):
            check_aws_region(route_env["AWS_REGION"])
            report.checked.append(f"AWS_REGION {route_env['AWS_REGION']} is well formed")
        if route_env.get(self.skip_auth):
            report.auth = f"none: {self.skip_auth} (a gateway signs the requests)"
        elif route_env.get("AWS_PROFILE"):
            check_aws_profile(report, route_env["AWS_PROFILE"], env)
        else:
            report.auth = "the default AWS credential chain (SigV4)"
        report.not_checked.append("AWS-signed requests: verify makes no AWS call")
        report.outcome, report.message = "offline-ok", "the route is well formed; the AWS side was not contacted"


KIND = Mantle()
