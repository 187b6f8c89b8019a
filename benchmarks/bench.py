#!/usr/bin/env python3
"""Hot-path benchmark: ccswitch commands as ratios to `python -c pass`, measured side by side.

    python benchmarks/bench.py [--rounds N] [--check]

Every case runs once per round, in rotating order, so drift in machine load hits all of them
alike; the median of each is compared with the median of `python -c pass` from the same rounds.
Budgets (the project's non-negotiables):

    use, route without secrets (--shell bash)     <= 2.5 x python -c pass
    use without --shell, run from bash            <= 2.5 x python -c pass run from bash
    list --names (500 routes)                     <= 2.5 x
    use, 500-route store / 1-route store          <= 1.1 x
    a switch under the hook / direnv's export     <= 1.0 x   (when direnv is installed)
    dir (entering a project, as the hook runs it) <= 2.5 x

"Under the hook" is the way the hooks start the program: the interpreter ccswitch is installed
in, `-I -c` calling main (no console-script wrapper).  direnv's counterpart is `direnv export
bash` in a folder whose allowed `.envrc` it loads (a switch; without one it exits at once).
The prompt segment runs no process at all, so it is not measured here.

Bytecode is compiled first, as `pip install` does, so the figures are what users get.
--check exits 1 when a budget is exceeded (not used in CI: timing is not a test).
"""

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
CCSWITCH = str(BIN / "ccswitch")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def make_store(directory, count, account=None):
    directory.mkdir(parents=True, exist_ok=True)
    lines = ["version = 1\n"]
    if account is not None:  # a subscription account in a folder of its own
        lines.append(f'\n[routes.account]\nkind = "login"\nconfig_dir = "{account}"\n')
    for i in range(count):
        lines.append(
            f'\n[routes.route-{i}]\nkind = "vertex"\nproject = "project-{i}"\nregion = "us-east5"\n'
            f'model = "claude-sonnet-4@2025"\n\n[routes.route-{i}.env]\nANTHROPIC_DEFAULT_HAIKU_MODEL = "haiku-{i}"\n'
        )
    store = directory / "routes.toml"
    store.write_text("".join(lines))
    old = time.time() - 3600  # settled: the cache may be used
    os.utime(store, (old, old))


