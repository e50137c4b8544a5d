#!/usr/bin/env python3
"""Helper for `make bench-fetch` (started by bench/fetch.sh; see bench/README.md).

Two modes:
  fetch_setup.py setup --corpus DIR --work DIR --repo DIR [--feeds 1000] [--threads 16]
      Fills DIR (a fresh temporary folder) with everything the benchmark serves and reads:
      www/f0000.xml ... (corpus files cycled to --feeds URLs), nginx/nginx.conf (a free port on
      127.0.0.1, ETag on, access log with status and validators), urls (the feed URLs),
      feeds.conf + seeds.pristine/ (feedsift), newsboat/config. Prints the port.
  fetch_setup.py run --work DIR --feedsift BIN|'' --newsboat BIN [--runs N] [--timeout S]
      Times cold and warm `feedsift fetch` beside newsboat's cold (1st) and steady (3rd)
      `-x reload`, counts nginx's responses to each run, and prints the table. With an empty
      --feedsift only newsboat is measured.

Only the standard library is used.
"""
import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

# Targets from the issue.
TARGET_COLD = 6.0    # feedsift cold at least this many times faster than newsboat's cold reload
TARGET_WARM = 20.0   # feedsift warm at least this many times faster than newsboat's steady reload
# Memory: feedsift's peak RSS at most newsboat's (ratio feedsift/newsboat <= 1).

# Formats in ../shared/corpus/manifest.tsv that are not feeds: left out of the docroot.
NOT_FEEDS = re.compile(r"^(html|json-other|xml-other)")
MAX_BYTES = 4 * 1000 * 1000


# ---------------------------------------------------------------- setup mode

def corpus_feeds(corpus):
    """The corpus files that are feeds (by manifest.tsv's format column), at most MAX_BYTES."""
    files_dir = os.path.join(corpus, "files")
    manifest = os.path.join(corpus, "manifest.tsv")
    skipped = []
    chosen = []
    if os.path.exists(manifest):
        with open(manifest, encoding="utf-8") as f:
            header = f.readline().rstrip("\n").split("\t")
            col_file, col_format = header.index("file"), header.index("format")
            for line in f:
                row = line.rstrip("\n").split("\t")
                name, fmt = row[col_file], row[col_format]
                path = os.path.join(files_dir, name)
                if not os.path.isfile(path):
                    continue
                if NOT_FEEDS.match(fmt) or os.path.getsize(path) > MAX_BYTES:
                    skipped.append(name)
                else:
                    chosen.append(path)
    else:  # no manifest: go by extension
        for name in os.listdir(files_dir):
            path = os.path.join(files_dir, name)
            if name.endswith((".xml", ".json")) and os.path.getsize(path) <= MAX_BYTES:
                chosen.append(path)
            else:
                skipped.append(name)
    chosen.sort()
    if not chosen:
        raise SystemExit(f"bench-fetch: no feeds in {files_dir}")
    return chosen, skipped


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def topic_section(conf_path, name):
    """The `[topic NAME]` section of the repository's feeds.conf, verbatim up to the next section."""
    out = []
    inside = False
    with open(conf_path, encoding="utf-8") as f:
        for line in f:
            if re.match(r"^\s*\[", line):
                if inside:
                    break
                inside = line.strip() == f"[topic {name}]"
            if inside:
                out.append(line.rstrip("\n"))
    if not out:
        raise SystemExit(f"bench-fetch: no [topic {name}] in {conf_path}")
    while out and not out[-1].strip():
        out.pop()
    return out


NGINX_CONF = """\
# Written by bench/fetch_setup.py for bench/fetch.sh; everything it writes is under {work}.
{user}worker_processes auto;
daemon off;
pid {work}/nginx/nginx.pid;
error_log {work}/nginx/error.log warn;
events {{ worker_connections 1024; }}
http {{
    types {{
        text/xml xml;
        application/json json;
    }}
    default_type application/octet-stream;
    client_body_temp_path {work}/nginx/tmp/client_body;
    proxy_temp_path {work}/nginx/tmp/proxy;
    fastcgi_temp_path {work}/nginx/tmp/fastcgi;
    uwsgi_temp_path {work}/nginx/tmp/uwsgi;
    scgi_temp_path {work}/nginx/tmp/scgi;
    # One line a request: status, body bytes, the validators the client sent, its user agent, the URI.
    log_format bench '$status\\t$body_bytes_sent\\t$http_if_none_match\\t$http_if_modified_since\\t$http_accept_encoding\\t$http_user_agent\\t$uri';
    access_log {work}/nginx/access.log bench;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    etag on;                       # the default, written out
    if_modified_since exact;       # the default, written out
    gzip on;                       # compressed when the client asks (weakens the ETag to W/"...")
    gzip_types text/xml application/json;
    server {{
        listen 127.0.0.1:{port};
        root {work}/www;
    }}
}}
"""


