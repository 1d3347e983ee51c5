# shellcheck shell=bash
# Shared by the hub benchmarks: start the Lite jar and get an access token for root.
# Needs HUB_PORT, JAR, PW, HB_ROOT and common.sh's log/die.

# hub_start <data dir> <log file> [NAME=value ...]: starts Lite (rate limits off, root's password $PW) with the
# extra environment given, sets hub_pid and HUB, stops the hub on exit, and waits for health.
hub_start() {
  local data=$1 logfile=$2; shift 2
  HUB=http://127.0.0.1:$HUB_PORT
  log "starting Lite on :$HUB_PORT"
  env CSGHUB_DATA_DIR="$data" CSGHUB_HTTP_PORT="$HUB_PORT" CSGHUB_ADMIN_PASSWORD="$PW" CSGHUB_RATE_ENABLED=false "$@" \
    java -jar "$JAR" >"$logfile" 2>&1 &
  hub_pid=$!
  trap 'kill $hub_pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 300); do curl -sf "$HUB/api/v1/health" >/dev/null && break; sleep 0.2; done
  curl -sf "$HUB/api/v1/health" >/dev/null || die "hub did not start (see $logfile)"
}

# hub_token: logs in as root (the first admin is created just after start-up) and prints a new token with the
# read, write and admin scopes.
hub_token() {
  local session=""
  for _ in $(seq 1 100); do
    session=$(curl -s -H 'Content-Type: application/json' -d "{\"username\":\"root\",\"password\":\"$PW\"}" \
      "$HUB/api/v1/auth/login" | jq -r '.accessToken // empty') && [ -n "$session" ] && break
    sleep 0.2
  done
  [ -n "$session" ] || die "cannot log in as root"
  curl -sf -H "Authorization: Bearer $session" -H 'Content-Type: application/json' \
    -d '{"name":"bench","scopes":["read","write","admin"]}' "$HUB/api/v1/user/tokens" | jq -r .secret
}
