#!/usr/bin/env bash
# The whole test suite against a real Asterisk sandbox, a private Redis and the built daemon.
# Usage: npm test [-- tap args, e.g. test/calls]   Ends with one line: "N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
cd "$REPO_ROOT"

export SANDBOX_INSTANCE=test
export SANDBOX_STATE_DIR=${SANDBOX_STATE_DIR:-/var/lib/switchboard/sandbox-test}
TEST_REDIS_PORT=${TEST_REDIS_PORT:-16379}
RESULTS_DIR="$REPO_ROOT/test-artifacts"

cleanup() {
  bash scripts/asterisk-sandbox.sh stop >/dev/null 2>&1 || say "warning: sandbox stop failed"
  stop_own_redis "$TEST_REDIS_PORT" "$SANDBOX_STATE_DIR"
}

ensure_node
ensure_host_packages || exit 1
ensure_built || exit 1
trap cleanup EXIT
# Tests stop and start Redis on purpose, so they get their own, never the machine's.
redis_answers "$TEST_REDIS_PORT" || start_own_redis "$TEST_REDIS_PORT" "$SANDBOX_STATE_DIR"
bash scripts/asterisk-sandbox.sh start || { echo "0 passed, 1 failed"; exit 1; }
set -a
# shellcheck disable=SC1091
. "$SANDBOX_STATE_DIR/asterisk.env"
set +a
export SWITCHBOARD_REDIS_URL="redis://127.0.0.1:$TEST_REDIS_PORT"

mkdir -p "$RESULTS_DIR"
say "running tests (raw TAP in test-artifacts/tap.txt)"
npx --no-install tap -R tap "$@" | tee "$RESULTS_DIR/tap.txt" | node scripts/tap-progress.mjs
status=${PIPESTATUS[0]}
node scripts/tap-summary.mjs "$RESULTS_DIR/tap.txt"
summary_status=$?
[ "$status" -eq 0 ] && [ "$summary_status" -eq 0 ]
