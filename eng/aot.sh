#!/usr/bin/env bash
# Publishes the tour and the chat sample with native AOT and checks that each runs as its JIT build does: the tour's
# whole run (every example, on the virtual clock) prints the same bytes on stdout, the same exit code and the same
# stderr but for stack frames and wall-clock figures, and the chat serves the same pages and carries a message the same way.
#   eng/aot.sh [folder]    # the builds go to folder (default: a temporary one, removed at the end)
# The publish line, for any project of yours:
#   dotnet publish <project> -c Release -r linux-x64 -o <folder>   (with <PublishAot>true</PublishAot> in the project,
#   as samples/Tour and samples/Chat have: a -p:PublishAot=true on the command line would reach the generator too)
# It needs clang and zlib1g-dev (eng/test-packages.txt); the AOT compiler comes from NuGet, at the SDK's runtime version.
set -euo pipefail
cd "$(dirname "$0")/.."
eng/install-packages.sh eng/runtime-packages.txt eng/test-packages.txt

work=${1:-}
if [ -z "$work" ]; then work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
mkdir -p "$work"

publish() { # project, name, extra properties...
  local project=$1 name=$2; shift 2
  dotnet publish "$project" -c Release -r linux-x64 --artifacts-path "$work/artifacts-$name" -o "$work/$name" "$@" >"$work/$name.log" 2>&1 \
    || { cat "$work/$name.log" >&2; echo "publishing $name failed" >&2; exit 1; }
}

publish samples/Tour tour-jit -p:PublishAot=false
publish samples/Tour tour-aot
publish samples/Chat chat-jit -p:PublishAot=false
publish samples/Chat chat-aot
[ -x "$work/tour-aot/Tour" ] && ! [ -e "$work/tour-aot/Tour.dll" ] || { echo "the AOT tour is not a native executable" >&2; exit 1; }

status=0
# The exit code is part of the output compared.
(GREENLET_CLOCK=virtual dotnet "$work/tour-jit/Tour.dll" >"$work/tour-jit.out" 2>"$work/tour-jit.err"; echo $? >"$work/tour-jit.code") || true
(GREENLET_CLOCK=virtual "$work/tour-aot/Tour" >"$work/tour-aot.out" 2>"$work/tour-aot.err"; echo $? >"$work/tour-aot.code") || true
# stderr compares after three things that differ by nature are blanked: stack frames ("   at ..."; a native build names no
# file or line), wall-clock timestamps, and the access log's request durations.
normalize_err() { sed -E -e '/^   at /d' -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}Z?/<time>/g' -e 's/ [0-9]+\.[0-9]{6}$/ <duration>/' "$1"; }
normalize_err "$work/tour-jit.err" >"$work/tour-jit.err.normalized"
normalize_err "$work/tour-aot.err" >"$work/tour-aot.err.normalized"
for stream in out err.normalized code; do
  if cmp -s "$work/tour-jit.$stream" "$work/tour-aot.$stream"; then
    echo "tour: AOT $stream equals JIT $stream ($(wc -c <"$work/tour-aot.$stream") bytes)"
  else
    echo "tour: AOT $stream differs from JIT $stream:" >&2
    diff "$work/tour-jit.$stream" "$work/tour-aot.$stream" | head -40 >&2 || true
    status=1
  fi
done

# The chat: the same requests to each build, on a port of its own; the transcripts must be equal.
chat_transcript() { # command..., prints the transcript
  local out=$work/chat.$$.out port pid
  "$@" 0 >"$out" 2>&1 &
  pid=$!
  for _ in $(seq 100); do grep -q "^Chat on" "$out" 2>/dev/null && break; sleep 0.1; done
  port=$(sed -n 's|^Chat on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$out")
  [ -n "$port" ] || { kill "$pid"; cat "$out" >&2; echo "the chat did not start" >&2; return 1; }
  local base=http://127.0.0.1:$port
  curl -sS --max-time 10 "$base/"
  curl -sS --max-time 10 "$base/steve"
  curl -sS --max-time 10 "$base/topic1/steve" | sed 's/[0-9][0-9]*:[0-9][0-9]:[0-9][0-9]//g'
  curl -sS --max-time 10 -d message=hello "$base/put/topic1/steve"
  curl -sS --max-time 10 -X POST "$base/poll/steve"
  echo
  curl -sS --max-time 10 -o /dev/null -w '%{http_code} %{content_type}\n' "$base/points"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -f "$out"
}
chat_transcript dotnet "$work/chat-jit/Chat.dll" >"$work/chat-jit.txt"
chat_transcript "$work/chat-aot/Chat" >"$work/chat-aot.txt"
if cmp -s "$work/chat-jit.txt" "$work/chat-aot.txt" && grep -q 'steve:hello' "$work/chat-aot.txt"; then
  echo "chat: AOT transcript equals JIT transcript ($(wc -c <"$work/chat-aot.txt") bytes)"
else
  echo "chat: AOT transcript differs from JIT transcript, or carried no message:" >&2
  diff "$work/chat-jit.txt" "$work/chat-aot.txt" >&2 || true
  status=1
fi
exit "$status"
