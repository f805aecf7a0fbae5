#!/usr/bin/env bash
# Brings up the whole product with demo data: Asterisk (sandbox), Redis, the CTI daemon.
# Usage: npm run demo [-- up | down | status | call <number> [digits]]
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
cd "$REPO_ROOT"

export SANDBOX_INSTANCE=demo
export SANDBOX_STATE_DIR=${SANDBOX_STATE_DIR:-/var/lib/switchboard/sandbox-demo}
STATE=${SWITCHBOARD_DEMO_DIR:-/var/lib/switchboard/demo}
HTTP_PORT=${SWITCHBOARD_HTTP_PORT:-8080}
PIDFILE="$STATE/switchboard.pid"
LOG="$STATE/switchboard.log"
REDIS_PORT=6379

daemon_running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

load_asterisk_env() {
  set -a
  # shellcheck disable=SC1091
  . "$SANDBOX_STATE_DIR/asterisk.env"
  set +a
}

# A random secret kept in a 0600 file, made once.
secret_file() { # $1 path
  if [ ! -s "$1" ]; then
    (umask 077; node -e 'process.stdout.write(require("crypto").randomBytes(12).toString("base64url"))' > "$1")
  fi
  cat "$1"
}

up() {
  ensure_node
  ensure_host_packages
  ensure_built
  mkdir -p "$STATE"; chmod 700 "$STATE"
  if redis_answers "$REDIS_PORT"; then say "using the Redis already on 127.0.0.1:$REDIS_PORT"
  else say "starting Redis on 127.0.0.1:$REDIS_PORT"; start_own_redis "$REDIS_PORT" "$STATE"; fi
  bash scripts/asterisk-sandbox.sh start
  load_asterisk_env
  local admin_password
  admin_password=$(secret_file "$STATE/admin-password")
  if daemon_running; then
    say "the daemon already runs (pid $(cat "$PIDFILE"))"
  else
    say "starting the daemon (log: $LOG)"
    # The demo flow keeps Berlin office hours: its clock starts at a Monday 10:00 so the menus
    # answer whenever someone tries it. SWITCHBOARD_IVR_TIME=now follows the real clock.
    local ivr_time=${SWITCHBOARD_IVR_TIME:-$(TZ=Europe/Berlin date -d 'next monday 10:00' +%FT%T%:z)}
    [ "$ivr_time" = now ] && ivr_time=
    SWITCHBOARD_IVR_TIME=$ivr_time SWITCHBOARD_HTTP_PORT=$HTTP_PORT SWITCHBOARD_DB_PATH="$STATE/switchboard.db" \
      SWITCHBOARD_REDIS_URL="redis://127.0.0.1:$REDIS_PORT" \
      SWITCHBOARD_ADMIN_USER=admin SWITCHBOARD_ADMIN_PASSWORD="$admin_password" \
      nohup node dist/cti/main.js >>"$LOG" 2>&1 &
    echo $! > "$PIDFILE"
  fi
  local url="http://127.0.0.1:$HTTP_PORT"
  for _ in $(seq 100); do
    curl -fsS "$url/readyz" >/dev/null 2>&1 && break
    daemon_running || { tail -n 20 "$LOG" >&2; die "the daemon stopped; see $LOG"; }
    sleep 0.2
  done
  curl -fsS "$url/readyz" >/dev/null || { curl -sS "$url/readyz" >&2; die "the daemon is not ready; see $LOG"; }
  node scripts/demo-data.mjs "$url" admin "$admin_password" "$STATE"
  cat <<MSG

Switchboard is up.
  Agent desktop    $url/   sign in as alice, bob or li.wei (passwords below): the browser
                   becomes that agent's phone (allow the microphone), then call in
  API and docs     $url/docs
  Readiness        $url/readyz        Metrics  $url/metrics
  Sign in          admin / $admin_password   (kept in $STATE/admin-password)
  Demo users       see $STATE/demo-users.txt:
$(sed 's/^/                   /' "$STATE/demo-users.txt")
  IVR              the demo flow answers every number: $url/api/flows (admin); its clock runs
                   from a Monday 10:00 Berlin (open hours) unless SWITCHBOARD_IVR_TIME=now
  Place a call     npm run demo -- call 100 2   (a real call that presses 2 for support; then $url/api/calls)
  Queues           sales and support, agents alice, bob and liwei on robot phones that answer:
                   $url/api/acd/queues (supervisor), $url/api/calls/<id>/offers for each decision
  Live traffic     npm run demo -- traffic 20 4   (20 real calls over 4 minutes: watch $url/#wallboard as sam)
  SIP trunk        any SIP client on this machine can call sip:100@127.0.0.1:${SWITCHBOARD_SIP_PORT}
  Stop everything  npm run demo -- down
MSG
}

down() {
  if daemon_running; then
    say "stopping the daemon"
    kill -TERM "$(cat "$PIDFILE")"
    for _ in $(seq 150); do daemon_running || break; sleep 0.2; done
    daemon_running && kill -KILL "$(cat "$PIDFILE")"
  fi
  rm -f "$PIDFILE"
  bash scripts/asterisk-sandbox.sh stop
  stop_own_redis "$REDIS_PORT" "$STATE"
  say "stopped"
}

status() {
  daemon_running && echo "daemon: running (pid $(cat "$PIDFILE"))" || echo "daemon: stopped"
  bash scripts/asterisk-sandbox.sh status || true
  redis_answers "$REDIS_PORT" && echo "redis: answering on $REDIS_PORT" || echo "redis: not answering on $REDIS_PORT"
}

call() { # $1 dialled number, $2 digits the caller presses
  [ -n "${1:-}" ] || die "usage: npm run demo -- call <number> [digits]"
  load_asterisk_env
  node scripts/demo-call.mjs "$1" "${2:-}"
}

traffic() { # $1 number of calls, $2 minutes to spread them over
  load_asterisk_env
  node scripts/demo-traffic.mjs "${1:-12}" "${2:-3}"
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  status) status ;;
  call) shift; call "$@" ;;
  traffic) shift; traffic "$@" ;;
  *) die "unknown command '$1' (up, down, status, call, traffic)" ;;
esac
