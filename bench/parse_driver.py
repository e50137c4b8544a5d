#!/usr/bin/env python3
"""Driver for `make bench-parse` (started by bench/parse.sh; see bench/README.md).

Two modes:
  parse_driver.py run --feedsift BIN --saxfloor BIN --corpus DIR [--runs N] [--cpu N] [--out DIR]
      Times each contender over every file of the corpus, one process per run, and prints the table.
  parse_driver.py worker {feedparser,fastfeedparser} FILE...
      Parses each file with that Python library and writes json.dumps(result, default=str) to
      stdout, one document a line; the last line on stderr is "files N items M errors E".

Only the standard library is used here; the worker mode needs the venv with the two parsers.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

# Targets from the issue: feedsift vs each contender.
TARGET_VS_FASTFEEDPARSER = 2.0   # at least this many times faster
TARGET_VS_FEEDPARSER = 50.0      # at least this many times faster
TARGET_VS_SAXFLOOR = 2.5         # at most this many times slower
TARGET_LARGEST_RSS_MB = 64.0     # peak RSS on the largest file, MiB


# ---------------------------------------------------------------- worker mode

def worker(lib, files):
    if lib == "feedparser":
        import feedparser
        parse = feedparser.parse
    else:
        import fastfeedparser
        parse = fastfeedparser.parse
    out = sys.stdout
    items = errors = 0
    for path in files:
        with open(path, "rb") as f:
            data = f.read()
        try:
            result = parse(data)
        except Exception as e:  # fastfeedparser raises on what it cannot read; feedparser sets bozo
            errors += 1
            out.write(json.dumps({"source": path, "error": str(e)}))
            out.write("\n")
            continue
        items += len(result.get("entries", []) or [])
        out.write(json.dumps(result, default=str))
        out.write("\n")
    out.flush()
    print(f"files {len(files)} items {items} errors {errors}", file=sys.stderr)


# ---------------------------------------------------------------- run mode

def pick_cpu(wanted):
    allowed = sorted(os.sched_getaffinity(0))
    return wanted if wanted in allowed else allowed[0]


def run_once(argv, cpu, stdout_path):
    """Run argv pinned to `cpu`; return (wall seconds, max RSS in KiB, exit code, stdout, stderr).

    The child pins itself with sched_setaffinity before exec (what `taskset -c CPU` does), so no
    extra process sits between us and it, and os.wait4 gives that one process's own rusage."""
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    err_path = stdout_path + ".stderr" if stdout_path else None
    err = open(err_path, "wb") if err_path else subprocess.DEVNULL
    try:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                             preexec_fn=lambda: os.sched_setaffinity(0, {cpu}))
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if stdout_path:
            out.close()
            err.close()
    return wall, ru.ru_maxrss, p.returncode


def count_feedsift(path):
    items = errors = docs = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            o = json.loads(line)
            docs += 1
            if "error" in o:
                errors += 1
            items += len(o.get("items", []))
    return docs, items, errors


def count_saxfloor(path):
    # "<bytes> bytes <elements> elements <items> items"
    words = open(path).read().split()
    return int(words[words.index("items") - 1]), 0


def count_python(path):
    # last stderr line: "files N items M errors E"
    lines = [l for l in open(path + ".stderr").read().splitlines() if l.startswith("files ")]
    if not lines:
        raise SystemExit(f"bench: the Python worker printed no summary; see {path}.stderr")
    w = lines[-1].split()
    return int(w[3]), int(w[5])


def fmt_mb(kib):
    return f"{kib / 1024:.1f}"


