"""What the AWS-hosted kinds share (bedrock, mantle, anthropic-aws): the region the client
takes, the default AWS credential chain, offline checks of a region and a profile, and the
base of the two kinds that speak the Anthropic API on an `*.api.aws` host.  Not a unit."""

from . import Kind

GENERAL = ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")
FALLBACKS = {"region": ("AWS_DEFAULT_REGION",)}


def region(values):
    """The client's region: AWS_REGION, else AWS_DEFAULT_REGION (else us-east-1 or the profile's)."""
    return values.get("AWS_REGION") or values.get("AWS_DEFAULT_REGION")


def chain():
    return {"source": "the default AWS credential chain", "origin": "AWS SDK", "header": "AWS SigV4", "masked": None}


def check_region(value, var="AWS_REGION"):
    import re

    from ..verify import Outcome

    if not re.fullmatch(r"[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+", value):
        raise Outcome("config", f"{var} {value!r} does not look like an AWS region (us-east-1, eu-west-3…)")


def _sections(path, prefix):
    import configparser

    parser = configparser.RawConfigParser()
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError):
        return None
    names = set()
    for section in parser.sections():
        if section == "default":
            names.add("default")
        elif prefix and section.startswith(prefix):
            names.add(section[len(prefix):].strip())
        elif not prefix:
            names.add(section.strip())
    return names


def check_profile(report, profile, env):
    """The profile exists in the AWS config files (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE)."""
    import os

    from ..verify import Outcome

    home = env.get("HOME") or os.path.expanduser("~")
    report.auth = f"AWS profile {profile}"
    config = env.get("AWS_CONFIG_FILE") or os.path.join(home, ".aws", "config")
    creds = env.get("AWS_SHARED_CREDENTIALS_FILE") or os.path.join(home, ".aws", "credentials")
    known = (_sections(config, "profile ") or set()) | (_sections(creds, "") or set())
    if profile not in known:
        raise Outcome("config", f"AWS profile {profile!r} is in neither {config} nor {creds}; create it "
                      f"(`aws configure --profile {profile}` or `aws configure sso`)")
    report.checked.append(f"AWS profile {profile} exists in the AWS config files")


class AnthropicOnAws(Kind):
    """A kind that speaks the Anthropic Messages API on an AWS host: its own key (sent as
    `secret_header`) or SigV4 from the default chain; the endpoint from a region or a base URL."""

    ENDPOINT = ""  # format string with {region}
    needs = "--region or --base-url"
    general = GENERAL
    fallbacks = FALLBACKS
    verify_online = True

    def default_endpoint(self, values):
        return self.ENDPOINT.format(region=region(values) or "us-east-1")

    def check(self, name, route):
        if "region" not in route and "base_url" not in route:
            from ..errors import UsageError

            raise UsageError(f"route {name!r}: a {self.name} route needs --region or --base-url")

    def status(self, eff, layers):
        endpoint = eff.endpoint(self.base_url_var, self.default_endpoint(eff.values))
        cred = self.skipped(eff)
        if cred is None and eff.on(self.secret):
            cred = eff.credential(self.secret, self.secret_header)
        return endpoint, cred or chain()

    def verify_offline(self, report, route_env, resolve_env, env):
        if route_env.get("AWS_REGION"):
            check_region(route_env["AWS_REGION"])
            report.checked.append(f"AWS_REGION {route_env['AWS_REGION']} is well formed")
        if route_env.get(self.skip_auth):
            report.auth = f"none: {self.skip_auth} (a gateway signs the requests)"
        elif route_env.get("AWS_PROFILE"):
            check_profile(report, route_env["AWS_PROFILE"], env)
        else:
            report.auth = "the default AWS credential chain (SigV4)"
        report.not_checked.append("AWS-signed requests: verify makes no AWS call")
        report.outcome, report.message = "offline-ok", "the route is well formed; the AWS side was not contacted"
