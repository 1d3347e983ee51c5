#!/usr/bin/env bash
# A/B of the two start-up fixes, in one run on the same machine: the Lite jar as built (B) against a copy
# with the original Aries SPI Fly (weaves every class of a ServiceLoader consumer) and Jetty started in line
# with the other bundles (A). Prints median restart-to-health-200 for each and the ratio A/B.
# Usage: bench/startup-ab.sh [runs]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar=$here/distribution/lite/target/csghub-lite.jar
runs=${1:-5}
work=$(mktemp -d /tmp/csghub-ab.XXXXXX)
trap 'rm -rf "$work"' EXIT
spifly=$(ls ~/.m2/repository/org/apache/aries/spifly/org.apache.aries.spifly.dynamic.framework.extension/1.3.7/*.jar)

# A: swap the re-packed SPI Fly for the original, inside a copy of the jar
mkdir -p "$work/a/csghub/bundles"
cp "$jar" "$work/a.jar"
(cd "$work/a" && zip -q -d "$work/a.jar" 'csghub/bundles/org.csghub.lib.spifly-*.jar' \
  && cp "$spifly" csghub/bundles/ && zip -q "$work/a.jar" csghub/bundles/*.jar)
first_a=org.apache.aries.spifly.dynamic.framework.extension,slf4j.api,ch.qos.logback.core,ch.qos.logback.classic,jul.to.slf4j,org.apache.felix.log,org.csghub.logging

measure() { # jar extra-java-args... -> median ms of restart to 200 (first start discarded)
  local j=$1; shift
  local data=$work/data-$RANDOM port=$((20000 + RANDOM % 10000)) times=()
  for i in $(seq 0 "$runs"); do
    local t0; t0=$(date +%s%3N)
    CSGHUB_DATA_DIR=$data CSGHUB_HTTP_PORT=$port java "$@" -jar "$j" >"$data.log" 2>&1 &
    local pid=$!
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/health")" = 200 ]; do
      kill -0 $pid 2>/dev/null || { tail -5 "$data.log" >&2; exit 1; }
      sleep 0.02
    done
    [ "$i" -gt 0 ] && times+=($(( $(date +%s%3N) - t0 )))
    kill $pid; wait $pid 2>/dev/null || true
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

b=$(measure "$jar")
a=$(measure "$work/a.jar" -Dcsghub.bundles.first=$first_a -Dcsghub.bundles.parallel=none)
echo "startup.restart_ms.before_fixes(original SPI Fly, Jetty in line) $a"
echo "startup.restart_ms.as_built $b"
echo "startup.ratio_before_over_after $(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", a / b}')"
echo "load_average $(cut -d' ' -f1-3 /proc/loadavg)"