def main_run(a):
    files = sorted(os.path.join(a.corpus, n) for n in os.listdir(a.corpus)
                   if os.path.isfile(os.path.join(a.corpus, n)))
    if not files:
        raise SystemExit(f"bench: no files in {a.corpus}")
    total_bytes = sum(os.path.getsize(f) for f in files)
    mb = total_bytes / 1e6
    largest = max(files, key=os.path.getsize)
    cpu = pick_cpu(a.cpu)
    os.makedirs(a.out, exist_ok=True)
    py = sys.executable
    me = os.path.abspath(__file__)

    contenders = [
        ("feedsift", [a.feedsift, "parse", "--json"] + files),
        ("libxml2 SAX floor", [a.saxfloor] + files),
        ("fastfeedparser", [py, me, "worker", "fastfeedparser"] + files),
        ("feedparser", [py, me, "worker", "feedparser"] + files),
    ]

    print(f"corpus: {a.corpus}: {len(files)} files, {total_bytes} bytes ({mb:.2f} MB, MB = 10^6 bytes)")
    print(f"pinned: every measured process runs on CPU {cpu} only "
          f"(sched_setaffinity before exec, same as taskset -c {cpu}); machine has {os.cpu_count()} CPUs")
    print(f"runs: best wall time of {a.runs} (after one untimed run that also counts the items); "
          f"output goes to /dev/null in timed runs; peak memory = max RSS of that one process "
          f"(os.wait4 rusage), highest over the timed runs")
    print(f"python: {sys.version.split()[0]}  " + versions())
    print(flush=True)

    # Untimed run first: warms the page cache and counts the items from each tool's own output.
    counts = {}
    for name, argv in contenders:
        cap = os.path.join(a.out, "count-" + name.split()[0].replace("/", "_") + ".out")
        print(f"  counting: {name} ...", file=sys.stderr, flush=True)
        wall, rss, rc = run_once(argv, cpu, cap)
        if name == "feedsift":
            if rc not in (0, 1):
                raise SystemExit(f"bench: feedsift exited {rc}; see {cap}.stderr")
            _, items, errors = count_feedsift(cap)
        elif name.startswith("libxml2"):
            if rc != 0:
                raise SystemExit(f"bench: saxfloor exited {rc}; see {cap}.stderr")
            items, errors = count_saxfloor(cap)
        else:
            if rc != 0:
                raise SystemExit(f"bench: the {name} worker exited {rc}; see {cap}.stderr")
            items, errors = count_python(cap)
        counts[name] = (items, errors)

    best = {n: float("inf") for n, _ in contenders}
    peak = {n: 0 for n, _ in contenders}
    walls = {n: [] for n, _ in contenders}
    for r in range(a.runs):  # round-robin, so drift in the machine hits every contender alike
        for name, argv in contenders:
            print(f"  run {r + 1}/{a.runs}: {name} ...", file=sys.stderr, flush=True)
            wall, rss, rc = run_once(argv, cpu, None)
            best[name] = min(best[name], wall)
            peak[name] = max(peak[name], rss)
            walls[name].append(wall)

    # feedsift alone on the largest file.
    big_rss = 0
    big_wall = float("inf")
    for _ in range(a.runs):
        wall, rss, rc = run_once([a.feedsift, "parse", "--json", largest], cpu, None)
        if rc != 0:
            raise SystemExit(f"bench: feedsift exited {rc} on {largest}")
        big_rss = max(big_rss, rss)
        big_wall = min(big_wall, wall)

    print(f"{'contender':<19} {'wall s':>8} {'MB/s':>8} {'items':>7} {'items/s':>9} {'errors':>6} {'peak RSS MiB':>12}")
    for name, _ in contenders:
        items, errors = counts[name]
        t = best[name]
        print(f"{name:<19} {t:>8.3f} {mb / t:>8.2f} {items:>7} {items / t:>9.0f} {errors:>6} {fmt_mb(peak[name]):>12}")
    print("  errors: feedsift = sources it refused ({\"error\"} lines); fastfeedparser = files it raised on;"
          " feedparser never raises (it sets bozo); the SAX floor counts none")
    print()

    fs = best["feedsift"]
    rows = [
        ("vs fastfeedparser", best["fastfeedparser"] / fs, "faster", f">= {TARGET_VS_FASTFEEDPARSER:g}x faster",
         best["fastfeedparser"] / fs >= TARGET_VS_FASTFEEDPARSER),
        ("vs feedparser", best["feedparser"] / fs, "faster", f">= {TARGET_VS_FEEDPARSER:g}x faster",
         best["feedparser"] / fs >= TARGET_VS_FEEDPARSER),
        ("vs libxml2 SAX floor", fs / best["libxml2 SAX floor"], "slower", f"<= {TARGET_VS_SAXFLOOR:g}x slower",
         fs / best["libxml2 SAX floor"] <= TARGET_VS_SAXFLOOR),
    ]
    print(f"{'feedsift':<22} {'measured':>16}   {'target':<18} result")
    for label, ratio, word, target, ok in rows:
        print(f"{label:<22} {ratio:>9.2f}x {word:<6}   {target:<18} {'MET' if ok else 'NOT MET'}")
    # feedsift and the floor run back to back in each round, within half a second: their ratio in
    # one round is taken at one speed of the machine, where the best times may come from different
    # ones (a shared VM can run a process at two speeds a third apart). Shown, not judged.
    # The same for fastfeedparser, which runs right after the floor.
    paired = sorted(f / x for f, x in zip(walls["feedsift"], walls["libxml2 SAX floor"]))
    print(f"  paired: feedsift / floor within each round, median {statistics.median(paired):.2f}x slower "
          f"(rounds {', '.join(f'{p:.2f}' for p in paired)})")
    paired = sorted(x / f for f, x in zip(walls["feedsift"], walls["fastfeedparser"]))
    print(f"  paired: fastfeedparser / feedsift within each round, median {statistics.median(paired):.2f}x faster "
          f"(rounds {', '.join(f'{p:.2f}' for p in paired)})")
    big_mib = big_rss / 1024
    print(f"{'largest file peak RSS':<22} {big_mib:>12.1f} MiB   {'< %g MiB' % TARGET_LARGEST_RSS_MB:<18} "
          f"{'MET' if big_mib < TARGET_LARGEST_RSS_MB else 'NOT MET'}")
    print(f"  largest file: {os.path.basename(largest)} ({os.path.getsize(largest)} bytes), "
          f"feedsift parse --json alone, best wall {big_wall:.3f} s")


def versions():
    out = []
    for mod in ("feedparser", "fastfeedparser"):
        try:
            from importlib.metadata import version
            out.append(f"{mod} {version(mod)}")
        except Exception:
            out.append(f"{mod} ?")
    return ", ".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="mode", required=True)
    r = sub.add_parser("run")
    r.add_argument("--feedsift", required=True)
    r.add_argument("--saxfloor", required=True)
    r.add_argument("--corpus", required=True)
    r.add_argument("--runs", type=int, default=3)
    r.add_argument("--cpu", type=int, default=0)
    r.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "out"))
    w = sub.add_parser("worker")
    w.add_argument("lib", choices=["feedparser", "fastfeedparser"])
    w.add_argument("files", nargs="+")
    a = ap.parse_args()
    if a.mode == "worker":
        worker(a.lib, a.files)
    else:
        if a.runs < 1:
            raise SystemExit("bench: BENCH_RUNS must be at least 1")
        main_run(a)


if __name__ == "__main__":
    main()