def run_once(argv, env, cwd=None):
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--check", action="store_true", help="exit 1 when a budget is exceeded")
    args = parser.parse_args()

    import ccswitch
    from ccswitch import shells

    compileall.compile_dir(os.path.dirname(ccswitch.__file__), quiet=1)
    tmp = Path(tempfile.mkdtemp(prefix="ccswitch-bench-"))
    one, many = tmp / "one", tmp / "many"
    make_store(one, 1, account=tmp / "account")
    make_store(many, 500)
    base = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp), "LANG": "C.UTF-8", "CCSWITCH_QUIET": "1"}
    env_one = {**base, "CCSWITCH_HOME": str(one)}
    env_many = {**base, "CCSWITCH_HOME": str(many)}
    hook = [sys.executable, "-I", "-c", shells.MAIN]  # how every hook starts the program

    # A project the hook enters: an allowed .ccswitch (and, for direnv, an allowed .envrc).
    project = tmp / "project"
    project.mkdir()
    (project / ".ccswitch").write_text('route = "route-0"\n')
    subprocess.run([CCSWITCH, "allow", str(project)], env=env_one, check=True, capture_output=True)
    direnv = shutil.which("direnv")
    env_direnv = {**base, "XDG_DATA_HOME": str(tmp / "direnv-data"), "XDG_CONFIG_HOME": str(tmp / "direnv-config")}
    if direnv:
        (project / ".envrc").write_text("export ANTHROPIC_MODEL=claude-sonnet-4@2025\nexport CLOUD_ML_REGION=us-east5\n")
        subprocess.run([direnv, "allow", str(project)], env=env_direnv, check=True, capture_output=True)

    cases = {
        "python -c pass": ([sys.executable, "-c", "pass"], base, None),
        "use (1 route)": ([CCSWITCH, "use", "route-0", "--shell", "bash"], env_one, None),
        "use (500 routes)": ([CCSWITCH, "use", "route-499", "--shell", "bash"], env_many, None),
        "use (an account)": ([CCSWITCH, "use", "account", "--shell", "bash"], env_one, None),
        "use under the hook": ([*hook, "use", "route-0", "--shell", "bash"], env_one, None),
        "use under the hook (500)": ([*hook, "use", "route-499", "--shell", "bash"], env_many, None),
        "dir under the hook (enter)": ([*hook, "dir", "--shell", "bash", "--", str(project / ".ccswitch")], env_one, None),
        # without --shell: from a shell (as `eval "$(ccswitch use NAME)"` runs it: the parent is
        # read from /proc), compared with python started the same way; and from a non-shell
        # parent, where shellingham walks the process tree
        "python -c pass, from bash": (["bash", "-c", f"'{sys.executable}' -c pass; :"], base, None),
        "use, detected from bash": (["bash", "-c", f"'{CCSWITCH}' use route-0; :"], env_one, None),
        "use, detected by shellingham": ([CCSWITCH, "use", "route-0"], {**env_one, "SHELL": "/bin/bash"}, None),
        "reset": ([CCSWITCH, "reset", "--shell", "bash"], env_one, None),
        "list --names (1 route)": ([CCSWITCH, "list", "--names"], env_one, None),
        "list --names (500 routes)": ([CCSWITCH, "list", "--names"], env_many, None),
    }
    if direnv:
        cases["direnv export bash (.envrc)"] = ([direnv, "export", "bash"], env_direnv, str(project))
    for name in shells.names():
        if name != "bash":
            cases[f"use --shell {name}"] = ([CCSWITCH, "use", "route-0", "--shell", name], env_one, None)

    for argv, env, cwd in cases.values():  # warm up: caches written, files in the page cache
        run_once(argv, env, cwd)
        run_once(argv, env, cwd)
    times = {name: [] for name in cases}
    names = list(cases)
    for r in range(args.rounds):
        order = names[r % len(names):] + names[: r % len(names)]
        for name in order:
            argv, env, cwd = cases[name]
            times[name].append(run_once(argv, env, cwd))

    med = {name: statistics.median(t) * 1000 for name, t in times.items()}
    base_ms = med["python -c pass"]
    print(f"{'case':<32} {'median ms':>10} {'x python':>9}")
    for name in names:
        print(f"{name:<32} {med[name]:>10.1f} {med[name] / base_ms:>9.2f}")
    checks = [
        ("use (1 route) <= 2.5x python", med["use (1 route)"] / base_ms, 2.5),
        ("use (an account) <= 2.5x python", med["use (an account)"] / base_ms, 2.5),
        ("use under the hook <= 2.5x python", med["use under the hook"] / base_ms, 2.5),
        ("use detected from bash <= 2.5x python", med["use, detected from bash"] / med["python -c pass, from bash"], 2.5),
        ("list --names (500) <= 2.5x python", med["list --names (500 routes)"] / base_ms, 2.5),
        ("use 500 routes / 1 route <= 1.1x", med["use (500 routes)"] / med["use (1 route)"], 1.1),
        ("hook: 500 routes / 1 route <= 1.1x", med["use under the hook (500)"] / med["use under the hook"], 1.1),
        ("dir under the hook <= 2.5x python", med["dir under the hook (enter)"] / base_ms, 2.5),
    ]
    if direnv:
        checks.append(("hook switch / direnv export <= 1.0x", med["use under the hook"] / med["direnv export bash (.envrc)"], 1.0))
        checks.append(("hook dir / direnv export <= 1.0x", med["dir under the hook (enter)"] / med["direnv export bash (.envrc)"], 1.0))
    else:
        print("\n(direnv is not installed: the comparison with `direnv export bash` is left out)")
    for name in names:
        if name.startswith("use --shell "):
            checks.append((f"{name} <= 2.5x python", med[name] / base_ms, 2.5))
    print()
    failed = False
    for label, ratio, budget in checks:
        ok = ratio <= budget
        failed |= not ok
        print(f"{'ok  ' if ok else 'OVER'} {label:<40} {ratio:.2f}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 1 if (failed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
