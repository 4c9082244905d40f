"""Build the same generated site with coprod and with Pelican followed by Pagefind, and compare.

Run it with the virtual environment the hub is installed in (`pip install -e '.[bench]'`):

    python benchmarks/bench_build.py [--pages 1000 5000] [--runs 5] [--quick] [--keep]

`--quick` means 1,000 pages and one run. For each size it writes the pages of
`benchmarks/pages.py` (the same Markdown bodies for both engines) into a temporary folder and
times, alternating coprod and Pelican in this session (coprod first on odd runs):

1. cold build: coprod with no `.coprod-cache/` and no output folder (and `--no-cache` when
   `coprod build --help` lists it), against Pelican with no cache into a fresh folder followed
   by `python -m pagefind --site` over Pelican's output;
2. rebuild after editing one page's text: coprod with the cache of its previous build, against
   Pelican with its content cache (`CACHE_CONTENT`, `LOAD_CONTENT_CACHE`), which builds no
   search index;
3. CI with the cache kept: the `.coprod-cache/` of an earlier build restored, no output folder,
   every content file's modification time new (as after a checkout) and 5 pages changed,
   against Pelican + Pagefind cold.

On the cold builds it also reports peak memory and cores used. Memory is the resident set
size, sampled every 20 ms over the process tree (the tree walked again every 100 ms): coprod's
main process, all its processes at once (workers; Pagefind apart; also as proportional set
size, which counts pages the workers share once), the Pagefind it runs, Pelican, and Pagefind
over Pelican's output. Cores used is CPU time (user + system, of the whole process tree) over
wall-clock time. On a busy machine wall-clock time grows with the load; CPU-time ratios,
printed beside the wall-clock ones, are steadier.

Both sides run from compiled modules (`__pycache__`), as after any installation and first run:
pip compiles Pelican's and Pagefind's when it installs them, but Python cannot compile
coprod-site's editable sources for later runs where PYTHONDONTWRITEBYTECODE is set (some CI
machines and containers set it), so the script compiles them first.

Figures are medians over the runs; ratios are coprod's over Pelican's (+ Pagefind's). The
targets printed beside them are issue 10's. The machine's load is printed at the start and
the end. Every run goes into `benchmarks/results/build-<time>.json`.
Nothing is asserted: the figures are for people to read.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

from pages import TODAY, average_words, generate, page_files

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
SAMPLE_SECONDS = 0.02
WALK_EVERY = 5
MIB = 1024 * 1024
CACHE, OUTPUT = ".coprod-cache", "public"
PELICAN_OUTPUT, PELICAN_CACHE = "pelican-output", "pelican-cache"
CI_CHANGES = 5


class BenchError(Exception):
    """A build failed or a tool is missing; the message says which and what to do."""


@dataclass(frozen=True)
class Run:
    """One command: wall-clock and CPU seconds (whole tree), peak memory in MiB, exit status.

    `main_mib` is the resident size of the process started, `ours_mib` the most the tree held
    at once outside Pagefind (resident sizes added up; `ours_pss_mib` the same as proportional
    sizes), `pagefind_mib` the most its Pagefind processes held at once, `processes` the most
    processes alive at once.
    """

    wall: float
    cpu: float
    main_mib: float
    ours_mib: float
    ours_pss_mib: float
    pagefind_mib: float
    processes: int
    exit: int


def _sample(pid: int, stop: threading.Event, peaks: dict[str, int]) -> None:
    """Record in `peaks` the memory of process `pid` and its descendants until `stop` is set.

    Every sample reads each process's resident set size; every walk of the tree also reads the
    proportional set size (shared pages split between the processes sharing them) of the
    processes outside Pagefind, as the sum of resident sizes counts forked workers' shared
    pages once in each worker.
    """
    import psutil

    def is_pagefind(process: psutil.Process) -> bool | None:
        """Pagefind's binary, or the `python -m pagefind` that starts it; None once ended."""
        try:
            return "pagefind" in " ".join(process.cmdline()[:3])
        except psutil.Error:
            return None

    try:
        root = psutil.Process(pid)
    except psutil.Error:
        return
    tree: list[tuple[psutil.Process, bool]] = []
    samples = 0
    while not stop.is_set():
        walk = samples % WALK_EVERY == 0
        if walk:
            try:
                found = [root, *root.children(recursive=True)]
            except psutil.Error:
                return
            tree = [(p, flag) for p in found if (flag := is_pagefind(p)) is not None]
        samples += 1
        ours = pagefind = pss = 0
        for process, in_pagefind in tree:
            try:
                rss = process.memory_info().rss
                pss += process.memory_full_info().pss if walk and not in_pagefind else 0
            except psutil.Error:
                continue
            if process is root:
                peaks["main"] = max(peaks["main"], rss)
            if in_pagefind:
                pagefind += rss
            else:
                ours += rss
        peaks["ours"] = max(peaks["ours"], ours)
        peaks["ours_pss"] = max(peaks["ours_pss"], pss)
        peaks["pagefind"] = max(peaks["pagefind"], pagefind)
        peaks["processes"] = max(peaks["processes"], len(tree))
        stop.wait(SAMPLE_SECONDS)