def setup(a):
    work = os.path.abspath(a.work)
    files, skipped = corpus_feeds(a.corpus)
    www = os.path.join(work, "www")
    os.makedirs(www)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    urls = []
    total = 0
    for i in range(a.feeds):
        src = files[i % len(files)]
        ext = ".json" if src.endswith(".json") else ".xml"
        name = f"f{i:04d}{ext}"
        shutil.copyfile(src, os.path.join(www, name))
        total += os.path.getsize(src)
        urls.append(base + name)
    with open(os.path.join(work, "urls"), "w") as f:
        f.write("\n".join(urls) + "\n")
    with open(os.path.join(work, "docroot.txt"), "w") as f:
        f.write(f"{a.feeds} {len(files)} {len(skipped)} {total}\n")

    # nginx, as the current user; as root the workers would drop to `nobody`, so keep them root.
    os.makedirs(os.path.join(work, "nginx", "tmp"))
    user = "user root root;\n" if os.geteuid() == 0 else ""
    with open(os.path.join(work, "nginx", "nginx.conf"), "w") as f:
        f.write(NGINX_CONF.format(work=work, port=port, user=user))

    # feedsift: feeds.conf, and the topic's seeds copied into the work folder (matches land there).
    seeds_src = os.path.join(a.repo, "seeds", "immigration-policy")
    shutil.copytree(seeds_src, os.path.join(work, "seeds.pristine", "immigration-policy"),
                    ignore=shutil.ignore_patterns("matches"))
    shutil.copytree(os.path.join(work, "seeds.pristine"), os.path.join(work, "seeds"))  # reset per cold run
    topic = topic_section(os.path.join(a.repo, "feeds.conf"), "immigration-policy")
    topic = [re.sub(r"^(seeds\s*=\s*)\S+", r"\g<1>" + f"{work}/seeds/immigration-policy", l)
             for l in topic]
    with open(os.path.join(work, "feeds.conf"), "w") as f:
        f.write("# Written by bench/fetch_setup.py for bench/fetch.sh.\n")
        f.write("[daemon]\n")
        f.write(f"state    = {work}/state\n")
        f.write(f"seeds    = {work}/seeds\n")
        f.write(f"parallel = {a.threads}\n")
        f.write(f"per-host = {a.threads}               # one host here: raised to newsboat's reload-threads\n")
        f.write("\n[feeds]\n")
        f.write("\n".join(urls) + "\n")
        f.write("\n# Copied from the repository's feeds.conf, with seeds pointing into the work folder.\n")
        f.write("\n".join(topic) + "\n")

    # newsboat: its own config (with -C), cache and home in the work folder.
    os.makedirs(os.path.join(work, "newsboat", "home"))
    with open(os.path.join(work, "newsboat", "config"), "w") as f:
        f.write(f"reload-threads {a.threads}\n")
    print(port)


# ---------------------------------------------------------------- run mode

class Runner:
    def __init__(self, work, timeout):
        self.work = work
        self.timeout = timeout
        self.log = os.path.join(work, "nginx", "access.log")
        self.logs = os.path.join(work, "logs")
        os.makedirs(self.logs, exist_ok=True)

    def run(self, label, argv, env=None):
        """Run argv; return (wall seconds, peak RSS KiB, exit code, nginx counts, stdout path).

        os.wait4 gives the rusage of that one process (its ru_maxrss: peak resident set, KiB).
        The nginx access log is read from where it ended before the run to where it ends after."""
        start = os.path.getsize(self.log)
        out_path = os.path.join(self.logs, label + ".out")
        with open(out_path, "wb") as out, open(out_path + ".err", "wb") as err:
            t0 = time.perf_counter()
            p = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
            timer = threading.Timer(self.timeout, lambda: os.kill(p.pid, signal.SIGKILL))
            timer.start()
            try:
                _, status, ru = os.wait4(p.pid, 0)
            finally:
                timer.cancel()
            wall = time.perf_counter() - t0
            p.returncode = rc = os.waitstatus_to_exitcode(status)
        if rc == -signal.SIGKILL:
            print(f"bench-fetch: {label} was killed after {self.timeout} s (BENCH_TIMEOUT)", file=sys.stderr)
        return wall, ru.ru_maxrss, rc, self.counts(start), out_path

    def counts(self, start):
        c = {"requests": 0, "200": 0, "304": 0, "other": 0, "bytes": 0, "inm": 0, "ims": 0, "gzip": 0}
        with open(self.log, "rb") as f:
            f.seek(start)
            for line in f.read().decode("utf-8", "replace").splitlines():
                fields = line.split("\t")
                if len(fields) < 6:
                    continue
                status, sent, inm, ims, enc = fields[:5]
                c["requests"] += 1
                c[status if status in ("200", "304") else "other"] += 1
                c["bytes"] += int(sent) if sent.isdigit() else 0
                c["inm"] += inm != "-"
                c["ims"] += ims != "-"
                c["gzip"] += "gzip" in enc
        return c


