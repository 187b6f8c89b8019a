"""Google Vertex AI: CLAUDE_CODE_USE_VERTEX=1, a project and a region; Google credentials."""

from . import API_KEY, URL, XKEY, Kind, sent_entry


class Vertex(Kind):
    name = "vertex"
    summary = "Google Vertex AI (CLAUDE_CODE_USE_VERTEX=1)"
    example = {"project": "proj-contract", "region": "us-east5", "base_url": URL}
    switch = "CLAUDE_CODE_USE_VERTEX"
    rank = 5
    fields = {"project": "ANTHROPIC_VERTEX_PROJECT_ID", "region": "CLOUD_ML_REGION", "base_url": "ANTHROPIC_VERTEX_BASE_URL"}
    field_help = {"project": "ANTHROPIC_VERTEX_PROJECT_ID (required)", "region": "CLOUD_ML_REGION (required; us-east5, global…)",
                  "base_url": "ANTHROPIC_VERTEX_BASE_URL (a gateway)"}
    required = ("project", "region")
    skip_auth = "CLAUDE_CODE_SKIP_VERTEX_AUTH"
    base_url_var = "ANTHROPIC_VERTEX_BASE_URL"
    credential_vars = ("GOOGLE_APPLICATION_CREDENTIALS",)
    general = ("GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT")
    fallbacks = {"project": ("GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT")}
    # The client takes the project from the first of these that is set.
    PROJECT_VARS = ("GCLOUD_PROJECT", "GOOGLE_CLOUD_PROJECT", "ANTHROPIC_VERTEX_PROJECT_ID")

    def default_endpoint(self, values):
        region = values.get("CLOUD_ML_REGION") or "us-east5"
        return "https://aiplatform.googleapis.com" if region == "global" else f"https://{region}-aiplatform.googleapis.com"

    def describe(self, route):
        return f"{route['project']} @ {route['region']}" + (f" via {route['base_url']}" if "base_url" in route else "")

    def status(self, eff, layers):
        endpoint = eff.endpoint(self.base_url_var, self.default_endpoint(eff.values))
        endpoint["region"] = eff.get("CLOUD_ML_REGION") or "us-east5"
        for var in self.PROJECT_VARS:
            if eff.on(var):
                endpoint["project"] = eff.get(var)
                endpoint["project_variable"] = var
                break
        cred = self.skipped(eff)
        if cred is None and eff.on("GOOGLE_APPLICATION_CREDENTIALS"):
            cred = {"source": "GOOGLE_APPLICATION_CREDENTIALS", "origin": eff.get("GOOGLE_APPLICATION_CREDENTIALS"),
                    "header": "Authorization: Bearer (Google)", "masked": None}
        elif cred is None:
            cred = {"source": "Google Application Default Credentials", "origin": "gcloud", "header": "Authorization: Bearer (Google)", "masked": None}
        return endpoint, cred

    def sent(self, eff, layers, main):
        """Seen with 2.1.197 (auth skipped): ANTHROPIC_AUTH_TOKEN, else the apiKeyHelper's output, as
        Authorization: Bearer, and ANTHROPIC_API_KEY as x-api-key.  With Google auth the Google
        token fills Authorization on the requests it signs (not observable offline: the token
        may still ride on others, so `certain` is false)."""
        out = self.signed(eff, layers, main)
        if eff.on(API_KEY):
            out.append(sent_entry(eff, API_KEY, XKEY))
        return out

    def verify_offline(self, report, route_env, resolve_env, env):
        import os
        import re

        from ..settings import read_json
        from ..verify import Outcome, check_url, model_pin_note

        project = route_env.get("ANTHROPIC_VERTEX_PROJECT_ID", "")
        region = route_env.get("CLOUD_ML_REGION", "")
        report.target = self.endpoint(route_env)
        if route_env.get(self.base_url_var):
            check_url(route_env[self.base_url_var], self.base_url_var)
            report.checked.append(f"{self.base_url_var} is https (or loopback)")
        if not re.fullmatch(r"[a-z][a-z0-9-]{4,28}[a-z0-9]", project) and not re.fullmatch(r"[a-z0-9.-]+:[a-z][a-z0-9-]{4,28}[a-z0-9]", project):
            raise Outcome("config", f"ANTHROPIC_VERTEX_PROJECT_ID {project!r} is not a Google Cloud project id "
                          "(6 to 30 lowercase letters, digits and hyphens, starting with a letter)")
        report.checked.append(f"project id {project} is well formed")
        if region != "global" and not re.fullmatch(r"[a-z]+(-[a-z]+)?\d*-[a-z]+\d+|[a-z]+-[a-z]+\d+", region):
            raise Outcome("config", f"CLOUD_ML_REGION {region!r} does not look like a Google Cloud region (us-east5, europe-west1, global)")
        report.checked.append(f"region {region} is well formed")
        for var in self.PROJECT_VARS[:2]:
            if env.get(var) and env.get(var) != project:
                report.notes.append(f"{var}={env[var]} in this shell overrides the route's project id for Claude Code")
        if route_env.get(self.skip_auth):
            report.auth = f"none: {self.skip_auth} (a gateway signs the requests)"
        else:
            adc = route_env.get("GOOGLE_APPLICATION_CREDENTIALS") or env.get("GOOGLE_APPLICATION_CREDENTIALS")
            home = env.get("HOME") or os.path.expanduser("~")
            default = os.path.join(env.get("CLOUDSDK_CONFIG") or os.path.join(home, ".config", "gcloud"), "application_default_credentials.json")
            path = adc or default
            if not os.path.isfile(path):
                if adc:
                    raise Outcome("config", f"GOOGLE_APPLICATION_CREDENTIALS points to {path}, which does not exist")
                report.auth = "Google Application Default Credentials"
                report.notes.append(f"no {default}: unless this runs on Google Cloud, run `gcloud auth application-default login`")
            else:
                doc, error = read_json(path)
                if error or not isinstance(doc.get("type"), str):
                    raise Outcome("config", f"{path} is not a Google credentials file ({error or 'no type'})")
                report.auth = f"Google credentials file {path} ({doc['type']})"
                report.checked.append(f"the credentials file {path} is readable JSON of type {doc['type']}")
        model_pin_note(report, route_env)
        report.not_checked += [
            "whether the Google credentials are valid (verify makes no Google call)",
            "whether the Claude models are enabled for the project (Vertex AI Model Garden) and its quota",
        ]
        report.outcome, report.message = "offline-ok", "the route is well formed; Google Cloud was not contacted"


KIND = Vertex()
