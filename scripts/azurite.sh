#!/usr/bin/env bash
# Azurite's blob service on 127.0.0.1, for the upload tests and the upload benchmark.
#
#   scripts/azurite.sh start [STATE_DIR]   start on a free port; prints the endpoint
#                                          (http://127.0.0.1:PORT/devstoreaccount1)
#   scripts/azurite.sh stop  [STATE_DIR]   stop the one started with that STATE_DIR
#
# Azurite is installed with npm into ${XDG_CACHE_HOME:-~/.cache}/certpack-azurite the
# first time (about 25 s; it asks for node >= 22 but runs on 20: the EBADENGINE
# warnings are harmless). It keeps blobs in memory (--inMemoryPersistence), accepts
# any x-ms-version (--skipApiVersionCheck) and is started directly, not through npx,
# so the pid written is the node process itself. STATE_DIR (default: the cache
# folder's run/) receives `port`, `pid` and `azurite.log`.
#
# With CERTPACK_AZURITE_WATCH=PID, a watcher stops Azurite when process PID ends:
# the tests pass their own pid, so nothing outlives `cargo test`.
set -euo pipefail
cache=${XDG_CACHE_HOME:-$HOME/.cache}/certpack-azurite
cmd=${1:-}
state=${2:-$cache/run}

install() {
  local bin=$cache/node_modules/.bin/azurite-blob
  [[ -x $bin ]] && return
  command -v npm >/dev/null || { echo "azurite.sh: npm is not installed (Node.js is needed for Azurite)" >&2; exit 1; }
  mkdir -p "$cache"
  # one installer at a time (test binaries may start Azurite in parallel)
  exec 9>"$cache/.install.lock"
  flock 9
  if [[ ! -x $bin ]]; then
    echo "azurite.sh: installing Azurite into $cache..." >&2
    (cd "$cache" && { [[ -f package.json ]] || npm init -y >/dev/null; } \
      && npm install --no-audit --no-fund --loglevel=error azurite@3 >/dev/null 2>"$cache/npm.log") \
      || { echo "azurite.sh: npm install azurite@3 failed; see $cache/npm.log" >&2; exit 1; }
  fi
  flock -u 9
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  install
  mkdir -p "$state"
  local port pid i
  for _ in 1 2 3; do
    port=$(free_port)
    # setsid and no inherited descriptors: a caller reading our stdout gets EOF
    # when this script ends, not when Azurite does
    setsid "$cache/node_modules/.bin/azurite-blob" --blobHost 127.0.0.1 --blobPort "$port" \
      --inMemoryPersistence --skipApiVersionCheck --loose --disableTelemetry --silent \
      </dev/null >"$state/azurite.log" 2>&1 &
    pid=$!
    for i in $(seq 200); do # up to 20 s
      if listening "$port"; then
        echo "$port" >"$state/port"
        echo "$pid" >"$state/pid"
        if [[ -n ${CERTPACK_AZURITE_WATCH:-} ]]; then
          local watched=$CERTPACK_AZURITE_WATCH
          setsid bash -c 'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 0.5; done; kill -TERM "$2" 2>/dev/null' \
            _ "$watched" "$pid" </dev/null >/dev/null 2>&1 &
        fi
        echo "http://127.0.0.1:$port/devstoreaccount1"
        return 0
      fi
      kill -0 "$pid" 2>/dev/null || break # died (port taken?): try another port
      sleep 0.1
    done
    kill -TERM "$pid" 2>/dev/null || true
  done
  echo "azurite.sh: Azurite did not start; see $state/azurite.log" >&2
  exit 1
}

stop() {
  [[ -f $state/pid ]] || { echo "azurite.sh: nothing started in $state" >&2; exit 1; }
  local pid
  pid=$(cat "$state/pid")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$state/pid" "$state/port"
}

case $cmd in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop [STATE_DIR]" >&2; exit 2 ;;
esac
