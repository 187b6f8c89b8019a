"""Microsoft Foundry: CLAUDE_CODE_USE_FOUNDRY=1, a resource name or a base URL; an API key
(x-api-key), or the Azure default credential.

ANTHROPIC_FOUNDRY_AUTH_TOKEN, documented once as Foundry's Bearer token, is not read by the
pinned client (2.1.197): with it alone the client asks Azure for a token.  Every switch still
unsets it (a route variable); status says it is not used."""

from . import URL, Kind, anthropic_bearer, own, sent_entry

STALE_TOKEN = "ANTHROPIC_FOUNDRY_AUTH_TOKEN"


class Foundry(Kind):
    name = "foundry"
    summary = "Microsoft Foundry (CLAUDE_CODE_USE_FOUNDRY=1)"
    example = {"base_url": URL}
    switch = "CLAUDE_CODE_USE_FOUNDRY"
    rank = 2
    fields = {"resource": "ANTHROPIC_FOUNDRY_RESOURCE", "base_url": "ANTHROPIC_FOUNDRY_BASE_URL"}
    field_help = {"resource": "ANTHROPIC_FOUNDRY_RESOURCE (or --base-url)", "base_url": "ANTHROPIC_FOUNDRY_BASE_URL (or --resource)"}
    exactly_one = ("resource", "base_url")
    secret = "ANTHROPIC_FOUNDRY_API_KEY"
    secret_header = "x-api-key"
    skip_auth = "CLAUDE_CODE_SKIP_FOUNDRY_AUTH"
    base_url_var = "ANTHROPIC_FOUNDRY_BASE_URL"
    credential_vars = ("ANTHROPIC_FOUNDRY_API_KEY",)
    verify_online = True

    def default_endpoint(self, values):
        resource = values.get("ANTHROPIC_FOUNDRY_RESOURCE")
        return f"https://{resource}.services.ai.azure.com/anthropic" if resource else None

    def describe(self, route):
        return route.get("base_url") or route.get("resource", "")

    def status(self, eff, layers):
        resource = eff.get("ANTHROPIC_FOUNDRY_RESOURCE")
        default = self.default_endpoint(eff.values) or "(no ANTHROPIC_FOUNDRY_RESOURCE or ANTHROPIC_FOUNDRY_BASE_URL)"
        endpoint = eff.endpoint(self.base_url_var, default)
        if resource and not eff.on(self.base_url_var):
            endpoint["variable"] = "ANTHROPIC_FOUNDRY_RESOURCE"
            endpoint["origin"] = eff.where("ANTHROPIC_FOUNDRY_RESOURCE")
        cred = None if eff.on(self.secret) else self.skipped(eff)  # the key goes even when the auth is skipped (seen)
        if cred is None and eff.on(self.secret):
            cred = eff.credential(self.secret, self.secret_header)
        elif cred is None:
            cred = {"source": "the Azure default credential", "origin": "Azure SDK", "header": "Authorization: Bearer (Entra ID)", "masked": None}
        return endpoint, cred

    def sent(self, eff, layers, main):
        """Seen with 2.1.197: the Foundry key as x-api-key (ANTHROPIC_API_KEY never goes), and
        beside it ANTHROPIC_AUTH_TOKEN, else the apiKeyHelper's output, as Authorization: Bearer.
        Without a key the Azure token fills Authorization (not observable offline); with the auth
        skipped and no key the client sends nothing (seen: it fails before any request)."""
        if eff.on(self.secret):
            return [sent_entry(eff, self.secret, self.secret_header)] + anthropic_bearer(eff, layers)
        if self.skipped(eff):
            return []
        return own(main) + anthropic_bearer(eff, layers, certain=False)

    def verify_offline(self, report, route_env, resolve_env, env):
        report.auth = "the Azure default credential"
        report.not_checked.append("the Azure default credential (Entra ID): verify sends no Azure token")
        report.outcome, report.message = "offline-ok", "the endpoint URL is well formed; nothing was sent"


KIND = Foundry()