def run(command: list[str], cwd: Path) -> tuple[Run, str]:
    """Run `command` in `cwd`, sampling its process tree: the figures and its output."""
    peaks = dict.fromkeys(("main", "ours", "ours_pss", "pagefind", "processes"), 0)
    stop = threading.Event()
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        sampler = threading.Thread(target=_sample, args=(process.pid, stop, peaks))
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        stop.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", errors="replace")
    figures = Run(wall, usage.ru_utime + usage.ru_stime,
                  *(peaks[k] / MIB for k in ("main", "ours", "ours_pss", "pagefind")),
                  peaks["processes"], process.returncode)
    if figures.exit:
        tail = "\n".join(output.splitlines()[-15:])
        raise BenchError(f"`{' '.join(command)}` failed (exit {figures.exit}) in {cwd}:\n{tail}")
    return figures, output


class Site:
    """The generated pages in `root`, and the commands that build them."""

    def __init__(self, root: Path, pages: int, coprod_flags: set[str]) -> None:
        self.root, self.pages, self.flags = root, pages, coprod_flags
        self.runs: dict[str, dict[str, list[Run]]] = defaultdict(lambda: defaultdict(list))
        self.indexed: list[int] = []

    def clear(self, *names: str) -> None:
        """Delete these folders of the site, if they are there."""
        for name in names:
            shutil.rmtree(self.root / name, ignore_errors=True)

    def coprod(self, scenario: str | None, cold: bool = False) -> None:
        """Build with coprod (recorded under `scenario` unless None); `cold` starts from nothing."""
        command = [sys.executable, "-m", "coprod_site", "build", "--today", TODAY, "--quiet"]
        if cold:
            self.clear(CACHE, OUTPUT)
            command += ["--no-cache"] if "--no-cache" in self.flags else []
        self._record(scenario, "coprod", run(command, self.root)[0])

    def pelican(self, scenario: str | None, cached: bool = False) -> None:
        """Build with Pelican, with its content cache or else from nothing and then Pagefind."""
        command = [sys.executable, "-m", "pelican", "pelican-content", "-o", PELICAN_OUTPUT,
                   "-s", "pelicanconf.py", "--quiet"]
        if cached:
            command += ["-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true",
                        "--cache-path", PELICAN_CACHE]
        else:
            self.clear(PELICAN_OUTPUT, PELICAN_CACHE)
        self._record(scenario, "pelican", run(command, self.root)[0])
        if not cached:
            figures, output = run([sys.executable, "-m", "pagefind", "--site", PELICAN_OUTPUT],
                                  self.root)
            self._record(scenario, "pagefind", figures)
            self.indexed += [int(n) for n in re.findall(r"Indexed (\d+) pages", output)]

    def _record(self, scenario: str | None, engine: str, figures: Run) -> None:
        if scenario is None:
            return
        self.runs[scenario][engine].append(figures)
        print(f"    {scenario:8} {engine:9} {figures.wall:7.2f} s wall {figures.cpu:7.2f} s CPU "
              f"{figures.main_mib:6.0f} MiB", flush=True)

    def edit(self, indexes: list[int], mark: str) -> dict[Path, str]:
        """Add a sentence to the end of each page, both engines' copies: the texts before."""
        before = {}
        for index in indexes:
            for path in page_files(self.root, index):
                before[path] = path.read_text(encoding="utf-8")
                path.write_text(f"{before[path]}\nEdit {mark}: ask the group what they need, "
                                "then plan the work with them.\n", encoding="utf-8")
        return before

    def touch_content(self) -> None:
        """Give every content file a new modification time, as a fresh checkout does."""
        for path in (self.root / "content").rglob("*"):
            os.utime(path)


def alternated(index: int, *sides) -> None:
    """Run the sides in order on even runs and in reverse on odd ones."""
    for side in sides if index % 2 == 0 else reversed(sides):
        side()


