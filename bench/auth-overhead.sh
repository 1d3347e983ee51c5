#!/usr/bin/env bash
# Authentication + permission overhead per request (issue 3's target: < 50 us at the median, cached).
# Starts Lite on a fresh data directory, installs the example plugin, and runs bench/AuthOverhead.java, which
# requests one public note N times anonymously and N times with a token and reads the server's auth timers.
# Usage: bench/auth-overhead.sh [N] ; needs mvn -q package -DskipTests first.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar=${LITE_JAR:-$here/distribution/lite/target/csghub-lite.jar}
example=$(ls "$here"/bundles/org.csghub.example/target/org.csghub.example-*.jar | head -1)
port=${PORT:-18766}
work=$(mktemp -d /tmp/csghub-auth-bench.XXXXXX)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
CSGHUB_HTTP_PORT=$port CSGHUB_DATA_DIR=$work/data CSGHUB_ADMIN_TOKEN=bench-operator CSGHUB_ADMIN_PASSWORD=bench-root-pass \
  CSGHUB_RATE_ANONYMOUS=1000000/100000 CSGHUB_RATE_USER=1000000/100000 CSGHUB_RATE_ADMIN=1000000/100000 \
  java ${JAVA_OPTS:-} -jar "$jar" >"$work/hub.log" 2>&1 &
pid=$!
until curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null; do
  kill -0 $pid 2>/dev/null || { tail -20 "$work/hub.log" >&2; exit 1; }
  sleep 0.1
done
java "$here/bench/AuthOverhead.java" "http://127.0.0.1:$port" bench-operator bench-root-pass "$example" "${1:-20000}"
