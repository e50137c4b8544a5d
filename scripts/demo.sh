#!/usr/bin/env bash
# The offline demo (`make demo`): no network needed. Serves the real feed snapshots of
# demo/feeds/ on 127.0.0.1, runs the daemon against them for a few seconds, then shows what a
# newcomer wants to see: the immigration stories it picked out (`tail`), each feed's health
# (`list`), and the filtered feed it serves (read back with `feedsift parse`). Everything runs in a
# temporary folder; every process it starts is stopped on the way out, even on Ctrl-C.
set -euo pipefail

BIN=${BIN:-.build/release}
FEEDSIFT=$BIN/feedsift
SERVER=$BIN/feedsift-demo-server
[ -x "$FEEDSIFT" ] && [ -x "$SERVER" ] || { echo "demo: build first (make demo does)" >&2; exit 1; }

work=$(mktemp -d /tmp/feedsift-demo.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

feeds_port=$("$SERVER" --free-port)
"$SERVER" demo/feeds "$feeds_port" >/dev/null &
pids+=($!)
listen_port=$("$SERVER" --free-port)

# The repository's topic and seeds, the snapshots as feeds, a state of its own.
mkdir -p "$work/seeds"
cp -R seeds/immigration-policy "$work/seeds/"
rm -rf "$work/seeds/immigration-policy/matches"
{
    echo "[daemon]"
    echo "state  = state"
    echo "seeds  = seeds"
    echo "every  = 15m"
    echo "listen = 127.0.0.1:$listen_port"
    echo
    echo "[feeds]"
    for f in demo/feeds/*.xml; do echo "http://127.0.0.1:$feeds_port/$(basename "$f")"; done
    echo
    sed -n '/^\[topic immigration-policy\]/,$p' feeds.conf
} > "$work/feeds.conf"
conf=(--config "$work/feeds.conf")

echo "== feedsift run: the daemon polls $(ls demo/feeds/*.xml | wc -l) real news feeds served on 127.0.0.1:$feeds_port"
"$FEEDSIFT" run "${conf[@]}" 2> "$work/daemon.log" &
pids+=($!)
daemon=$!

# Until every feed has been polled once (at most 30 seconds).
for _ in $(seq 1 60); do
    state=$("$FEEDSIFT" list --json "${conf[@]}" 2>/dev/null || echo '"status":"new"')
    if ! grep -q '"status":"new"' <<< "$state"; then break; fi
    sleep 0.5
done
# (sed -n, never head, after a pipe: head leaving early would SIGPIPE the writer and, with pipefail, the script)
sed -n '1,20s/^/   log: /p' "$work/daemon.log"

echo
echo "== feedsift tail: the immigration stories it picked out"
"$FEEDSIFT" tail -n 20 "${conf[@]}"

echo
echo "== feedsift list: each feed's health"
"$FEEDSIFT" list "${conf[@]}"

echo
echo "== the filtered feed it serves: http://127.0.0.1:$listen_port/topics/immigration-policy.atom, read back by feedsift parse"
"$FEEDSIFT" parse "http://127.0.0.1:$listen_port/topics/immigration-policy.atom" | sed -n '1,25p'

echo
echo "== one stored match, as written beside the seeds"
first=$(ls "$work/seeds/immigration-policy/matches" | sed -n 1p)
head -12 "$work/seeds/immigration-policy/matches/$first"

kill -TERM "$daemon"
wait "$daemon" || true
echo
echo "== stopped: $(tail -1 "$work/daemon.log")"
