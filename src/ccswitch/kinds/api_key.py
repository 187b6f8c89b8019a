"""A direct Anthropic API key: ANTHROPIC_API_KEY, sent as x-api-key."""

from . import URL, Kind


class ApiKey(Kind):
    name = "api-key"
    summary = "ANTHROPIC_API_KEY, optionally with ANTHROPIC_BASE_URL"
    example = {"base_url": URL}
    fields = {"base_url": "ANTHROPIC_BASE_URL"}
    field_help = {"base_url": "endpoint URL (default https://api.anthropic.com)"}
    secret = "ANTHROPIC_API_KEY"
    secret_required = True
    secret_header = "x-api-key"
    base_url_var = "ANTHROPIC_BASE_URL"
    rank = 30
    credential_vars = ("ANTHROPIC_API_KEY",)
    verify_online = True


KIND = ApiKey()
