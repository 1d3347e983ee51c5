#!/usr/bin/env bash
# Issue 7's benchmark: the OpenAI gateway's overhead against calling the engine directly, in the same run.
#
#   bash bench/gateway.sh        # ~3 min on 2 cores; needs the Lite jar and the stub engine fixture built:
#                                # mvn -q package -DskipTests -pl distribution/lite,tests/org.csghub.testing.stubengine -am
#
# The upstream is the stub engine (tests/org.csghub.testing.stubengine): an OpenAI-compatible server on the JDK's
# HTTP server that answers at once, hot-installed into Lite as a third-party engine bundle and deployed like any
# model, so the gateway routes to it as to a real engine. wrk drives POST /v1/chat/completions with 64 connections
# (2 threads) against the engine's own URL ("direct") and against the hub's /v1 with an inference key ("gateway"),
# REPS times each, alternating; then the time to the first streamed byte (curl, sequential) both ways.
#   gateway.added.p50 / .p99          gateway latency minus direct latency (ms)          targets <= 0.3 / <= 1 ms
#   gateway.rps.ratio                 gateway requests/s / direct requests/s             target  >= 0.8
#   gateway.ttfb.added                streamed first-byte delay added (ms, median)        target  <= 1 ms
# Knobs: HUB_PORT [18093], REPS [3], DURATION [10s], CONNS [64].
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
SB=${SHARED_BENCH:-$root/../shared/bench}
# shellcheck source=/dev/null
. "$SB/lib/common.sh"
# shellcheck source=bench/lib-hub.sh
. "$here/lib-hub.sh"
HUB_PORT=${HUB_PORT:-18093}
REPS=${REPS:-3}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-64}
JAR=${JAR:-$root/distribution/lite/target/csghub-lite.jar}
STUB=$(ls "$root"/tests/org.csghub.testing.stubengine/target/org.csghub.testing.stubengine-*.jar 2>/dev/null | head -1)
[ -f "$JAR" ] || die "build the Lite jar first (see the header)"
[ -n "$STUB" ] || die "build the stub engine first (see the header)"
need wrk curl jq
PW=bench-root-password
DATA=$HB_ROOT/gateway-data
stamp=$(date +%Y%m%dT%H%M%S)
mkdir -p "$HB_RESULTS"
export RESULTS_FILE=$HB_RESULTS/gateway-$stamp.txt

rm -rf "$DATA"; mkdir -p "$DATA/deploy"
cp "$STUB" "$DATA/deploy/"
hub_start "$DATA" "$HB_ROOT/gateway-hub.log"
TOKEN=$(hub_token)
auth=(-H "Authorization: Bearer $TOKEN")
for _ in $(seq 1 100); do curl -sf "${auth[@]}" "$HUB/api/v1/engines/stub-openai" >/dev/null && break; sleep 0.2; done
curl -sf "${auth[@]}" "$HUB/api/v1/engines/stub-openai" >/dev/null || die "the stub engine bundle did not install"

log "model bench/stub with a (header-only) GGUF file, deployed with the stub engine"
curl -sf "${auth[@]}" -H 'Content-Type: application/json' -d '{"namespace":"root","name":"stub","visibility":"private"}' \
  "$HUB/api/v1/models" >/dev/null
printf 'GGUF\003\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000' >"$HB_ROOT/stub.gguf"
curl -sf "${auth[@]}" -X PUT --data-binary @"$HB_ROOT/stub.gguf" "$HUB/api/v1/models/root/stub/files/model.gguf" >/dev/null
resource=$(curl -sf "${auth[@]}" "$HUB/api/v1/resources?type=deployment" | jq -r '.[0].id')
id=$(curl -sf "${auth[@]}" -H 'Content-Type: application/json' \
  -d "{\"engine\":\"stub-openai\",\"resourceId\":$resource,\"engineArgs\":{\"threads\":\"64\"}}" \
  "$HUB/api/v1/models/root/stub/run" | jq -r .id)
direct=""
for _ in $(seq 1 300); do
  ep=$(curl -sf "${auth[@]}" "$HUB/api/v1/models/root/stub/run/$id")
  [ "$(jq -r .state <<<"$ep")" = Running ] && { direct=$(jq -r .openaiBaseUrl <<<"$ep"); break; }
  sleep 0.2
