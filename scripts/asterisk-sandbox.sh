#!/usr/bin/env bash
# Asterisk 22 sandbox: Debian unstable in a cached chroot, several isolated
# instances (demo, test, ...) running side by side from that one chroot.
#
#   scripts/asterisk-sandbox.sh provision|start|stop|restart|status|rx "<cli command>"
#
# Environment (defaults in brackets):
#   SANDBOX_CHROOT      [/var/cache/switchboard/asterisk-sid]
#   SANDBOX_INSTANCE    [demo]  demo and test have default ports; others need all ports set
#   SANDBOX_HTTP_PORT   ARI + websockets   [demo 8088, test 18088]
#   SANDBOX_AMI_PORT    AMI                [demo 5038, test 15038]
#   SANDBOX_SIP_PORT    UDP trunk          [demo 5060, test 15060]
#   SANDBOX_RTP_START / SANDBOX_RTP_END    [demo 10000-10999, test 11000-11999]
#   SANDBOX_TRUNK_MATCH identify match of the inbound trunk [127.0.0.1]
#   SANDBOX_STATE_DIR   credentials, env file, pid, console log [/var/lib/switchboard/sandbox-<instance>]
#   SANDBOX_START_TIMEOUT seconds to wait for boot [60]
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CHROOT=${SANDBOX_CHROOT:-/var/cache/switchboard/asterisk-sid}
INSTANCE=${SANDBOX_INSTANCE:-demo}
EXTRA_PACKAGES=(asterisk-moh-opsound-wav)

die() { echo "asterisk-sandbox: $*" >&2; exit 1; }
say() { echo "asterisk-sandbox[$INSTANCE]: $*"; }

[[ $INSTANCE =~ ^[a-z0-9][a-z0-9_-]{0,30}$ ]] || die "SANDBOX_INSTANCE=$INSTANCE: use lower-case letters, digits, - and _"
[[ $(id -u) == 0 ]] || die "needs root (chroot, mount)"

case $INSTANCE in
  demo) defaults=(8088 5038 5060 10000 10999) ;;
  test) defaults=(18088 15038 15060 11000 11999) ;;
  *) defaults=("" "" "" "" "") ;;
esac
HTTP_PORT=${SANDBOX_HTTP_PORT:-${defaults[0]}}
AMI_PORT=${SANDBOX_AMI_PORT:-${defaults[1]}}
SIP_PORT=${SANDBOX_SIP_PORT:-${defaults[2]}}
RTP_START=${SANDBOX_RTP_START:-${defaults[3]}}
RTP_END=${SANDBOX_RTP_END:-${defaults[4]}}
TRUNK_MATCH=${SANDBOX_TRUNK_MATCH:-127.0.0.1}
STATE_DIR=${SANDBOX_STATE_DIR:-/var/lib/switchboard/sandbox-$INSTANCE}
START_TIMEOUT=${SANDBOX_START_TIMEOUT:-60}

# The instance's directories as Asterisk sees them (inside the chroot) and on the host.
INNER_DIR=/srv/switchboard/$INSTANCE
HOST_DIR=$CHROOT$INNER_DIR
INNER_CONF=$INNER_DIR/etc/asterisk.conf
PIDFILE=$STATE_DIR/asterisk.pid
CONSOLE_LOG=$STATE_DIR/asterisk-console.log
ENV_FILE=$STATE_DIR/asterisk.env
SECRETS_FILE=$STATE_DIR/secrets

require_ports() {
  local name value
  for name in HTTP_PORT AMI_PORT SIP_PORT RTP_START RTP_END; do
    value=${!name}
    [[ $value =~ ^[0-9]+$ ]] || die "SANDBOX_$name='$value' is not a port number (only demo and test have default ports)"
  done
}

# --- provisioning -----------------------------------------------------------

# One lock for everything touching the shared chroot (install, mounts), so
# instances started or stopped in parallel cannot unmount under each other.
lock_chroot() {
  mkdir -p "$(dirname "$CHROOT")"
  exec 9>"$CHROOT.lock"
  flock 9
}

debootstrap_into() {
  local target=$1 log=$2
  rm -rf "$target"
  debootstrap --variant=minbase \
    --include="asterisk,asterisk-core-sounds-en,$(IFS=,; echo "${EXTRA_PACKAGES[*]}")" \
    sid "$target" >"$log" 2>&1
}

