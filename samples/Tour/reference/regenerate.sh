#!/usr/bin/env bash
# Regenerates every <name>.out in this directory from <name>.py, running it
# with /usr/bin/python3 (gevent 22.10.2), 30 s at most per program.
# greenlet-state also gets greenlet-state.err (its stderr, normalised); group-map's
# greenlet ids are normalised (see normalise_greenlet_ids).
#
#   ./regenerate.sh          rewrite the .out/.err files
#   ./regenerate.sh --check  rewrite nothing; fail if any output differs
#
# Exits non-zero if any program fails (non-zero exit, timeout) or, with
# --check, if any output differs from the stored file. A failing program's
# stored .out is left as it was.
#
# Programs run with -P (don't put the script's directory on sys.path),
# because queue.py here would otherwise shadow the standard library's
# `queue` module for every program in this directory.
#
# Needs the Debian packages python3-gevent, python3-zmq (zeromq) and
# python3-gevent-websocket (websocket).
set -u
cd "$(dirname "$0")"

PY=/usr/bin/python3
NAMES=(
  context-switch select-polling sync-async fetch determinism spawning
  subclass greenlet-state shutdown timeout timeout-with timeout-args
  monkeypatching event async-result queue queue-bounded groups group-map pool
  semaphore thread-locals subprocess actors zeromq telnet wsgi-buffered
  wsgi-streaming long-polling websocket chat crawler
)

check=0
if [ "${1:-}" = "--check" ]; then check=1; fi

# stderr of greenlet-state: addresses, the timestamp and the script's
# absolute path vary between runs and machines.
normalise_err() {
  sed -E \
    -e 's/0x[0-9a-fA-F]+/0xADDRESS/g' \
    -e 's/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z /YYYY-MM-DDTHH:MM:SSZ /' \
    -e 's#File "/[^"]*/([^"/]+\.py)"#File "\1"#'
}

# stdout of group-map: "Hello from Greenlet <id(getcurrent())>" prints an address; each distinct one becomes its
# order of first appearance (1, 2, 3). TourSampleTests numbers the C# greenlet ids the same way.
normalise_greenlet_ids() {
  awk '/^Hello from Greenlet [0-9]+$/ { if (!($4 in seen)) seen[$4] = ++n; $4 = seen[$4] } { print }'
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

failed=0
for name in "${NAMES[@]}"; do
  timeout 30 "$PY" -P "$name.py" >"$tmp/$name.out" 2>"$tmp/$name.err"
  rc=$?
  if [ $rc -ne 0 ]; then
    echo "FAIL $name: exit status $rc$( [ $rc -eq 124 ] && echo ' (timed out)')" >&2
    sed 's/^/    /' "$tmp/$name.err" >&2
    failed=1
    continue
  fi
  if [ "$name" = group-map ]; then
    normalise_greenlet_ids <"$tmp/$name.out" >"$tmp/$name.out.norm"
    mv "$tmp/$name.out.norm" "$tmp/$name.out"
  fi
  files=("$name.out")
  if [ "$name" = greenlet-state ]; then
    normalise_err <"$tmp/$name.err" >"$tmp/$name.err.norm"
    mv "$tmp/$name.err.norm" "$tmp/$name.err"
    files+=("$name.err")
  fi
  same=1
  for f in "${files[@]}"; do
    if [ $check -eq 1 ]; then
      if ! cmp -s "$tmp/$f" "$f"; then
        echo "DIFF $f" >&2
        diff "$f" "$tmp/$f" | sed 's/^/    /' >&2
        same=0
        failed=1
      fi
    else
      cp "$tmp/$f" "$f"
    fi
  done
  [ $same -eq 1 ] && echo "ok   $name"
done

exit $failed
