"""Bedrock Mantle (Claude in Amazon Bedrock serving the Anthropic Messages API):
CLAUDE_CODE_USE_MANTLE=1, a region or ANTHROPIC_BEDROCK_MANTLE_BASE_URL; a Bedrock API key
(AWS_BEARER_TOKEN_BEDROCK, sent as Authorization: Bearer), else AWS SigV4.

The pinned client builds the Mantle client from AWS_BEARER_TOKEN_BEDROCK; it lists
ANTHROPIC_BEDROCK_MANTLE_API_KEY among its secrets but does not send it (with that alone it
waits for AWS credentials), so a mantle route keeps its key as AWS_BEARER_TOKEN_BEDROCK."""

from . import BEARER, URL, anthropic_bearer, own, sent_entry
from .aws import AnthropicOnAws


class Mantle(AnthropicOnAws):
    name = "mantle"
    summary = "Bedrock Mantle, the Anthropic API on Bedrock (CLAUDE_CODE_USE_MANTLE=1)"
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
    ENDPOINT = "https://bedrock-mantle.{region}.api.aws/anthropic"

    def describe(self, route):
        return route.get("base_url") or route["region"]

    def sent(self, eff, layers, main):
        """Seen with 2.1.197: the Bedrock API key as Authorization: Bearer and nothing else; with
        the auth skipped, ANTHROPIC_AUTH_TOKEN (else the apiKeyHelper's output) as Bearer.  Mantle
        never sends ANTHROPIC_API_KEY."""
        if eff.on(self.secret):
            return [sent_entry(eff, self.secret, BEARER)]
        if self.skipped(eff):
            return anthropic_bearer(eff, layers)
        return own(main)


KIND = Mantle()