build_chroot() {
  local tmp=$CHROOT.tmp log=$CHROOT.debootstrap.log
  # debootstrap removes <target>/debootstrap only when it finished; a tree
  # without it and with asterisk installed is a complete earlier run: adopt it.
  if [[ -x $tmp/usr/sbin/asterisk && ! -e $tmp/debootstrap ]]; then
    say "adopting finished debootstrap in $tmp"
  else
    say "debootstrap of Debian unstable into $tmp (a few minutes; log: $log)"
    if ! debootstrap_into "$tmp" "$log"; then
      say "debootstrap failed, retrying once: $(tail -n 1 "$log")"
      if ! debootstrap_into "$tmp" "$log"; then
        die "Debian unstable moves daily: debootstrap of sid failed twice ($(tail -n 1 "$log")); see $log, retry later"
      fi
    fi
  fi
  # Atomic: $CHROOT either does not exist or is a complete tree.
  mv -T "$tmp" "$CHROOT"
}

mount_chroot() {
  mountpoint -q "$CHROOT/proc" || mount --bind /proc "$CHROOT/proc"
  mountpoint -q "$CHROOT/dev" || mount --bind /dev "$CHROOT/dev"
}

# PIDs of every process whose root is the chroot (all instances, strays too).
chroot_pids() {
  local root p
  root=$(realpath "$CHROOT")
  for p in /proc/[0-9]*; do
    [[ $(readlink "$p/root" 2>/dev/null) == "$root" ]] && echo "${p#/proc/}"
  done
  return 0
}

unmount_chroot_if_unused() {
  if [[ -n $(chroot_pids) ]]; then
    return 0
  fi
  mountpoint -q "$CHROOT/dev" && umount "$CHROOT/dev"
  mountpoint -q "$CHROOT/proc" && umount "$CHROOT/proc"
  return 0
}

install_extra_packages() {
  local missing=() pkg
  for pkg in "${EXTRA_PACKAGES[@]}"; do
    [[ -e $CHROOT/var/lib/dpkg/info/$pkg.list ]] || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  say "installing ${missing[*]} in the chroot"
  # Keep package scripts from starting services inside the chroot.
  printf '#!/bin/sh\nexit 101\n' >"$CHROOT/usr/sbin/policy-rc.d"
  chmod 755 "$CHROOT/usr/sbin/policy-rc.d"
  mount_chroot
  local rc=0
  chroot "$CHROOT" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
    >"$CHROOT.apt.log" 2>&1 ||
    { chroot "$CHROOT" apt-get update -q >>"$CHROOT.apt.log" 2>&1 &&
      chroot "$CHROOT" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        "${missing[@]}" >>"$CHROOT.apt.log" 2>&1; } || rc=$?
  unmount_chroot_if_unused
  ((rc == 0)) || die "Debian unstable moves daily: apt-get install ${missing[*]} failed in the chroot ($(tail -n 1 "$CHROOT.apt.log")); see $CHROOT.apt.log"
}

