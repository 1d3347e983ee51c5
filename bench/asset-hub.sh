#!/usr/bin/env bash
# Issue 4's benchmark: the asset hub's Git and Git LFS paths against the physical baselines, in the same run.
#
#   bash bench/asset-hub.sh            # baselines + Lite (filesystem store); ~15 min on 2 cores
#
#   LFS download MB/s    / nginx sendfile of the same 1 GiB file        target >= 0.95
#   LFS upload MB/s      / dd of the same file with conv=fsync           target >= 0.90
#                          (against the baseline's dd and against dd measured right after the uploads)
#   clone --bare, raw pack streaming time / git-http-backend             target <= 1.0 (ratio >= 1.0 below)
#
# Uses ../shared/bench (SHARED_BENCH): setup-baselines.sh makes the data (1g.bin, synthetic.git with 2000 commits
# and 5000 files, bigblob.git with one 512 MiB blob), nginx-baseline.sh measures nginx + git-http-backend and the
# disk, measure.sh is then pointed at the hub. The hub runs from distribution/lite/target/csghub-lite.jar
# (build it first: mvn -q package -DskipTests) with its data under /tmp/hubbench/hub-data.
# Knobs: HUB_PORT [18090], REPS [5], BIG_REPS [3], UPLOAD_REPS [3], SKIP_BASELINE=1 (reuse nginx-latest.txt).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
SB=${SHARED_BENCH:-$root/../shared/bench}
# shellcheck source=/dev/null
. "$SB/lib/common.sh"
# shellcheck source=bench/lib-hub.sh
. "$here/lib-hub.sh"
HUB_PORT=${HUB_PORT:-18090}
UPLOAD_REPS=${UPLOAD_REPS:-3}
export REPS=${REPS:-5} BIG_REPS=${BIG_REPS:-3}
JAR=${JAR:-$root/distribution/lite/target/csghub-lite.jar}
[ -f "$JAR" ] || die "build the Lite jar first: mvn -q package -DskipTests"
PW=bench-root-password
OPTOKEN=bench-operator-token
DATA=$HB_ROOT/hub-data
stamp=$(date +%Y%m%dT%H%M%S)
mkdir -p "$HB_RESULTS"

(unset RESULTS_FILE; bash "$SB/setup-baselines.sh")
if [ "${SKIP_BASELINE:-0}" != 1 ]; then
  (unset RESULTS_FILE; bash "$SB/nginx-baseline.sh")
fi
bash "$SB/stop-baselines.sh" || true
export RESULTS_FILE=$HB_RESULTS/java-$stamp.txt

# ---- the hub
rm -rf "$DATA"; mkdir -p "$DATA" "$HB_RESULTS"
hub_start "$DATA" "$HB_ROOT/hub.log" CSGHUB_ADMIN_TOKEN=$OPTOKEN CSGHUB_GIT_MAX_FILE_BYTES=1073741824
TOKEN=$(hub_token)
AUTH="Authorization: Bearer $TOKEN"
BASIC="Authorization: Basic $(printf 'root:%s' "$TOKEN" | base64 -w0)"
api() { curl -sS -H "$AUTH" -H 'Content-Type: application/json' "$@"; }
create() { api -o /dev/null -w '%{http_code}\n' -d "{\"name\":\"$1\"}" "$HUB/api/v1/models" | grep -q 201 || die "cannot create $1"; }
for r in synthetic bigblob push-bench lfs-bench; do create "$r"; done
giturl() { echo "http://root:$TOKEN@127.0.0.1:$HUB_PORT/models/root/$1.git"; }

log "importing synthetic.git and bigblob.git (same objects as the baseline's)"
for r in synthetic bigblob; do
  git -C "$HB_GIT/$r.git" -c credential.helper= push -q "$(giturl $r)" 'refs/heads/*:refs/heads/*' 'refs/tags/*:refs/tags/*'
done

# ---- LFS upload: PUT through the batch API's upload action, against dd conv=fsync of the same bytes
oid_of() { sha256sum "$1" | cut -c1-64; }
batch() { # op oid size -> the action JSON
  api -H 'Accept: application/vnd.git-lfs+json' -H 'Content-Type: application/vnd.git-lfs+json' \
    -d "{\"operation\":\"$1\",\"transfers\":[\"basic\"],\"objects\":[{\"oid\":\"$2\",\"size\":$3}],\"hash_algo\":\"sha256\"}" \
    "$HUB/models/root/lfs-bench.git/info/lfs/objects/batch" | jq -c ".objects[0].actions.$1"
}
headers_of() { jq -r '(.header // {}) | to_entries[] | "-H\n\(.key): \(.value)"'; }
size=$(stat -c %s "$HB_DATA/1g.bin")
up=()
for i in $(seq 1 "$UPLOAD_REPS"); do
  f=$HB_SCRATCH/upload-$i.bin
  # a distinct object per run (the store deduplicates): the 1 GiB file with a different first 32 bytes
  { head -c 32 /dev/urandom; tail -c +33 "$HB_DATA/1g.bin"; } >"$f"
  # page-cached for the client, and written back before the clock starts (as disk-baseline.sh syncs before dd):
  # otherwise the write-back of this fresh 1 GiB competes with the upload for the disk
  oid=$(oid_of "$f"); cat "$f" >/dev/null; sync
  action=$(batch upload "$oid" "$size")
  [ "$action" != null ] || die "no upload action for $oid"
  href=$(jq -r .href <<<"$action")
  mapfile -t hdr < <(headers_of <<<"$action")
  t=$(curl -sS --fail --http1.1 -o /dev/null -w '%{time_total}' -X PUT -H 'Content-Type: application/octet-stream' "${hdr[@]}" \
      -T "$f" "$href" 2>&1) || die "upload failed: $t"
  up+=("$(calc "$size/$t/1e6")")
  log "lfs upload rep $i: ${up[-1]} MB/s"
  rm -f "$f"
