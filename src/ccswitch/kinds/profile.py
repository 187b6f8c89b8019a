"""An Anthropic profile or workload identity federation (the Anthropic SDK's credentials).

Either a named profile, ANTHROPIC_PROFILE, whose config and credentials the `ant` CLI keeps
under ANTHROPIC_CONFIG_DIR (default ~/.config/anthropic: configs/NAME.json,
credentials/NAME.json); or federation from the environment: ANTHROPIC_ORGANIZATION_ID and
ANTHROPIC_FEDERATION_RULE_ID with an identity token (ANTHROPIC_IDENTITY_TOKEN, a secret, or
ANTHROPIC_IDENTITY_TOKEN_FILE), optionally ANTHROPIC_SERVICE_ACCOUNT_ID,
ANTHROPIC_WORKSPACE_ID and ANTHROPIC_SCOPE.  The client exchanges the identity token for a
short-lived access token at ANTHROPIC_BASE_URL and sends that as Authorization: Bearer."""

from . import URL, Kind


class Profile(Kind):
    name = "profile"
    summary = "an Anthropic profile or workload identity federation (ANTHROPIC_PROFILE, ANTHROPIC_FEDERATION_RULE_ID)"
    needs = "--profile, or --organization and --federation-rule with an identity token (--token-file or the secret)"
    example = {"organization": "org-contract", "federation_rule": "fdrl_contract", "base_url": URL}
    fields = {
        "profile": "ANTHROPIC_PROFILE",
        "config_dir": "ANTHROPIC_CONFIG_DIR",
        "organization": "ANTHROPIC_ORGANIZATION_ID",
        "federation_rule": "ANTHROPIC_FEDERATION_RULE_ID",
        "service_account": "ANTHROPIC_SERVICE_ACCOUNT_ID",
        "workspace": "ANTHROPIC_WORKSPACE_ID",
        "scope": "ANTHROPIC_SCOPE",
        "token_file": "ANTHROPIC_IDENTITY_TOKEN_FILE",
        "base_url": "ANTHROPIC_BASE_URL",
    }
    field_help = {
        "profile": "ANTHROPIC_PROFILE: a profile of the `ant` CLI (or federation: --organization and --federation-rule)",
        "config_dir": "ANTHROPIC_CONFIG_DIR: where the profiles are (default ~/.config/anthropic)",
        "organization": "ANTHROPIC_ORGANIZATION_ID (federation)",
        "federation_rule": "ANTHROPIC_FEDERATION_RULE_ID (federation)",
        "service_account": "ANTHROPIC_SERVICE_ACCOUNT_ID (federation)",
        "workspace": "ANTHROPIC_WORKSPACE_ID",
        "scope": "ANTHROPIC_SCOPE",
        "token_file": "ANTHROPIC_IDENTITY_TOKEN_FILE: a file holding the identity token (or keep the token as the secret)",
        "base_url": "endpoint URL (default https://api.anthropic.com)",
    }
    secret = "ANTHROPIC_IDENTITY_TOKEN"
    secret_header = "Authorization: Bearer (exchanged)"
    base_url_var = "ANTHROPIC_BASE_URL"
    rank = 55
    credential_vars = ("ANTHROPIC_PROFILE", "ANTHROPIC_FEDERATION_RULE_ID")
    FEDERATION = ("organization", "federation_rule")

    def check(self, name, route):
        from ..errors import UsageError

        federation = [f for f in self.FEDERATION if f in route]
        if "profile" in route:
            if federation:
                raise UsageError(f"route {name!r}: a profile route takes --profile or federation "
                                 "(--organization, --federation-rule), not both")
            return
        if len(federation) != 2:
            raise UsageError(f"route {name!r}: a profile route needs --profile, or --organization and --federation-rule")
        if "token_file" not in route and self.secret not in route.get("secrets", {}):
            raise UsageError(f"route {name!r}: federation needs an identity token: --token-file FILE, or the secret {self.secret}")
        if "token_file" in route and self.secret in route.get("secrets", {}):
            raise UsageError(f"route {name!r}: give the identity token once: --token-file or the secret {self.secret}")

    def describe(self, route):
        who = f"profile {route['profile']}" if "profile" in route else f"federation {route['federation_rule']}"
        return who + (f" via {route['base_url']}" if "base_url" in route else "")

    def status(self, eff, layers):
        endpoint = eff.endpoint("ANTHROPIC_BASE_URL", "https://api.anthropic.com")
        if eff.on("ANTHROPIC_PROFILE"):
            cred = {"source": f"ANTHROPIC_PROFILE={eff.get('ANTHROPIC_PROFILE')}", "origin": eff.where("ANTHROPIC_PROFILE"),
                    "header": self.secret_header, "masked": None}
        else:
            token = "ANTHROPIC_IDENTITY_TOKEN" if eff.on("ANTHROPIC_IDENTITY_TOKEN") else "ANTHROPIC_IDENTITY_TOKEN_FILE"
            cred = {"source": f"federation {eff.get('ANTHROPIC_FEDERATION_RULE_ID')} with {token}",
                    "origin": eff.where("ANTHROPIC_FEDERATION_RULE_ID"), "header": self.secret_header, "masked": None}
        return endpoint, cred

    def active(self, eff, layers):
        """The client takes a profile route: ANTHROPIC_PROFILE, or federation from the environment."""
        return eff.on("ANTHROPIC_PROFILE") or (eff.on("ANTHROPIC_FEDERATION_RULE_ID") and eff.on("ANTHROPIC_ORGANIZATION_ID"))

    def auth(self, full, route):
        return None  # the identity token is exchanged by the client, never sent as is

    def verify_offline(self, report, route_env, resolve_env, env):
        import os

        from ..verify import Outcome

        if route_env.get("ANTHROPIC_PROFILE"):
            base = route_env.get("ANTHROPIC_CONFIG_DIR") or env.get("ANTHROPIC_CONFIG_DIR") or _config_dir(env)
            profile = route_env["ANTHROPIC_PROFILE"]
            config = os.path.join(base, "configs", f"{profile}.json")
            creds = os.path.join(base, "credentials", f"{profile}.json")
            if not (os.path.isfile(config) or os.path.isfile(creds)):
                raise Outcome("config", f"profile {profile!r} is not in {base} (no configs/{profile}.json or credentials/{profile}.json); "
                              f"create it with `ant auth login --profile {profile}`")
            report.auth = f"Anthropic profile {profile} ({base})"
            report.checked.append(f"profile {profile} exists in {base}")
        else:
            path = route_env.get("ANTHROPIC_IDENTITY_TOKEN_FILE")
            if path and not os.path.isfile(path):
                raise Outcome("config", f"ANTHROPIC_IDENTITY_TOKEN_FILE points to {path}, which does not exist")
            if not path:
                resolve_env()  # the token must be retrievable
            report.auth = "workload identity federation: " + ("the identity token file" if path else f"{self.secret} (retrievable)")
            report.checked.append("the identity token is there")
        report.not_checked.append("the token exchange: verify never sends an identity token or profile credential")
        report.outcome, report.message = "offline-ok", "the route is well formed; nothing was sent"


def _config_dir(env):
    import os
    import sys

    if sys.platform == "win32":
        return os.path.join(env.get("APPDATA") or os.path.expanduser("~"), "Anthropic")
    if env.get("XDG_CONFIG_HOME"):
        return os.path.join(env["XDG_CONFIG_HOME"], "anthropic")
    return os.path.join(env.get("HOME") or os.path.expanduser("~"), ".config", "anthropic")


KIND = Profile()