# Asterisk runs as root here; the package's files belong to the chroot's
# asterisk user and root-owned Asterisk then hits "Permission denied".
# Only real directories inside the chroot: var/run is an absolute symlink to /run
# and following it would touch the host.
chown_asterisk_dirs() {
  local d root
  root=$(realpath "$CHROOT")
  for d in etc/asterisk var/lib/asterisk var/spool/asterisk var/log/asterisk run/asterisk; do
    [[ -d $CHROOT/$d && ! -L $CHROOT/$d ]] || continue
    [[ $(realpath "$CHROOT/$d") == "$root"/* ]] || continue
    chown -R root:root "$CHROOT/$d"
  done
}

provision() {
  lock_chroot
  if [[ ! -x $CHROOT/usr/sbin/asterisk ]]; then
    [[ -e $CHROOT ]] && die "$CHROOT exists but has no usr/sbin/asterisk: remove it and run provision again"
    build_chroot
  fi
  install_extra_packages
  chown_asterisk_dirs
  flock -u 9
}

provisioned() {
  [[ -x $CHROOT/usr/sbin/asterisk ]] || return 1
  local pkg
  for pkg in "${EXTRA_PACKAGES[@]}"; do
    [[ -e $CHROOT/var/lib/dpkg/info/$pkg.list ]] || return 1
  done
}

# --- instance state ---------------------------------------------------------

# The instance's Asterisk PID if it is alive and really this instance: our
# pidfile first, then the one Asterisk writes itself (if ours was lost).
running_pid() {
  local file pid
  for file in "$PIDFILE" "$HOST_DIR/run/asterisk.pid"; do
    [[ -f $file ]] || continue
    pid=$(<"$file")
    [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" || continue
    # The daemon itself, not an `asterisk -rx` client of the same config.
    [[ $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) == "/usr/sbin/asterisk -f "*"-C $INNER_CONF "* ]] || continue
    echo "$pid"
    return 0
  done
  return 1
}

# A hung Asterisk still accepts on its control socket and never answers: bound every call.
asterisk_rx() {
  # -k: the remote console ignores SIGTERM while it waits for an answer.
  timeout -k 1 "${2:-10}" chroot "$CHROOT" /usr/sbin/asterisk -C "$INNER_CONF" -rx "$1"
}

# Alive and not a zombie waiting for PID 1 to reap it.
alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  [[ ${stat##*) } != Z* ]]
}

random_hex() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }

# Generated once per instance and kept, so the daemon's env stays valid across restarts.
ensure_secrets() {
  mkdir -p "$STATE_DIR"
  chmod 700 "$STATE_DIR"
  if [[ ! -s $SECRETS_FILE ]]; then
    (umask 077 && printf 'ARI_PASSWORD=%s\nAMI_PASSWORD=%s\n' "$(random_hex)" "$(random_hex)" >"$SECRETS_FILE")
  fi
  # shellcheck disable=SC1090
  . "$SECRETS_FILE"
  [[ -n ${ARI_PASSWORD:-} && -n ${AMI_PASSWORD:-} ]] || die "$SECRETS_FILE is damaged: delete it to generate new passwords"
}

write_env_file() {
  local tmp=$ENV_FILE.tmp
  (umask 077 && cat >"$tmp" <<EOF
SWITCHBOARD_ARI_URL=http://127.0.0.1:$HTTP_PORT
SWITCHBOARD_ARI_USER=switchboard
SWITCHBOARD_ARI_PASSWORD=$ARI_PASSWORD
SWITCHBOARD_ARI_APP=switchboard
SWITCHBOARD_AMI_HOST=127.0.0.1
SWITCHBOARD_AMI_PORT=$AMI_PORT
SWITCHBOARD_AMI_USER=switchboard
SWITCHBOARD_AMI_PASSWORD=$AMI_PASSWORD
SWITCHBOARD_SIP_PORT=$SIP_PORT
SWITCHBOARD_ASTERISK_SPOOL_DIR=$HOST_DIR/spool
SWITCHBOARD_SANDBOX_INSTANCE=$INSTANCE
SWITCHBOARD_PROMPTS_DIR=$HOST_DIR/lib/prompts
SWITCHBOARD_ASTERISK_PROMPTS_DIR=$INNER_DIR/lib/prompts
EOF
  )
  chmod 600 "$tmp"
  mv -f "$tmp" "$ENV_FILE"
}

# The renderer is TypeScript: rebuild dist/ when it is missing or older than
# any source or template, then prefer the product CLI once it knows the command.
renderer() {
  local cli=$REPO/dist/cti/cli.js own=$REPO/dist/cti/asterisk-config/main.js target
  target=$own
  [[ -f $REPO/cti/cli.ts ]] && target=$cli
  if [[ ! -f $target || -n $(find "$REPO/cti" "$REPO/dialplan" -newer "$target" -print -quit) ]]; then
    say "building dist/ (npx tsc -p tsconfig.build.json)" >&2
    # tsc still emits when other parts of cti/ have type errors; only a missing output is fatal.
    (cd "$REPO" && npx --no-install tsc -p tsconfig.build.json >&2) || say "tsc reported errors (above); using what it emitted" >&2
    touch -c "$target"
  fi
  # The product CLI, once it answers `asterisk-config --help`; else this module's own entry.
  if [[ -f $cli ]] && node "$cli" asterisk-config --help >/dev/null 2>&1; then
    echo "$cli asterisk-config"
  elif [[ -f $own ]]; then
    echo "$own"
  else
    die "no renderer: neither $cli (with asterisk-config) nor $own was built"
  fi
}

render_config() {
  local found
  local -a cmd
  found=$(renderer) || exit 1
  read -r -a cmd <<<"$found"
  # Exported in a subshell, not passed as `env VAR=...` arguments, which ps would show.
  (
    export SWITCHBOARD_ARI_URL="http://127.0.0.1:$HTTP_PORT" SWITCHBOARD_ARI_USER=switchboard \
      SWITCHBOARD_ARI_PASSWORD="$ARI_PASSWORD" SWITCHBOARD_ARI_APP=switchboard \
      SWITCHBOARD_AMI_PORT="$AMI_PORT" SWITCHBOARD_AMI_USER=switchboard SWITCHBOARD_AMI_PASSWORD="$AMI_PASSWORD" \
      SWITCHBOARD_SIP_PORT="$SIP_PORT" SWITCHBOARD_RTP_START="$RTP_START" SWITCHBOARD_RTP_END="$RTP_END" \
      SWITCHBOARD_TRUNK_MATCH="$TRUNK_MATCH" SWITCHBOARD_ASTERISK_DIR="$INNER_DIR"
    node "${cmd[@]}" --out "$HOST_DIR/etc" >/dev/null
  )
}

make_instance_dirs() {
  # spool/recording: ARI recordings fail with "No such file or directory" without it.
  mkdir -p "$HOST_DIR"/{etc,run,log,lib,cache} "$HOST_DIR"/lib/prompts "$HOST_DIR"/spool/{recording,tmp,outgoing,monitor,voicemail}
}

check_ports_free() {
  local port
  for port in "$HTTP_PORT" "$AMI_PORT"; do
    [[ -z $(ss -Hltn "sport = :$port") ]] || die "TCP port $port is already in use: $(ss -Hltnp "sport = :$port" | head -n 1)"
  done
  [[ -z $(ss -Hlun "sport = :$SIP_PORT") ]] || die "UDP port $SIP_PORT is already in use"
}

ari_answers() {
  # Credentials on stdin, not on the command line where ps shows them.
  printf 'user = "switchboard:%s"\n' "$ARI_PASSWORD" |
    curl -fsS --max-time 2 -K - -o /dev/null "http://127.0.0.1:$HTTP_PORT/ari/asterisk/info" 2>/dev/null
}

# Reports a failed start and removes the half-started instance (process, pidfile, mounts).
boot_failed() {
  local pid=$2
  echo "asterisk-sandbox[$INSTANCE]: $1" >&2
  echo "--- tail of $HOST_DIR/log/messages.log" >&2
  tail -n 20 "$HOST_DIR/log/messages.log" 2>/dev/null >&2 || true
  echo "--- tail of $CONSOLE_LOG" >&2
  tail -n 20 "$CONSOLE_LOG" >&2 || true
  kill -KILL "$pid" 2>/dev/null || true
  while alive "$pid"; do sleep 0.1; done
  rm -f "$PIDFILE"
  lock_chroot
  unmount_chroot_if_unused
  exit 1
}

start() {
  local pid
  require_ports
  if pid=$(running_pid); then
    say "already running (pid $pid); 'restart' applies config changes"
    echo "$ENV_FILE"
    return 0
  fi
  check_ports_free
  provisioned || provision
  ensure_secrets
  make_instance_dirs
  write_env_file
  render_config
  lock_chroot
  mount_chroot
  # setsid: Asterisk must outlive this script and its terminal. chroot execs
  # asterisk, so $! is Asterisk's own pid.
  # 9>&-: the lock's fd must not live on in Asterisk.
  setsid chroot "$CHROOT" /usr/sbin/asterisk -f -n -C "$INNER_CONF" </dev/null >"$CONSOLE_LOG" 2>&1 9>&- &
  pid=$!
  disown "$pid"
  echo "$pid" >"$PIDFILE"
  flock -u 9
  local deadline=$((SECONDS + START_TIMEOUT))
  until asterisk_rx 'core waitfullybooted' >/dev/null 2>&1; do
    alive "$pid" || boot_failed "Asterisk exited during start-up" "$pid"
    ((SECONDS < deadline)) || boot_failed "Asterisk not fully booted after ${START_TIMEOUT}s" "$pid"
    sleep 0.1
  done
  until ari_answers; do
    alive "$pid" || boot_failed "Asterisk exited during start-up" "$pid"
    ((SECONDS < deadline)) || boot_failed "ARI on 127.0.0.1:$HTTP_PORT not answering after ${START_TIMEOUT}s" "$pid"
    sleep 0.1
  done
  say "running (pid $pid): ARI http://127.0.0.1:$HTTP_PORT, AMI $AMI_PORT, SIP udp $SIP_PORT, RTP $RTP_START-$RTP_END"
  echo "$ENV_FILE"
}

stop() {
  local pid
  if pid=$(running_pid); then
    asterisk_rx 'core stop now' 5 >/dev/null 2>&1 || true
    local deadline=$((SECONDS + 15))
    while alive "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
    if alive "$pid"; then
      say "did not stop within 15s: SIGKILL $pid"
      kill -KILL "$pid" 2>/dev/null || true
      while alive "$pid"; do sleep 0.1; done
      rm -f "$HOST_DIR/run/asterisk.ctl" "$HOST_DIR/run/asterisk.pid"
    fi
    say "stopped"
  else
    say "not running"
  fi
  rm -f "$PIDFILE"
  [[ -d $CHROOT ]] || return 0
  lock_chroot
  unmount_chroot_if_unused
  flock -u 9
}

status() {
  local pid
  if pid=$(running_pid); then
    say "running (pid $pid): ARI http://127.0.0.1:$HTTP_PORT, AMI $AMI_PORT, SIP udp $SIP_PORT; env $ENV_FILE"
    asterisk_rx 'core show uptime'
  else
    say "stopped"
    return 3
  fi
}

case ${1:-} in
  provision) provision ;;
  start) start ;;
  stop) stop ;;
  restart) stop && start ;;
  status) status ;;
  rx)
    [[ -n ${2:-} ]] || die 'usage: rx "<cli command>"'
    running_pid >/dev/null || die "instance $INSTANCE is not running"
    asterisk_rx "$2" 60
    ;;
  *) die "usage: $0 provision|start|stop|restart|status|rx \"<cli command>\"" ;;
esac
