"""A gateway: ANTHROPIC_BASE_URL with ANTHROPIC_AUTH_TOKEN, sent as Authorization: Bearer."""

from . import URL, Kind


class Gateway(Kind):
    name = "gateway"
    summary = "ANTHROPIC_BASE_URL with ANTHROPIC_AUTH_TOKEN (Bearer)"
    example = {"base_url": URL}
    fields = {"base_url": "ANTHROPIC_BASE_URL"}
    field_help = {"base_url": "the gateway's URL (required)"}
    required = ("base_url",)
    secret = "ANTHROPIC_AUTH_TOKEN"
    secret_required = True
    secret_header = "Authorization: Bearer"
    base_url_var = "ANTHROPIC_BASE_URL"
    rank = 20
    credential_vars = ("ANTHROPIC_AUTH_TOKEN",)
    verify_online = True


KIND = Gateway()
