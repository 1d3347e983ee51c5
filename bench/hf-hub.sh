#!/usr/bin/env bash
# Issue 5's benchmark: the HuggingFace-compatible API against the physical baselines, in the same run.
#
#   bash bench/hf-hub.sh           # baselines + Lite (filesystem store); ~10 min on 2 cores
#
#   resolve download MB/s of a 1 GiB LFS file / nginx sendfile of the same file     target >= 0.95
#   listModels requests/s with 10,000 repositories in the database (wrk, 2 threads, 16 connections), beside
#   nginx's requests/s for a tiny static JSON file (the REST anchor)
#
# The 1 GiB file goes in the way an HF client uploads it: preupload, the LFS batch API under /hf, the PUT to the
# signed upload URL, an NDJSON commit. The 10,000 repositories are created through POST /hf/api/repos/create.
# Uses ../shared/bench (SHARED_BENCH) like asset-hub.sh: setup-baselines.sh, nginx-baseline.sh, measure.sh with
# TESTS="get1g wrk". Knobs: HUB_PORT [18091], REPOS [10000], REPS [5], SKIP_BASELINE=1 (reuse nginx-latest.txt).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
SB=${SHARED_BENCH:-$root/../shared/bench}
# shellcheck source=/dev/null
. "$SB/lib/common.sh"
# shellcheck source=bench/lib-hub.sh
. "$here/lib-hub.sh"
HUB_PORT=${HUB_PORT:-18091}
REPOS=${REPOS:-10000}
export REPS=${REPS:-5}
JAR=${JAR:-$root/distribution/lite/target/csghub-lite.jar}
[ -f "$JAR" ] || die "build the Lite jar first: mvn -q package -DskipTests"
PW=bench-root-password
DATA=$HB_ROOT/hf-hub-data
stamp=$(date +%Y%m%dT%H%M%S)
mkdir -p "$HB_RESULTS"

(unset RESULTS_FILE; bash "$SB/setup-baselines.sh")
if [ "${SKIP_BASELINE:-0}" != 1 ]; then
  (unset RESULTS_FILE; SKIP_DISK=1 TESTS="get1g wrk" bash "$SB/nginx-baseline.sh")
fi
bash "$SB/stop-baselines.sh" || true
export RESULTS_FILE=$HB_RESULTS/hf-$stamp.txt

rm -rf "$DATA"; mkdir -p "$DATA"
hub_start "$DATA" "$HB_ROOT/hf-hub.log"
TOKEN=hf_$(hub_token)
AUTH="Authorization: Bearer $TOKEN"
api() { curl -sS --fail-with-body -H "$AUTH" -H 'Content-Type: application/json' "$@"; }

# ---- the 1 GiB file, uploaded as @huggingface/hub does
api -o /dev/null -d '{"name":"root/big","type":"model"}' "$HUB/hf/api/repos/create"
f=$HB_DATA/1g.bin
size=$(stat -c %s "$f"); oid=$(sha256sum "$f" | cut -c1-64)
mode=$(api -d "{\"files\":[{\"path\":\"1g.bin\",\"size\":$size,\"sample\":\"$(head -c 512 "$f" | base64 -w0)\"}]}" \
  "$HUB/hf/api/models/root/big/preupload/main" | jq -r '.files[0].uploadMode')
[ "$mode" = lfs ] || die "preupload said $mode for a 1 GiB file"
href=$(api -H 'Content-Type: application/vnd.git-lfs+json' -H 'Accept: application/vnd.git-lfs+json' \
  -d "{\"operation\":\"upload\",\"transfers\":[\"basic\",\"multipart\"],\"hash_algo\":\"sha_256\",\"ref\":{\"name\":\"main\"},\"objects\":[{\"oid\":\"$oid\",\"size\":$size}]}" \
  "$HUB/hf/root/big.git/info/lfs/objects/batch" | jq -r '.objects[0].actions.upload.href // empty')
[ -n "$href" ] && curl -sS --fail -o /dev/null -X PUT -T "$f" "$href"
printf '%s\n%s\n' '{"key":"header","value":{"summary":"1 GiB"}}' \
  "{\"key\":\"lfsFile\",\"value\":{\"path\":\"1g.bin\",\"algo\":\"sha256\",\"oid\":\"$oid\",\"size\":$size}}" |
  curl -sS --fail-with-body -o /dev/null -H "$AUTH" -H 'Content-Type: application/x-ndjson' --data-binary @- \
    "$HUB/hf/api/models/root/big/commit/main"
got=$(curl -sS -I -H "$AUTH" "$HUB/hf/root/big/resolve/main/1g.bin" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-linked-size" {print $2}')
[ "$got" = "$size" ] || die "resolve HEAD reports X-Linked-Size $got, not $size"

# ---- 10,000 repositories: one curl config per 250 (keep-alive), 4 configs in parallel; the count is checked
log "creating $REPOS repositories"
t0=$(date +%s)
cfg=$HB_ROOT/hf-create.d; rm -rf "$cfg"; mkdir -p "$cfg"
seq 1 "$REPOS" | awk -v url="$HUB/hf/api/repos/create" -v auth="$AUTH" -v dir="$cfg" '{
  f = sprintf("%s/%04d.cfg", dir, int(($1 - 1) / 250))
  printf "url = \"%s\"\nheader = \"%s\"\nheader = \"Content-Type: application/json\"\n", url, auth > f
  printf "data = \"{\\\"name\\\":\\\"root/repo-%d\\\",\\\"type\\\":\\\"model\\\"}\"\noutput = \"/dev/null\"\nfail\nnext\n", $1 > f
}'
for f in "$cfg"/*.cfg; do sed -i '$ d' "$f"; done   # no `next` after the last request of a file
ls "$cfg"/*.cfg | xargs -P 4 -n 1 curl -sS -K
count=$(curl -sS -H "$AUTH" "$HUB/api/v1/models?per_page=1" | jq -r '.total // empty')
log "created in $(( $(date +%s) - t0 )) s (the hub reports ${count:-?} models)"
[ "${count:-0}" -ge "$REPOS" ] || die "expected at least $REPOS models, the hub reports ${count:-none}"

# ---- the same measure.sh the baseline ran, pointed at the HF routes
LABEL=hf SERVER_PIDS=$hub_pid HUB_URL=$HUB TESTS="get1g wrk" \
FILE_URL="$HUB/hf/root/big/resolve/main/1g.bin" \
JSON_URL="$HUB/hf/api/models?limit=20&sort=downloads&direction=-1" \
FILE100_URL="$HUB/hf/root/big/resolve/main/1g.bin" SYNTH_URL=$HUB BIGBLOB_URL=$HUB PUSH_URL=$HUB \
HUB_AUTH_HEADER="$AUTH" \
  bash "$SB/measure.sh"

base=$HB_RESULTS/nginx-latest.txt
echo "# ratios (> 1: the hub is faster than the baseline)" | tee "$HB_RESULTS/hf-hub-$stamp.txt"
bash "$SB/ratios.sh" "$base" "$HB_RESULTS/hf-latest.txt" | tee -a "$HB_RESULTS/hf-hub-$stamp.txt"
log "figures: $RESULTS_FILE, ratios: $HB_RESULTS/hf-hub-$stamp.txt"