def last_line(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = [l.strip() for l in f if l.strip()]
        return lines[-1] if lines else "(no output)"
    except OSError:
        return "(no output)"


def progress(tag, label, result):
    wall, rss, rc, c, _ = result
    print(f"  run {tag}: {label:<13} {wall:7.2f} s  {rss / 1024:6.1f} MiB  exit {rc}  "
          f"nginx: {c['200']} x 200, {c['304']} x 304, {c['other']} other", file=sys.stderr, flush=True)


def reset(path, pristine=None):
    shutil.rmtree(path, ignore_errors=True)
    if pristine:
        shutil.copytree(pristine, path)
    else:
        os.makedirs(path)


def main_run(a):
    work = os.path.abspath(a.work)
    r = Runner(work, a.timeout)
    feeds, corpus_files, skipped, total = map(int, open(os.path.join(work, "docroot.txt")).read().split())
    threads = int(open(os.path.join(work, "newsboat", "config")).read().split()[1])
    port = re.search(r"listen 127\.0\.0\.1:(\d+)", open(os.path.join(work, "nginx", "nginx.conf")).read()).group(1)

    nb_dir = os.path.join(work, "newsboat")
    nb_cache = os.path.join(nb_dir, "cache.db")
    nb_env = dict(os.environ, HOME=os.path.join(nb_dir, "home"),
                  XDG_CONFIG_HOME=os.path.join(nb_dir, "home", ".config"),
                  XDG_DATA_HOME=os.path.join(nb_dir, "home", ".local", "share"))
    nb_argv = [a.newsboat, "-x", "reload", "-u", os.path.join(work, "urls"), "-c", nb_cache,
               "-C", os.path.join(nb_dir, "config")]
    fs_argv = [a.feedsift, "fetch", "--config", os.path.join(work, "feeds.conf")] if a.feedsift else None

    print(f"bench-fetch: {feeds} feed URLs on one nginx at 127.0.0.1:{port} (ETag on, gzip on for xml/json), "
          f"made by cycling {corpus_files} corpus feeds ({skipped} left out: not feeds per manifest.tsv, "
          f"or over {MAX_BYTES // 1000000} MB); {total / 1e6:.1f} MB of feeds in all")
    print(f"concurrency: every URL is on one host, so feedsift's per-host cap is raised to {threads} "
          f"(= parallel = {threads}) to match newsboat's reload-threads {threads}: both fetch {threads} at once")
    print(f"runs: median wall time of {a.runs} (BENCH_RUNS); each cold run starts from an empty state / no cache; "
          f"peak memory = max RSS of the one process (os.wait4 rusage), highest over the runs")
    print(f"versions: {version([a.newsboat, '-v'])}; feedsift {version([a.feedsift, '--version']) if a.feedsift else '(not measured)'}")
    print(flush=True)

    # Warm the page cache, so neither contender pays for the disk on its first run.
    for n in os.listdir(os.path.join(work, "www")):
        with open(os.path.join(work, "www", n), "rb") as f:
            while f.read(1 << 20):
                pass

    res = {k: [] for k in ("fs_cold", "fs_warm", "nb_cold", "nb_2nd", "nb_steady")}
    for i in range(a.runs):
        tag = f"{i + 1}/{a.runs}"
        # newsboat: a fresh cache; run 1 = cold, run 2 untimed for the table (recorded), run 3 = steady.
        for n in os.listdir(nb_dir):
            if n.startswith("cache.db"):
                os.remove(os.path.join(nb_dir, n))
        for key, label in (("nb_cold", "newsboat-1"), ("nb_2nd", "newsboat-2"), ("nb_steady", "newsboat-3")):
            res[key].append(r.run(f"{label}.{i + 1}", nb_argv, env=nb_env))
            progress(tag, label, res[key][-1])
        if fs_argv:
            reset(os.path.join(work, "state"))
            reset(os.path.join(work, "seeds"), os.path.join(work, "seeds.pristine"))
            for key, label in (("fs_cold", "feedsift-cold"), ("fs_warm", "feedsift-warm")):
                res[key].append(r.run(f"{label}.{i + 1}", fs_argv))
                progress(tag, label, res[key][-1])

    med = {k: statistics.median(x[0] for x in v) if v else None for k, v in res.items()}
    rss = {k: max(x[1] for x in v) if v else None for k, v in res.items()}

    def s(v):
        return f"{v:.3f}" if v is not None else "n/a"

    def mib(v):
        return f"{v / 1024:.1f}" if v is not None else "n/a"

    print(f"{'run':<34} {'feedsift s':>10} {'newsboat s':>10} {'newsboat/feedsift':>17}   {'target':<16} result")
    for label, fk, nk, target in (("cold (empty state / no cache)", "fs_cold", "nb_cold", TARGET_COLD),
                                  ("warm (feedsift 2nd, newsboat 3rd)", "fs_warm", "nb_steady", TARGET_WARM)):
        if med[fk] is not None:
            ratio = med[nk] / med[fk]
            print(f"{label:<34} {s(med[fk]):>10} {s(med[nk]):>10} {ratio:>16.1f}x   "
                  f"{'>= %gx faster' % target:<16} {'MET' if ratio >= target else 'NOT MET'}")
        else:
            print(f"{label:<34} {'n/a':>10} {s(med[nk]):>10} {'n/a':>17}   {'>= %gx faster' % target:<16} NOT MEASURED")
    print(f"  newsboat's 2nd reload (not in the targets): median {s(med['nb_2nd'])} s")
    print()
    print(f"{'peak RSS':<34} {'feedsift MiB':>12} {'newsboat MiB':>12} {'feedsift/newsboat':>17}   {'target':<16} result")
    for label, fk, nk in (("cold", "fs_cold", "nb_cold"), ("warm (vs newsboat's steady)", "fs_warm", "nb_steady")):
        if rss[fk] is not None:
            ratio = rss[fk] / rss[nk]
            print(f"{label:<34} {mib(rss[fk]):>12} {mib(rss[nk]):>12} {ratio:>16.2f}x   "
                  f"{'<= newsboat':<16} {'MET' if ratio <= 1.0 else 'NOT MET'}")
        else:
            print(f"{label:<34} {'n/a':>12} {mib(rss[nk]):>12} {'n/a':>17}   {'<= newsboat':<16} NOT MEASURED")
    print()

    print(f"nginx's responses to each run (run {a.runs} of {a.runs}; sent = body bytes; "
          f"validators = requests carrying If-None-Match / If-Modified-Since):")
    print(f"  {'run':<16} {'requests':>8} {'200':>6} {'304':>6} {'other':>6} {'sent MB':>9} "
          f"{'If-None-Match':>13} {'If-Mod-Since':>12} {'gzip ok':>8}  exit  last line of output")
    for key, label in (("fs_cold", "feedsift cold"), ("fs_warm", "feedsift warm"), ("nb_cold", "newsboat 1st"),
                       ("nb_2nd", "newsboat 2nd"), ("nb_steady", "newsboat 3rd")):
        if not res[key]:
            continue
        wall, _, rc, c, out = res[key][-1]
        line = last_line(out)
        if line == "(no output)":
            line = last_line(out + ".err")
        print(f"  {label:<16} {c['requests']:>8} {c['200']:>6} {c['304']:>6} {c['other']:>6} "
              f"{c['bytes'] / 1e6:>9.1f} {c['inm']:>13} {c['ims']:>12} {c['gzip']:>8}  {rc:>4}  {line[:100]}")
    warnings = []
    for key, v in res.items():
        for run in v:
            _, _, rc, c, out = run
            if rc != 0:
                warnings.append(f"{os.path.basename(out)[:-4]} exited {rc}: see {out}.err")
            if c["requests"] < feeds:
                warnings.append(f"{os.path.basename(out)[:-4]} made {c['requests']} requests for {feeds} feeds")
    if res["fs_warm"] and any(run[3]["304"] < feeds for run in res["fs_warm"]):
        warnings.append("feedsift's warm run did not get a 304 for every feed: it is not the all-304 case")
    for w in warnings:
        print(f"warning: {w}")
    print(f"(outputs of every run: {r.logs}/, nginx log: {r.log}; kept only with BENCH_KEEP=1)")
    return 0


def version(argv):
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=10).stdout
        return out.splitlines()[0].strip() if out.strip() else "?"
    except Exception:
        return "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("setup")
    s.add_argument("--corpus", required=True)
    s.add_argument("--work", required=True)
    s.add_argument("--repo", required=True)
    s.add_argument("--feeds", type=int, default=1000)
    s.add_argument("--threads", type=int, default=16)
    r = sub.add_parser("run")
    r.add_argument("--work", required=True)
    r.add_argument("--feedsift", default="")
    r.add_argument("--newsboat", default="newsboat")
    r.add_argument("--runs", type=int, default=1)
    r.add_argument("--timeout", type=float, default=900)
    a = ap.parse_args()
    if a.mode == "setup":
        setup(a)
    else:
        if a.runs < 1:
            raise SystemExit("bench-fetch: BENCH_RUNS must be at least 1")
        sys.exit(main_run(a))


if __name__ == "__main__":
    main()
