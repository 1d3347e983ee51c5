#!/usr/bin/env bash
# Hot install figures on the Lite jar: time from copying the example plugin into deploy/ until its route
# answers 200, from deleting it until the route answers 404, and from an API upload until 200.
# Usage: bench/hot-install.sh [runs]; needs `mvn -q package -DskipTests`.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar=${LITE_JAR:-$here/distribution/lite/target/csghub-lite.jar}
plugin=${PLUGIN_JAR:-$(ls "$here"/bundles/org.csghub.example/target/org.csghub.example-*.jar | head -1)}
runs=${1:-10}
port=${PORT:-18775}
token=bench-token-$$
base="http://127.0.0.1:$port"
route="$base/api/v1/example/greetings"
work=$(mktemp -d /tmp/csghub-hot.XXXXXX)
CSGHUB_ADMIN_TOKEN=$token CSGHUB_HTTP_PORT=$port CSGHUB_DATA_DIR=$work/data java -jar "$jar" >"$work/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/health")" = 200 ]; do sleep 0.05; done

now_ms() { date +%s%3N; }
wait_for() { # url code -> ms waited (poll every 5 ms, give up after 10 s)
  local t0 i; t0=$(now_ms)
  for i in $(seq 1 2000); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = "$2" ] && { echo $(( $(now_ms) - t0 )); return; }
    sleep 0.005
  done
  echo "timeout waiting for $2 on $1" >&2; exit 1
}
stats() { sort -n | awk '{a[NR]=$1} END {printf "min=%s median=%s max=%s n=%d", a[1], a[int((NR+1)/2)], a[NR], NR}'; }

drop=() gone=() api=()
for i in $(seq 1 "$runs"); do
  cp "$plugin" "$work/data/deploy/.example.tmp" && mv "$work/data/deploy/.example.tmp" "$work/data/deploy/example.jar"
  drop+=("$(wait_for "$route" 200)")
  rm "$work/data/deploy/example.jar"
  gone+=("$(wait_for "$route" 404)")
  t0=$(now_ms)
  id=$(curl -s -H "Authorization: Bearer $token" -H 'Content-Type: application/java-archive' \
        --data-binary @"$plugin" "$base/api/v1/admin/plugins" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
  w=$(wait_for "$route" 200); api+=("$(( $(now_ms) - t0 ))")
  curl -s -o /dev/null -X DELETE -H "Authorization: Bearer $token" "$base/api/v1/admin/plugins/$id"
  wait_for "$route" 404 >/dev/null
done
echo "hot.deploy_drop_to_route_200_ms   $(printf '%s\n' "${drop[@]}" | stats)"
echo "hot.deploy_delete_to_route_404_ms $(printf '%s\n' "${gone[@]}" | stats)"
echo "hot.api_upload_to_route_200_ms    $(printf '%s\n' "${api[@]}" | stats)"
echo "hot.rss_after_cycles_kB           $(awk '/VmRSS/ {print $2}' /proc/$pid/status)"
sleep 20
echo "hot.rss_idle_20s_later_kB         $(awk '/VmRSS/ {print $2}' /proc/$pid/status)"
