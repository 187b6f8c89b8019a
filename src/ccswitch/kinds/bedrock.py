"""AWS Bedrock: CLAUDE_CODE_USE_BEDROCK=1, a region, and AWS credentials (a profile, the
default chain, or AWS_BEARER_TOKEN_BEDROCK)."""

from . import API_KEY, BEARER, URL, XKEY, Kind, aws, sent_entry


class Bedrock(Kind):
    name = "bedrock"
    summary = "AWS Bedrock (CLAUDE_CODE_USE_BEDROCK=1)"
    example = {"region": "us-west-2", "base_url": URL}
    switch = "CLAUDE_CODE_USE_BEDROCK"
    rank = 1
    fields = {"region": "AWS_REGION", "aws_profile": "AWS_PROFILE", "base_url": "ANTHROPIC_BEDROCK_BASE_URL"}
    field_help = {"region": "AWS_REGION (required)", "aws_profile": "AWS_PROFILE", "base_url": "ANTHROPIC_BEDROCK_BASE_URL (a gateway)"}
    required = ("region",)
    secret = "AWS_BEARER_TOKEN_BEDROCK"
    secret_header = "Authorization: Bearer"
    skip_auth = "CLAUDE_CODE_SKIP_BEDROCK_AUTH"
    base_url_var = "ANTHROPIC_BEDROCK_BASE_URL"
    credential_vars = ("AWS_BEARER_TOKEN_BEDROCK", "AWS_ACCESS_KEY_ID", "AWS_PROFILE")
    general = aws.GENERAL
    fallbacks = aws.FALLBACKS

    def default_endpoint(self, values):
        return f"https://bedrock-runtime.{aws.region(values) or 'us-east-1'}.amazonaws.com"

    def describe(self, route):
        return route["region"] + (f" via {route['base_url']}" if "base_url" in route else "")

    def status(self, eff, layers):
        region = aws.region(eff.values)
        endpoint = eff.endpoint(self.base_url_var, self.default_endpoint(eff.values))
        endpoint["region"] = region or "the profile's region, else us-east-1"
        endpoint["region_variable"] = "AWS_REGION" if eff.on("AWS_REGION") else ("AWS_DEFAULT_REGION" if region else None)
        early, origin = eff.early(self.base_url_var)
        if early and early != endpoint["url"]:  # seen: the inference-profile lookup runs before project and
            # local settings apply, so it goes to the base URL of the shell (or the user settings)
            endpoint["first_request"] = {"url": early, "variable": self.base_url_var, "origin": origin}
        cred = self.skipped(eff)
        if cred:
            pass
        elif eff.on("AWS_BEARER_TOKEN_BEDROCK"):
            cred = eff.credential("AWS_BEARER_TOKEN_BEDROCK", self.secret_header)
        elif eff.on("AWS_ACCESS_KEY_ID"):
            cred = {"source": "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY", "origin": eff.where("AWS_ACCESS_KEY_ID"), "header": "AWS SigV4", "masked": None}
        elif eff.on("AWS_PROFILE"):
            cred = {"source": f"AWS_PROFILE={eff.get('AWS_PROFILE')}", "origin": eff.where("AWS_PROFILE"), "header": "AWS SigV4", "masked": None}
        else:
            export, layer = layers.first("awsCredentialExport")
            refresh, rlayer = layers.first("awsAuthRefresh")
            if export:
                cred = {"source": "awsCredentialExport", "origin": layer.path, "header": "AWS SigV4", "masked": None}
            elif refresh:
                cred = {"source": "awsAuthRefresh", "origin": rlayer.path, "header": "AWS SigV4", "masked": None}
            else:
                cred = aws.chain()
        return endpoint, cred

    def sent(self, eff, layers, main):
        """Seen with 2.1.197: AWS_BEARER_TOKEN_BEDROCK fills Authorization: Bearer; with the auth
        skipped, ANTHROPIC_AUTH_TOKEN (else the apiKeyHelper's output) does; with SigV4 the signed
        requests carry the signature and the others (model checks) the token.  ANTHROPIC_API_KEY
        goes along as x-api-key on every request."""
        if eff.on("AWS_BEARER_TOKEN_BEDROCK"):
            out = [sent_entry(eff, "AWS_BEARER_TOKEN_BEDROCK", BEARER)]
            from ..resolve import mask

            early, origin = eff.early("AWS_BEARER_TOKEN_BEDROCK")
            if early and early != eff.get("AWS_BEARER_TOKEN_BEDROCK"):  # seen: the inference-profile lookup runs
                # before project and local settings apply, with the shell's (or user settings') key
                out.append({"source": "AWS_BEARER_TOKEN_BEDROCK", "origin": origin, "header": BEARER, "masked": mask(early),
                            "certain": True})
        else:
            out = self.signed(eff, layers, main)
        if eff.on(API_KEY):
            out.append(sent_entry(eff, API_KEY, XKEY))
        return out

    def verify_offline(self, report, route_env, resolve_env, env):
        from ..verify import check_url, model_pin_note

        region = route_env.get("AWS_REGION", "")
        report.target = self.endpoint(route_env)
        if route_env.get(self.base_url_var):
            check_url(route_env[self.base_url_var], self.base_url_var)
            report.checked.append(f"{self.base_url_var} is https (or loopback)")
        aws.check_region(region)
        report.checked.append(f"AWS_REGION {region} is well formed")
        full = resolve_env()  # the bearer token, if the route keeps one, must be retrievable
        profile = route_env.get("AWS_PROFILE")
        if full.get(self.secret):
            report.auth = f"{self.secret} (retrievable) as Authorization: Bearer [redacted]"
            report.checked.append(f"the route's {self.secret} can be read")
        elif route_env.get(self.skip_auth):
            report.auth = f"none: {self.skip_auth} (a gateway signs the requests)"
        elif profile:
            aws.check_profile(report, profile, env)
        else:
            report.auth = "the default AWS credential chain"
        model_pin_note(report, route_env)
        report.not_checked += [
            "whether the AWS credentials are valid (verify makes no AWS call)",
            "model access in the region (Bedrock console: Model access)",
            "network reach to the Bedrock endpoint",
        ]
        report.outcome, report.message = "offline-ok", "the route is well formed; the AWS side was not contacted"



KIND = Bedrock()
