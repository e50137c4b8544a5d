#!/bin/sh
# Checks systemd/feedsift.service (make check-unit):
#   1. `systemd-analyze verify` prints nothing. It exits 0 even on errors, so any output fails.
#   2. `systemd-analyze security --offline=yes` rates the overall exposure 2.0 or lower.
# verify wants the ExecStart binary to exist, so the unit is checked as a copy whose ExecStart
# names the built feedsift (.build/release/feedsift) when there is one, else /bin/true.
# Usage: scripts/check_unit.sh [UNIT]   (needs systemd 250 or later for --offline)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
unit=${1:-$root/systemd/feedsift.service}
max=2.0

binary=/bin/true
[ -x "$root/.build/release/feedsift" ] && binary=$root/.build/release/feedsift

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
copy=$tmp/$(basename "$unit")
# Only the program path changes; its arguments stay as they are.
sed "s|^ExecStart=[^ ]*|ExecStart=$binary|" "$unit" >"$copy"

out=$(systemd-analyze verify "$copy" 2>&1) || true
if [ -n "$out" ]; then
    echo "check_unit: systemd-analyze verify $(basename "$unit"):" >&2
    echo "$out" >&2
    exit 1
fi
echo "verify: no warnings (ExecStart=$binary)"

report=$(systemd-analyze security --offline=yes "$copy" 2>&1) || { echo "$report" >&2; exit 1; }
# The last line reads: → Overall exposure level for feedsift.service: 1.0 OK 🙂
score=$(echo "$report" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
if [ -z "$score" ]; then
    echo "$report" >&2
    echo "check_unit: no overall exposure level in the report above" >&2
    exit 1
fi
echo "security: overall exposure $score (at most $max)"
if ! awk -v s="$score" -v m="$max" 'BEGIN { exit !(s <= m) }'; then
    # Show what costs exposure, to say what to tighten.
    echo "$report" | grep '✗' >&2 || true
    echo "check_unit: exposure $score is above $max" >&2
    exit 1
fi
