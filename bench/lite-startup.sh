#!/usr/bin/env bash
# Lite start-up figures: process launch -> first 200 on /api/v1/health, for a fresh data directory
# ("first start": bundles are installed into the cache) and for a restart on the same directory
# ("restart": the cache is reused), plus the idle RSS after start.
# Usage: bench/lite-startup.sh [runs] ; needs the Lite jar (mvn -q package -DskipTests).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar=${LITE_JAR:-$here/distribution/lite/target/csghub-lite.jar}
runs=${1:-5}
port=${PORT:-18765}
url="http://127.0.0.1:$port/api/v1/health"
work=$(mktemp -d /tmp/csghub-bench.XXXXXX)
trap 'pkill -f "csghub.bench.marker=$work" 2>/dev/null || true; rm -rf "$work"' EXIT

now_ms() { date +%s%3N; }

# one start: prints "<ms to first 200> <rss kB 20 s after, idle>"
start_once() {
  local data=$1 t0 t1 pid code rss
  t0=$(now_ms)
  CSGHUB_HTTP_PORT=$port CSGHUB_DATA_DIR=$data java ${JAVA_OPTS:-} -Dcsghub.bench.marker="$work" -jar "$jar" >"$data.log" 2>&1 &
  pid=$!
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)
    [ "$code" = 200 ] && break
    kill -0 $pid 2>/dev/null || { echo "server died, see $data.log" >&2; tail -20 "$data.log" >&2; exit 1; }
    sleep 0.02
  done
  t1=$(now_ms)
  sleep ${IDLE_SECONDS:-20}
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  kill $pid; wait $pid 2>/dev/null || true
  echo "$((t1 - t0)) $rss"
}

stats() { sort -n | awk '{a[NR]=$1} END {printf "min=%s median=%s max=%s n=%d", a[1], a[int((NR+1)/2)], a[NR], NR}'; }

first=() restart=() rss=()
for i in $(seq 1 "$runs"); do
  d=$work/data$i
  read -r ms r < <(start_once "$d"); first+=("$ms"); rss+=("$r")
  read -r ms r < <(start_once "$d"); restart+=("$ms"); rss+=("$r")
done
echo "lite.first_start_to_health_200_ms $(printf '%s\n' "${first[@]}" | stats)"
echo "lite.restart_to_health_200_ms     $(printf '%s\n' "${restart[@]}" | stats)"
echo "lite.idle_rss_kB (${IDLE_SECONDS:-20} s after start)                  $(printf '%s\n' "${rss[@]}" | stats)"