def bench_size(site: Site, runs: int) -> bool:
    """Time the three scenarios on `site`; whether coprod kept a cache between builds."""
    for index in range(runs):
        alternated(index, lambda: site.coprod("cold", cold=True), lambda: site.pelican("cold"))

    site.coprod(None)
    site.pelican(None, cached=True)
    cached = (site.root / CACHE).is_dir()
    edits = random.Random(1)
    for index in range(runs):
        site.edit([edits.randrange(site.pages)], f"{index + 1}")
        alternated(index, lambda: site.coprod("rebuild"),
                   lambda: site.pelican("rebuild", cached=True))

    site.coprod(None)
    kept = site.root / "kept-cache"
    if cached:
        shutil.copytree(site.root / CACHE, kept)

    def ci_build() -> None:
        site.clear(CACHE, OUTPUT)
        if cached:
            shutil.copytree(kept, site.root / CACHE)
        site.touch_content()
        site.coprod("ci")

    for index in range(runs):
        before = site.edit(edits.sample(range(site.pages), CI_CHANGES), f"CI {index + 1}")
        alternated(index, ci_build, lambda: site.pelican("ci"))
        for path, text in before.items():
            path.write_text(text, encoding="utf-8")
    return cached


def medians(runs: dict[str, dict[str, list[Run]]]) -> dict[str, dict[str, float]]:
    """Median of each figure, per scenario and engine; `pelican+pagefind` run by run."""
    table: dict[str, dict[str, float]] = {}
    for scenario, engines in runs.items():
        for engine, figures in engines.items():
            table[f"{scenario}.{engine}"] = {
                field: statistics.median(getattr(f, field) for f in figures)
                for field in ("wall", "cpu", "main_mib", "ours_mib", "ours_pss_mib", "pagefind_mib")}
            table[f"{scenario}.{engine}"]["cores"] = statistics.median(
                f.cpu / f.wall for f in figures)
        if "pagefind" in engines:
            table[f"{scenario}.pelican+pagefind"] = {
                field: statistics.median(getattr(p, field) + getattr(f, field)
                                         for p, f in zip(engines["pelican"], engines["pagefind"]))
                for field in ("wall", "cpu")}
    return table


def report(pages: int, words: float, runs: int, table: dict, cached: bool,
           indexed: list[int]) -> None:
    def wall(key: str) -> str:
        return f"{table[key]['wall']:7.2f} s" if key in table else f"{'-':>9}"

    def ratio(ours: str, theirs: str, field: str) -> float:
        return table[ours][field] / table[theirs][field]

    print(f"\n{pages:,} pages, {words:.0f} words a page, median of {runs} run(s)")
    print(f"  {'wall-clock time':34} {'coprod':>9} {'Pelican':>9} {'+Pagefind':>9}  {'ratio':>6}"
          f"  {'target':8}  CPU-time ratio")
    rows = (("cold build", "cold", "cold.pelican+pagefind", "<= 0.70x"),
            ("rebuild after editing one page", "rebuild", "rebuild.pelican", "< 1.00x"),
            (f"CI, cache kept, {CI_CHANGES} pages changed", "ci", "ci.pelican+pagefind",
             "<= 0.25x"))
    for label, scenario, theirs, target in rows:
        ours = scenario + ".coprod"
        print(f"  {label:34} {wall(ours)} {wall(scenario + '.pelican')} "
              f"{wall(scenario + '.pelican+pagefind')}  {ratio(ours, theirs, 'wall'):5.2f}x"
              f"  {target:8}  {ratio(ours, theirs, 'cpu'):5.2f}x")
    print("  Pelican's cached rebuild builds no search index; CI is compared with Pelican + "
          "Pagefind cold.")
    if indexed:
        print(f"  Pagefind indexed {statistics.median(indexed):.0f} of Pelican's pages "
              "(Pelican's pages mark no data-pagefind-body: every page is indexed).")
    if not cached:
        print(f"  coprod kept no {CACHE}/ after a build: its rebuild and CI builds are full "
              "builds.")
    cold, pelican = table["cold.coprod"], table["cold.pelican"]
    print("  peak memory on a cold build (resident, MiB):")
    for label, mib, target in (
            ("coprod, main process", cold["main_mib"], "below Pelican's at 5,000 pages"),
            ("coprod, all processes (Pagefind apart)", cold["ours_mib"],
             "below twice Pelican's at 5,000 pages"),
            ("  the same, shared pages counted once", cold["ours_pss_mib"],
             "(proportional set size)"),
            ("Pagefind run by coprod", cold["pagefind_mib"], ""),
            ("Pelican", pelican["main_mib"], ""),
            ("Pagefind over Pelican's output", table["cold.pagefind"]["main_mib"], "")):
        share = f"{mib / pelican['main_mib']:5.2f}x Pelican's" if target else ""
        print(f"    {label:40} {mib:6.0f}  {share}  {target}".rstrip())
    print(f"  cores used on a cold build (CPU time / wall time): coprod {cold['cores']:.2f} "
          f"({cold['cpu']:.1f} s / {cold['wall']:.1f} s; target >= 1.6), Pelican "
          f"{pelican['cores']:.2f}, Pagefind over Pelican's output "
          f"{table['cold.pagefind']['cores']:.2f}")


