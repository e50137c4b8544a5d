#!/usr/bin/env bash
# `make bench-fetch`: polling speed and memory of `feedsift fetch` beside `newsboat -x reload`, on
# 1000 feed URLs served by a local nginx. A measurement, not a test. See bench/README.md.
#
# nginx (Debian's, started and stopped by this script, as the current user, on 127.0.0.1 at a free
# port, ETag on) serves 1000 URLs made by cycling the feeds of ../shared/corpus. Times a cold
# `feedsift fetch` (empty state) and a warm one (the same again: every feed a 304), and newsboat's
# cold reload (no cache) and steady reload (its third), both with 16 transfers at once; prints the
# ratios, the peak memory of each (os.wait4 rusage: max RSS of the one process; no /usr/bin/time),
# and nginx's count of 200s and 304s in each run.
#
# Depends on ../shared/corpus (override with CORPUS=DIR, a folder holding files/ and manifest.tsv)
# and on the release binary .build/release/feedsift with its `fetch` command (`make bench-fetch`
# builds it first; override with FEEDSIFT=PATH); without `fetch` it says so, measures newsboat
# alone and exits 1. Installs nginx-light (or nginx) and newsboat with apt-get when missing.
# Everything it writes goes to a temporary folder, removed at the end (BENCH_KEEP=1 keeps it).
# Environment: BENCH_RUNS (default 1), BENCH_FEEDS (default 1000), BENCH_THREADS (default 16),
# BENCH_TIMEOUT (seconds a run may take, default 900).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
corpus="${CORPUS:-$root/../shared/corpus}"
feedsift="${FEEDSIFT:-$root/.build/release/feedsift}"
runs="${BENCH_RUNS:-1}"
feeds="${BENCH_FEEDS:-1000}"
threads="${BENCH_THREADS:-16}"
timeout="${BENCH_TIMEOUT:-900}"

die() { echo "bench-fetch: $*" >&2; exit 1; }

[ -d "$corpus/files" ] || die "the corpus is missing: $corpus/files not found. This benchmark needs ../shared/corpus (433 real feeds, ~32 MB) beside the work tree, or CORPUS=DIR pointing at a folder with files/."
command -v python3 >/dev/null || die "needs python3"
command -v curl >/dev/null || die "needs curl"

# nginx and newsboat from Debian, when missing. Services are not started by this (policy-rc.d
# permitting); the script runs its own nginx.
need=()
PATH="$PATH:/usr/sbin:/sbin"
command -v nginx >/dev/null || need+=(nginx-light)
command -v newsboat >/dev/null || need+=(newsboat)
if [ "${#need[@]}" -gt 0 ]; then
  echo "bench-fetch: installing ${need[*]} (apt-get)" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"; then
    need=("${need[@]/nginx-light/nginx}")
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
  fi
fi
nginx_bin="$(command -v nginx)" || die "nginx is not installed"
newsboat_bin="$(command -v newsboat)" || die "newsboat is not installed"

work="$(mktemp -d "${TMPDIR:-/tmp}/bench-fetch.XXXXXX")"
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill -TERM "$nginx_pid" 2>/dev/null || true      # the master stops its workers, then exits
    for _ in $(seq 50); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "bench-fetch: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# feedsift: snapshot the binary (a rebuild during the run changes nothing), and see that it fetches.
fetch_ok=1
fetch_why=""
if [ ! -x "$feedsift" ]; then
  fetch_ok=0; fetch_why="no release binary at $feedsift (run 'make bench-fetch' or 'make release')"
else
  cp "$feedsift" "$work/feedsift"
  if ! "$work/feedsift" fetch --help 2>&1 | grep -Eq '^USAGE: .*feedsift fetch'; then
    fetch_ok=0; fetch_why="$feedsift has no 'fetch' command yet ('feedsift fetch --help' does not show it)"
  fi
fi
if [ "$fetch_ok" = 0 ]; then
  echo "bench-fetch: ERROR: cannot measure feedsift: $fetch_why. Measuring newsboat alone." >&2
fi

# The docroot, nginx.conf, feeds.conf, urls and newsboat's config.
port="$(python3 "$here/fetch_setup.py" setup --corpus "$corpus" --work "$work" --repo "$root" \
          --feeds "$feeds" --threads "$threads")"
if [ "$fetch_ok" = 1 ] && ! "$work/feedsift" check --config "$work/feeds.conf" >"$work/check.out" 2>&1; then
  echo "bench-fetch: warning: 'feedsift check' refuses the generated feeds.conf:" >&2
  sed 's/^/  /' "$work/check.out" >&2
fi

# nginx in the foreground of a background job (daemon off), so its pid is ours to stop.
"$nginx_bin" -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
url="http://127.0.0.1:$port/f0000.xml"
for _ in $(seq 50); do curl -fsS -o /dev/null "$url" 2>/dev/null && break; sleep 0.1; done
curl -fsS -o /dev/null "$url" || { cat "$work/nginx/error.log" >&2; die "nginx did not come up on port $port"; }

# Check that the server revalidates: a 200 with an ETag, then a 304 for If-None-Match.
etag="$(curl -fsS -D - -o /dev/null "$url" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')"
[ -n "$etag" ] || die "nginx sent no ETag for $url"
code="$(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$url")"
[ "$code" = 304 ] || die "nginx answered $code, not 304, to If-None-Match: $etag"
: > "$work/nginx/access.log"
echo "bench-fetch: nginx $("$nginx_bin" -v 2>&1 | sed 's/.*nginx\///') on 127.0.0.1:$port: ETag $etag, If-None-Match gives 304" >&2

status=0
fs_arg=""; [ "$fetch_ok" = 1 ] && fs_arg="$work/feedsift"
python3 -u "$here/fetch_setup.py" run --work "$work" --feedsift "$fs_arg" --newsboat "$newsboat_bin" \
  --runs "$runs" --timeout "$timeout" || status=$?
if [ "$fetch_ok" = 0 ]; then
  echo
  echo "bench-fetch: ERROR: feedsift was not measured: $fetch_why."
  status=1
fi
exit "$status"
