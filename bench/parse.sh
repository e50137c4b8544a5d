#!/usr/bin/env bash
# `make bench-parse`: feedsift vs the libxml2 SAX floor, fastfeedparser and feedparser over the
# whole real-world corpus. See bench/README.md.
#
# Depends on ../shared/corpus (the corpus beside the work tree; override with CORPUS=DIR) and on
# the release binary .build/release/feedsift (`make bench-parse` builds it first; override with
# FEEDSIFT=PATH). Installs what else it needs: python3-venv (apt-get, only if `python3 -m venv`
# fails), a venv under bench/out/venv with pinned feedparser and fastfeedparser, and the SAX floor
# compiled into bench/out/. Environment: BENCH_RUNS (default 3), BENCH_CPU (default 0).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="$here/out"
corpus="${CORPUS:-$root/../shared/corpus}/files"
feedsift="${FEEDSIFT:-$root/.build/release/feedsift}"
runs="${BENCH_RUNS:-3}"
cpu="${BENCH_CPU:-0}"
FEEDPARSER_VERSION="${FEEDPARSER_VERSION:-6.0.14}"        # the versions in ../shared/corpus/items.tsv
FASTFEEDPARSER_VERSION="${FASTFEEDPARSER_VERSION:-0.6.5}"

die() { echo "bench-parse: $*" >&2; exit 1; }

[ -d "$corpus" ] || die "the corpus is missing: $corpus not found. This benchmark needs ../shared/corpus (433 real feeds, ~32 MB) beside the work tree, or CORPUS=DIR pointing at a folder with files/."
[ -x "$feedsift" ] || die "no release binary at $feedsift: run 'make bench-parse' (it builds it) or 'make release' first."
mkdir -p "$out"

# Snapshot the binary, so a rebuild during the run cannot swap it under us.
cp "$feedsift" "$out/feedsift"

# The libxml2 SAX floor.
# gcc, or the clang every Swift toolchain ships (a machine with only the toolchain has no gcc).
cc=$(command -v gcc || command -v clang || true)
[ -n "$cc" ] && pkg-config --exists libxml-2.0 \
  || die "need a C compiler (gcc, or the Swift toolchain's clang) and libxml2-dev (pkg-config libxml-2.0): run 'make deps'"
if [ ! -x "$out/saxfloor" ] || [ "$here/saxfloor.c" -nt "$out/saxfloor" ]; then
  # shellcheck disable=SC2046
  "$cc" -O2 -o "$out/saxfloor" "$here/saxfloor.c" $(pkg-config --cflags --libs libxml-2.0)
fi

# The Python parsers, pinned, in their own venv.
venv="$out/venv"
want="feedparser==$FEEDPARSER_VERSION fastfeedparser==$FASTFEEDPARSER_VERSION"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.pinned" 2>/dev/null)" != "$want" ]; then
  rm -rf "$venv"
  if ! python3 -m venv "$venv" >/dev/null 2>&1; then
    echo "bench-parse: python3 -m venv failed; installing python3-venv" >&2
    rm -rf "$venv"
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv
    python3 -m venv "$venv"
  fi
  # shellcheck disable=SC2086
  "$venv/bin/python" -m pip install -q --disable-pip-version-check $want
  echo "$want" > "$venv/.pinned"
fi

exec "$venv/bin/python" "$here/parse_driver.py" run \
  --feedsift "$out/feedsift" --saxfloor "$out/saxfloor" --corpus "$corpus" \
  --runs "$runs" --cpu "$cpu" --out "$out"