def compile_coprod() -> None:
    """Compile coprod-site's modules, as Pelican's are (see the module's docstring)."""
    import compileall
    import coprod_site
    if not compileall.compile_dir(Path(coprod_site.__file__).parent, quiet=1):
        raise BenchError("coprod-site's modules could not be compiled (see above).")


def coprod_flags() -> set[str]:
    """The options `coprod build --help` lists, so the script runs before and after they exist."""
    done = subprocess.run([sys.executable, "-m", "coprod_site", "build", "--help"],
                          capture_output=True, text=True)
    if done.returncode:
        raise BenchError(f"`coprod build --help` failed: {done.stderr.strip()[-400:]}")
    return set(re.findall(r"--[a-z][a-z-]*", done.stdout))


def machine() -> dict:
    load = os.getloadavg()
    return {"load": [round(n, 2) for n in load], "cores": os.cpu_count(),
            "usable_cores": len(os.sched_getaffinity(0))}


def commit() -> dict:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=HERE, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""
    return {"commit": git("rev-parse", "HEAD"), "changed": bool(git("status", "--porcelain"))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", help="sizes (default 1000 5000)")
    parser.add_argument("--runs", type=int, help="runs of each build (default 5)")
    parser.add_argument("--quick", action="store_true", help="1,000 pages, one run")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    args = parser.parse_args()
    sizes = args.pages or ([1000] if args.quick else [1000, 5000])
    runs = args.runs or (1 if args.quick else 5)

    for module, name in (("psutil", "psutil"), ("pelican", "Pelican"), ("pagefind", "Pagefind"),
                         ("coprod_site", "coprod-site")):
        if importlib.util.find_spec(module) is None:
            print(f"{name} is not installed for {sys.executable}. Run: pip install -e '.[bench]'")
            return 2
    started = datetime.now(timezone.utc)
    before = machine()
    print(f"{before['cores']} cores ({before['usable_cores']} usable); load average "
          f"{before['load']} (1, 5, 15 min) at the start", flush=True)
    results = {"command": sys.argv, "started": started.isoformat(timespec="seconds"),
               "machine_at_start": before, "python": platform.python_version(),
               "versions": {n: version(n) for n in ("coprod-site", "pelican", "pagefind")},
               **commit(), "sizes": []}
    workdir = Path(tempfile.mkdtemp(prefix="coprod-bench-build-"))
    try:
        compile_coprod()
        flags = coprod_flags()
        results["coprod_flags"] = sorted(flags & {"--no-cache", "--jobs"})
        print(f"coprod build options found: {', '.join(results['coprod_flags']) or 'none'} "
              "(of --no-cache, --jobs)")
        for pages in sizes:
            site = Site(workdir / f"{pages}-pages", pages, flags)
            generate(site.root, pages)
            words = average_words(site.root)
            print(f"\n{pages:,} pages generated in {site.root}", flush=True)
            cached = bench_size(site, runs)
            table = medians(site.runs)
            report(pages, words, runs, table, cached, site.indexed)
            results["sizes"].append({
                "pages": pages, "words_a_page": round(words), "runs": runs,
                "coprod_kept_cache": cached, "pelican_pages_indexed": site.indexed,
                "medians": table,
                "every_run": {s: {e: [asdict(f) for f in figures] for e, figures in engines.items()}
                              for s, engines in site.runs.items()}})
    except BenchError as error:
        print(f"\n{error}\nThe generated sites are kept in {workdir}.")
        return 1
    after = machine()
    results["machine_at_end"] = after
    print(f"\nload average {after['load']} (1, 5, 15 min) at the end")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"build-{started:%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {out}")
    if args.keep:
        print(f"generated sites kept in {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
