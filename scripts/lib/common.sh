# Shared by the scripts: logging and making sure what the project needs is on the machine.
# shellcheck shell=bash

say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Debian packages the product and its tests use; installed once, only when missing.
HOST_PACKAGES=(debootstrap redis-server sip-tester sox libsox-fmt-mp3 espeak-ng chromium pocketsphinx pocketsphinx-en-us)

ensure_host_packages() {
  local missing=()
  for pkg in "${HOST_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing Debian packages: ${missing[*]} (run as root, or install them first)"
  say "installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_node() {
  command -v node >/dev/null || die "Node.js 20 or newer is needed (node not found)"
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 20 ] || die "Node.js 20 or newer is needed (found $(node --version))"
}

# Installs npm packages when node_modules is missing or older than the lock file, then builds if
# any source changed. `npm install`, not `npm ci`: with omit-lockfile-registry-resolved set (as on
# our machines, so no registry address lands in the repo) npm writes locks that `npm ci` refuses;
# `npm install` still installs exactly the locked versions. Callers use `|| exit`, which turns
# off `set -e` in here, hence the explicit checks.
ensure_built() {
  cd "$REPO_ROOT" || return 1
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages"
    npm install --no-audit --no-fund --loglevel=error >/dev/null || { echo "error: npm install failed" >&2; return 1; }
  fi
  if [ ! -f dist/cti/main.js ] || [ -n "$(find cti dialplan migrations -newer dist/cti/main.js -print -quit)" ]; then
    say "building"
    npx --no-install tsc -p tsconfig.build.json || { echo "error: the TypeScript build failed" >&2; return 1; }
  fi
  if [ ! -f web-softphone/dist/index.html ] || [ -n "$(find web-softphone/src web-softphone/index.html web-softphone/vite.config.ts -newer web-softphone/dist/index.html -print -quit)" ]; then
    say "building the web app"
    npx --no-install vite build --config web-softphone/vite.config.ts --logLevel error >/dev/null || { echo "error: the web app build failed (npm run build:web shows why)" >&2; return 1; }
  fi
}

redis_answers() { # $1 port
  redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null | grep -q PONG
}

# A Redis we own: no persistence, noeviction (BullMQ's jobs must never be evicted).
start_own_redis() { # $1 port  $2 state dir
  mkdir -p "$2"
  redis-server --port "$1" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
    --maxmemory-policy noeviction --pidfile "$2/redis-$1.pid" --logfile "$2/redis-$1.log" --dir "$2" >/dev/null
  for _ in $(seq 50); do redis_answers "$1" && return 0; sleep 0.1; done
  die "redis-server on port $1 did not answer; see $2/redis-$1.log"
}

stop_own_redis() { # $1 port  $2 state dir
  local pidfile="$2/redis-$1.pid"
  [ -f "$pidfile" ] || return 0
  redis-cli -h 127.0.0.1 -p "$1" shutdown nosave >/dev/null 2>&1 || kill "$(cat "$pidfile")" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$(cat "$pidfile" 2>/dev/null)" 2>/dev/null || break; sleep 0.1; done
  rm -f "$pidfile"
}
