"""How long `coprod check` and `coprod build` take on a large site, next to Pelican.

Run it with `python benchmarks/bench_check.py` (add `--pages N` for another size). It writes
1,000 generated pages (`benchmarks/pages.py`) into a temporary folder, then times:

- `coprod check` in-process (the pipeline's `run()` up to the checks, as a warm editor plugin
  would run it) and as a subprocess (what a contributor or CI waits for, interpreter start
  included), without the cache;
- `coprod build --no-cache` and `pelican` on the same content, as subprocesses, one after the
  other in this run, and prints their ratio (`bench_build.py` compares whole builds).

Each figure is wall-clock time and CPU time (user + system, of the child process for the
subprocesses). On a busy machine the wall-clock time grows with the load; the CPU time is the
steadier figure to compare between commits. Nothing is asserted: the figures are for people
to read.
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from pages import TODAY, average_words, generate


def timed(command: list[str], cwd: Path) -> tuple[str, tuple, subprocess.CompletedProcess]:
    """Run a command: its wall-clock and CPU time as text and as numbers, and the result."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return f"{wall:6.2f} s wall, {cpu:6.2f} s CPU", (wall, cpu), done


def in_process(function, *args):
    started, cpu = time.perf_counter(), time.process_time()
    value = function(*args)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return f"{wall:6.2f} s wall, {cpu:6.2f} s CPU", value


def stages(config, options) -> None:
    """CPU time of each stage up to the checks and of each rule, in this process (one job, no
    cache), to show where the time goes."""
    from dataclasses import replace

    import markdown

    from coprod_site import build
    from coprod_site.checks import CheckContext, registry

    options = replace(options, jobs=1, cache=False)
    cpu = time.process_time
    started = cpu()
    site, loaded = build.load(config)
    rows = [("load content and front matter", cpu() - started)]
    started = cpu()
    parsed = build.parse(config, site, options)
    rows.append(("parse Markdown and outline, file rules", cpu() - started))
    plain = markdown.Markdown(extensions=["fenced_code", "tables", "attr_list", "footnotes",
                                          "sane_lists", "def_list", "toc"])
    started = cpu()
    for resource in site.resources:
        plain.reset()
        plain.convert(resource.body)
    rows.append(("  of which Python-Markdown alone", cpu() - started))
    started = cpu()
    site_index = build.index(config, parsed.site)
    site_plan = build.plan(parsed.site, options)
    rows.append(("index and plan", cpu() - started))
    ctx = CheckContext(config, parsed.site, site_index, site_plan)
    for rule in registry():
        started = cpu()
        if rule.scope == "site":
            list(rule.function(ctx))
        else:
            for resource in parsed.site.resources:
                list(rule.function(resource, ctx))
        name = f"{rule.function.__module__.rsplit('.', 1)[-1]}.{rule.function.__name__}"
        rows.append((f"{rule.scope} rule {name}", cpu() - started))
    for name, seconds in rows:
        print(f"  {name:45s} {seconds:6.2f} s CPU")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--profile", action="store_true", help="profile the in-process check")
    parser.add_argument("--keep", action="store_true", help="keep the generated site")
    args = parser.parse_args()

    from coprod_site.build import Options, run
    from coprod_site.config import load_config

    root = Path(tempfile.mkdtemp(prefix="coprod-bench-"))
    try:
        generate(root, args.pages)
        print(f"{args.pages} pages, {average_words(root):.0f} words a page on average, in {root}")
        today = TODAY
        options = Options(today=date.fromisoformat(today), cache=False)
        config = load_config(root)

        if args.profile:
            import cProfile
            import pstats
            profiler = cProfile.Profile()
            profiler.runcall(run, config, options)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        first, result = in_process(run, config, options)
        again, _ = in_process(run, config, options)
        print(f"coprod check, in-process:  {first} (first run: {result.errors} errors, "
              f"{result.warnings} warnings)")
        print(f"coprod check, in-process:  {again} (again, dictionary already read)")
        stages(config, options)

        coprod = [sys.executable, "-m", "coprod_site"]
        figures, _, done = timed([*coprod, "check", "--today", today, "-q", "--no-cache"],
                                 root)
        print(f"coprod check, subprocess:  {figures} (exit {done.returncode})")
        figures, build_times, done = timed([*coprod, "build", "--today", today, "-q",
                                              "--no-cache"], root)
        print(f"coprod build, subprocess:  {figures} (exit {done.returncode})")
        if done.returncode:
            print(done.stdout[-2000:], done.stderr[-2000:])
        if importlib.util.find_spec("pelican") is None:
            print("pelican is not installed (pip install -e '.[bench]'): no comparison")
            return 0
        figures, pelican_times, done = timed(
            [sys.executable, "-m", "pelican", "pelican-content", "-o", "pelican-output", "-s", "pelicanconf.py", "-q"],
            root)
        print(f"pelican, subprocess:       {figures} (exit {done.returncode})")
        if done.returncode:
            print(done.stdout[-2000:], done.stderr[-2000:])
        print(f"coprod build / pelican:    {build_times[0] / pelican_times[0]:.2f} wall, "
              f"{build_times[1] / pelican_times[1]:.2f} CPU")
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