done
metric_stats java.lfs.upload.throughput MB/s %.1f "${up[@]}"
# the disk's write speed drifts over a run (a VM disk: bursts, then the sustained rate), so dd is measured again
# right after the uploads, in the same disk state
(METRIC_PREFIX=adjacent DISK_REPS=$UPLOAD_REPS bash "$SB/disk-baseline.sh")

# the 1 GiB file the baseline serves, uploaded once more to be downloaded
oid=$(oid_of "$HB_DATA/1g.bin")
action=$(batch upload "$oid" "$size")
if [ "$action" != null ]; then
  mapfile -t hdr < <(headers_of <<<"$action")
  curl -sS --fail -o /dev/null -X PUT -H 'Content-Type: application/octet-stream' "${hdr[@]}" \
    -T "$HB_DATA/1g.bin" "$(jq -r .href <<<"$action")"
fi
oid100=$(oid_of "$HB_DATA/100m.bin")
action=$(batch upload "$oid100" "$(stat -c %s "$HB_DATA/100m.bin")")
if [ "$action" != null ]; then
  mapfile -t hdr < <(headers_of <<<"$action")
  curl -sS --fail -o /dev/null -X PUT -H 'Content-Type: application/octet-stream' "${hdr[@]}" \
    -T "$HB_DATA/100m.bin" "$(jq -r .href <<<"$action")"
fi
dl=$(batch download "$oid" "$size"); dl100=$(batch download "$oid100" "$(stat -c %s "$HB_DATA/100m.bin")")
FILE_URL=$(jq -r .href <<<"$dl"); FILE100_URL=$(jq -r .href <<<"$dl100")
dl_auth=$(jq -r '.header.Authorization // empty' <<<"$dl")

# ---- the same measure.sh the baseline ran, pointed at the hub
reset_cmd="curl -sS -o /dev/null -X DELETE -H '$AUTH' $HUB/api/v1/models/root/push-bench && curl -sS -o /dev/null -H '$AUTH' -H 'Content-Type: application/json' -d '{\"name\":\"push-bench\"}' $HUB/api/v1/models"
LABEL=java SERVER_PIDS=$hub_pid HUB_URL=$HUB FILE_URL=$FILE_URL FILE100_URL=$FILE100_URL \
JSON_URL=$HUB/api/v1/models/root/synthetic SYNTH_URL=$HUB/models/root/synthetic.git \
BIGBLOB_URL=$HUB/models/root/bigblob.git PUSH_URL=$HUB/models/root/push-bench.git PUSH_RESET_CMD=$reset_cmd \
HUB_AUTH_HEADER=${dl_auth:+Authorization: $dl_auth} \
  bash "$SB/measure.sh"
[ -n "$dl_auth" ] || true

# ---- ratios
base=$HB_RESULTS/nginx-latest.txt
echo "# ratios (> 1: the hub is faster than the baseline)" | tee "$HB_RESULTS/asset-hub-$stamp.txt"
bash "$SB/ratios.sh" "$base" "$HB_RESULTS/java-latest.txt" | tee -a "$HB_RESULTS/asset-hub-$stamp.txt"
disk=$(awk '$1 ~ /disk.write_random_fsync.median$/ {print $2}' "$base")
upl=$(awk '$1 == "java.lfs.upload.throughput.median" {print $2}' "$RESULTS_FILE")
[ -n "$disk" ] && [ -n "$upl" ] && echo "rel.lfs_upload_vs_dd_fsync $(calc "$upl/$disk") x" | tee -a "$HB_RESULTS/asset-hub-$stamp.txt"
adj=$(awk '$1 ~ /adjacent.disk.write_random_fsync.median$/ {print $2}' "$RESULTS_FILE")
[ -n "$adj" ] && [ -n "$upl" ] && echo "rel.lfs_upload_vs_adjacent_dd_fsync $(calc "$upl/$adj") x" | tee -a "$HB_RESULTS/asset-hub-$stamp.txt"
log "figures: $RESULTS_FILE, ratios: $HB_RESULTS/asset-hub-$stamp.txt"