done
[ -n "$direct" ] || die "the stub endpoint did not run: $ep"
KEY=$(curl -sf "${auth[@]}" -H 'Content-Type: application/json' -d '{"name":"bench-gw","scopes":["inference"]}' \
  "$HUB/api/v1/user/tokens" | jq -r .secret)
log "direct: $direct  gateway: $HUB/v1"

body='{"model":"root/stub","max_tokens":8,"messages":[{"role":"user","content":"hello"}]}'
lua=$HB_ROOT/gateway-post.lua
cat >"$lua" <<LUA
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $KEY"
LUA
# sanity: both answer 200 with the stub's reply
for url in "$direct/chat/completions" "$HUB/v1/chat/completions"; do
  reply=$(curl -s -w '\n%{http_code}' -H 'Content-Type: application/json' -H "Authorization: Bearer $KEY" -d "$body" "$url")
  [ "$(tail -1 <<<"$reply")" = 200 ] || die "$url answered: $reply"
done

# wrk's --latency table in ms: "50%" and "99%" rows; Requests/sec
wrk_run() { # url -> "rps p50ms p99ms"
  wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s "$lua" "$1" | awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
    /Non-2xx/ { bad = $NF }
    END { if (bad > 0) { print "non-2xx " bad > "/dev/stderr" }; printf "%s %s %s\n", rps, p50, p99 }'
}
d_rps=(); d_p50=(); d_p99=(); g_rps=(); g_p50=(); g_p99=()
for rep in $(seq 1 "$REPS"); do
  read -r r a b < <(wrk_run "$direct/chat/completions"); d_rps+=("$r"); d_p50+=("$a"); d_p99+=("$b")
  read -r r a b < <(wrk_run "$HUB/v1/chat/completions"); g_rps+=("$r"); g_p50+=("$a"); g_p99+=("$b")
  log "rep $rep: direct ${d_rps[-1]} req/s p50 ${d_p50[-1]} p99 ${d_p99[-1]} ms; gateway ${g_rps[-1]} req/s p50 ${g_p50[-1]} p99 ${g_p99[-1]} ms"
done
median() { printf '%s\n' "$@" | stats3 | awk '{print $2}'; }
metric_stats gateway.direct.rps req/s %.0f "${d_rps[@]}"
metric_stats gateway.gateway.rps req/s %.0f "${g_rps[@]}"
metric_stats gateway.direct.p50 ms %.3f "${d_p50[@]}"
metric_stats gateway.gateway.p50 ms %.3f "${g_p50[@]}"
metric_stats gateway.direct.p99 ms %.3f "${d_p99[@]}"
metric_stats gateway.gateway.p99 ms %.3f "${g_p99[@]}"
metric gateway.added.p50 "$(fmt %.3f "$(calc "$(median "${g_p50[@]}") - $(median "${d_p50[@]}")")")" ms
metric gateway.added.p99 "$(fmt %.3f "$(calc "$(median "${g_p99[@]}") - $(median "${d_p99[@]}")")")" ms
metric gateway.rps.ratio "$(fmt %.3f "$(calc "$(median "${g_rps[@]}") / $(median "${d_rps[@]}")")")" ratio

# time to the first streamed byte, sequential requests (curl's time_starttransfer)
sbody='{"model":"root/stub","max_tokens":8,"stream":true,"messages":[{"role":"user","content":"hello"}]}'
ttfb() { # url -> ms for one request
  curl -s -o /dev/null -w '%{time_starttransfer}\n' -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $KEY" -d "$sbody" "$1" | awk '{printf "%.3f", $1*1000}'
}
d_t=(); g_t=()
for _ in $(seq 1 200); do d_t+=("$(ttfb "$direct/chat/completions")"); g_t+=("$(ttfb "$HUB/v1/chat/completions")"); done
metric_stats gateway.direct.ttfb ms %.3f "${d_t[@]}"
metric_stats gateway.gateway.ttfb ms %.3f "${g_t[@]}"
metric gateway.ttfb.added "$(fmt %.3f "$(calc "$(median "${g_t[@]}") - $(median "${d_t[@]}")")")" ms
env_metrics 2>/dev/null || true
log "results: $RESULTS_FILE"
