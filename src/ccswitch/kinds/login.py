"""The subscription login: sets nothing; the client uses the credentials `/login` stored."""

from . import Kind


class Login(Kind):
    name = "login"
    summary = "the subscription login: sets nothing (built in)"
    rank = 90

    def active(self, eff, layers):
        return True  # the bottom rung

    def credentials_path(self, env):
        """Where the client keeps the login on Linux and Windows (macOS: the Keychain)."""
        import os

        from ..settings import user_config_dir

        return os.path.join(user_config_dir(env), ".credentials.json")

    def gateway_session(self, env):
        """The URL of a Cloud gateway session `/login` stored (`enterpriseGateway` in the login
        credentials), which the client takes before every route; None when there is none.
        Only the URL is read out of the file: the rest is credentials."""
        import os

        from ..settings import read_json

        path = self.credentials_path(env)
        if not os.path.isfile(path):
            return None
        doc, error = read_json(path)
        session = doc.get("enterpriseGateway") if not error and isinstance(doc, dict) else None
        url = session.get("url") if isinstance(session, dict) else None
        return url if isinstance(url, str) and url else None

    def status(self, eff, layers):
        import sys

        endpoint = eff.endpoint("ANTHROPIC_BASE_URL", "https://api.anthropic.com")
        if sys.platform == "darwin":
            return endpoint, {"source": "login", "origin": "macOS Keychain", "header": "Authorization: Bearer", "masked": None}
        import os

        path = self.credentials_path(eff.shell)
        return endpoint, {"source": "login", "origin": path, "header": "Authorization: Bearer", "masked": None,
                          "missing": not os.path.isfile(path)}

    def describe(self, route):
        return "subscription"

    def verify_offline(self, report, route_env, resolve_env, env):
        import os
        import sys

        from ..verify import Outcome

        if sys.platform == "darwin":
            report.not_checked.append("the login in the macOS Keychain")
            report.outcome, report.message = "offline-ok", "nothing to verify for the login route without Claude Code"
            return
        path = self.credentials_path(env)
        if not os.path.isfile(path):
            raise Outcome("config", f"no login found ({path}); run `claude` and /login")
        report.checked.append(f"a login exists ({path})")
        report.not_checked.append("whether the login is still valid: verify never sends subscription credentials")
        report.outcome, report.message = "offline-ok", "a login exists; it was not sent anywhere"


KIND = Login()
