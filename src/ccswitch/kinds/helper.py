"""An apiKeyHelper: a command whose stdout is the key.  No variable selects it; the client
reads it from settings, so the route takes effect through `ccswitch exec` (a per-launch
`--settings`)."""

from . import URL, Kind


class Helper(Kind):
    name = "helper"
    summary = "an apiKeyHelper command; no secret in the environment"
    example = {"command": "printf helper-key-6c1d", "base_url": URL}
    fields = {"command": None, "base_url": "ANTHROPIC_BASE_URL"}
    field_help = {"command": "the apiKeyHelper command (required)", "base_url": "endpoint URL (default https://api.anthropic.com)"}
    required = ("command",)
    base_url_var = "ANTHROPIC_BASE_URL"
    rank = 40
    verify_online = True

    def active(self, eff, layers):
        return bool(layers.first("apiKeyHelper")[0])  # no variable: a settings key

    def status(self, eff, layers):
        helper, layer = layers.first("apiKeyHelper")
        endpoint = eff.endpoint("ANTHROPIC_BASE_URL", "https://api.anthropic.com")
        return endpoint, {"source": "apiKeyHelper", "origin": layer.path if layer else None,
                          "header": "x-api-key and Authorization: Bearer", "masked": None}

    def settings(self, route):
        return {"apiKeyHelper": route["command"]}

    def auth(self, full, route):
        from ..verify import run_helper

        key = run_helper(route["command"])
        return {"x-api-key": key, "authorization": f"Bearer {key}"}, "the apiKeyHelper's output as x-api-key and Authorization: Bearer [redacted]"


KIND = Helper()
