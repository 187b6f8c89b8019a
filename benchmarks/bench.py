#!/usr/bin/env python3
"""Hot-path benchmark: ccswitch commands as ratios to `python -c pass`, measured side by side.

    python benchmarks/bench.py [--rounds N] [--check]

Every command runs once per round, in rotating order, so drift in machine load hits all of
them alike; the median of each is compared with the median of `python -c pass` from the
same rounds.  Budgets (from the project's non-negotiables):

    use (route without secrets)        <= 3.0 x python -c pass
    list --names                       <= 3.0 x
    use, 500-route store / 1-route     <= 1.3 x

Bytecode is compiled first, as `pip install` does, so the figures are what users get.
--check exits 1 when a budget is exceeded (not used in CI: timing is not a test).
"""

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
CCSWITCH = str(BIN / "ccswitch")


def make_store(directory, count):
    directory.mkdir(parents=True, exist_ok=True)
    lines = ["version = 1\n"]
    for i in range(count):
        lines.append(
            f'\n[routes.route-{i}]\nkind = "vertex"\nproject = "project-{i}"\nregion = "us-east5"\n'
            f'model = "claude-sonnet-4@2025"\n\n[routes.route-{i}.env]\nANTHROPIC_DEFAULT_HAIKU_MODEL = "haiku-{i}"\n'
        )
    store = directory / "routes.toml"
    store.write_text("".join(lines))
    old = time.time() - 3600  # settled: the cache may be used
    os.utime(store, (old, old))


def run_once(argv, env):
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
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
    make_store(one, 1)
    make_store(many, 500)
    base = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp), "LANG": "C.UTF-8"}
    env_one = {**base, "CCSWITCH_HOME": str(one)}
    env_many = {**base, "CCSWITCH_HOME": str(many)}
    env_hook = {**env_one, "CCSWITCH_SHELL": "bash"}

    cases = {
        "python -c pass": ([sys.executable, "-c", "pass"], base),
        "use (1 route)": ([CCSWITCH, "use", "route-0", "--shell", "bash"], env_one),
        "use (500 routes)": ([CCSWITCH, "use", "route-499", "--shell", "bash"], env_many),
        "use via hook (CCSWITCH_SHELL)": ([CCSWITCH, "use", "route-0"], env_hook),
        "use, shell detected": ([CCSWITCH, "use", "route-0"], {**env_one, "SHELL": "/bin/bash"}),
        "reset": ([CCSWITCH, "reset", "--shell", "bash"], env_one),
        "list --names (1 route)": ([CCSWITCH, "list", "--names"], env_one),
        "list --names (500 routes)": ([CCSWITCH, "list", "--names"], env_many),
    }
    for name in shells.names():
        if name not in ("bash",):
            cases[f"use --shell {name}"] = ([CCSWITCH, "use", "route-0", "--shell", name], env_one)

    for argv, env in cases.values():  # warm up: caches written, files in the page cache
        run_once(argv, env)
        run_once(argv, env)
    times = {name: [] for name in cases}
    names = list(cases)
    for r in range(args.rounds):
        order = names[r % len(names):] + names[: r % len(names)]
        for name in order:
            argv, env = cases[name]
            times[name].append(run_once(argv, env))

    med = {name: statistics.median(t) * 1000 for name, t in times.items()}
    base_ms = med["python -c pass"]
    print(f"{'case':<32} {'median ms':>10} {'x python':>9}")
    for name in names:
        print(f"{name:<32} {med[name]:>10.1f} {med[name] / base_ms:>9.2f}")
    checks = [
        ("use (1 route) <= 3x python", med["use (1 route)"] / base_ms, 3.0),
        ("use via hook <= 3x python", med["use via hook (CCSWITCH_SHELL)"] / base_ms, 3.0),
        ("list --names (500) <= 3x python", med["list --names (500 routes)"] / base_ms, 3.0),
        ("use 500 routes / 1 route <= 1.3x", med["use (500 routes)"] / med["use (1 route)"], 1.3),
    ]
    for name in names:
        if name.startswith("use --shell "):
            checks.append((f"{name} <= 3x python", med[name] / base_ms, 3.0))
    print()
    failed = False
    for label, ratio, budget in checks:
        ok = ratio <= budget
        failed |= not ok
        print(f"{'ok  ' if ok else 'OVER'} {label:<40} {ratio:.2f}")
    return 1 if (failed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
