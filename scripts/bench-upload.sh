#!/usr/bin/env bash
# Benchmark: `certpack upload` of a package of random bytes (default 100 MiB) to
# Azurite, side by side in one run with curl doing the same Put Blocks (4 MiB
# blocks, each with its Content-MD5, all in one curl process over one connection)
# and the Put Block List. certpack also downloads the blob through the read SAS and
# hashes it (SAS-03) before it says anything; the curl line with "+ GET | sha256" is
# the same work done by hand. Best of RUNS runs, each to a new blob (so nothing is
# resumed). Prints times and throughputs; nothing is asserted. Azurite on 2 cores is
# the bottleneck (a single node process): these numbers say nothing about Azure.
#
#   scripts/bench-upload.sh [MIB] [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mib=${1:-100}
runs=${2:-3}
key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
sv=2022-11-02

echo "building certpack (release)..." >&2
cargo build --release -q -p certpack-cli --manifest-path "$root/Cargo.toml"
target_dir=$(cargo metadata --format-version 1 --no-deps --manifest-path "$root/Cargo.toml" | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
certpack="$target_dir/release/certpack"

work=$(mktemp -d)
state=$work/azurite
trap '"$root/scripts/azurite.sh" stop "$state" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
ep=$("$root/scripts/azurite.sh" start "$state")
echo "Azurite at $ep" >&2

head -c $((mib * 1024 * 1024)) /dev/urandom >"$work/pkg.zip"
size=$(stat -c %s "$work/pkg.zip")
export CERTPACK_BENCH_CS="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=$ep"
printf x >"$work/init.zip"
"$certpack" upload "$work/init.zip" --connection-string-env CERTPACK_BENCH_CS --container bench -q >/dev/null

urlenc() { sed 's/+/%2B/g; s#/#%2F#g; s/=/%3D/g'; }
# a container SAS (sr=c, sp=rcw) for curl, signed as in the reference recipe: 16
# fields joined by \n, no trailing \n, never through $(...)
se=2099-01-01T00:00:00Z
keyhex=$(printf %s "$key" | base64 -d | od -An -v -tx1 | tr -d ' \n')
sig=$(printf '%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s' \
  rcw "" "$se" /blob/devstoreaccount1/bench "" "" "" "$sv" c "" "" "" "" "" "" "" \
  | openssl dgst -sha256 -mac HMAC -macopt hexkey:"$keyhex" -binary | base64 | urlenc)
sas="sv=$sv&sr=c&sp=rcw&se=$(printf %s "$se" | sed 's/:/%3A/g')&sig=$sig"
# and one that cannot read, for certpack without its verification (uploads only)
sig_cw=$(printf '%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s' \
  cw "" "$se" /blob/devstoreaccount1/bench "" "" "" "$sv" c "" "" "" "" "" "" "" \
  | openssl dgst -sha256 -mac HMAC -macopt hexkey:"$keyhex" -binary | base64 | urlenc)
sas_cw="sv=$sv&sr=c&sp=cw&se=$(printf %s "$se" | sed 's/:/%3A/g')&sig=$sig_cw"

split -b 4194304 -d -a 5 "$work/pkg.zip" "$work/chunk."
mapfile -t chunks < <(ls "$work"/chunk.* | sort)

now() { date +%s.%N; }
curl_blocks() { # $1: blob name; Put Block for every chunk in one curl, then Put Block List
  local blob=$1 args=() list="" i=0 c id md5
  for c in "${chunks[@]}"; do
    id=$(printf 'block-%06d' "$i" | base64)
    md5=$(openssl dgst -md5 -binary "$c" | base64)
    ((i > 0)) && args+=(--next)
    args+=(-s -f -o /dev/null -H "Expect:" -H "x-ms-version: $sv" -H "Content-MD5: $md5"
      -T "$c" "$ep/bench/$blob?comp=block&blockid=$(printf %s "$id" | urlenc)&$sas")
    list+="<Latest>$id</Latest>"
    i=$((i + 1))
  done
  curl "${args[@]}"
  curl -s -f -o /dev/null -X PUT -H "x-ms-version: $sv" -H 'x-ms-blob-content-type: application/zip' \
    --data-binary "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>$list</BlockList>" \
    "$ep/bench/$blob?comp=blocklist&$sas"
}
curl_verify() { # $1: blob name; download and hash
  curl -s -f -H "x-ms-version: $sv" "$ep/bench/$1?$sas" | openssl dgst -sha256 -r | cut -d' ' -f1
}

want=$(openssl dgst -sha256 -r "$work/pkg.zip" | cut -d' ' -f1)
best_cp="" best_cpu="" best_curl="" best_curl_v=""
for r in $(seq "$runs"); do
  t0=$(now)
  "$certpack" upload "$work/pkg.zip" --connection-string-env CERTPACK_BENCH_CS --container bench \
    --blob "certpack-$r.zip" --format json >"$work/out.json"
  t1=$(now)
  grep -q '"verified": true' "$work/out.json" || { echo "certpack did not verify" >&2; exit 1; }
  grep -q '"reusedBlocks": 0' "$work/out.json" || { echo "certpack resumed: not a fresh upload" >&2; exit 1; }
  t5=$(now)
  "$certpack" upload "$work/pkg.zip" --to "$ep/bench?$sas_cw" --blob "certpack-u$r.zip" -q >/dev/null || true
  t6=$(now)
  t2=$(now)
  curl_blocks "curl-$r.zip"
  t3=$(now)
  got=$(curl_verify "curl-$r.zip")
  t4=$(now)
  [[ $got == "$want" ]] || { echo "curl's blob differs" >&2; exit 1; }
  cp=$(echo "$t1 - $t0" | bc -l); cpu=$(echo "$t6 - $t5" | bc -l)
  cu=$(echo "$t3 - $t2" | bc -l); cv=$(echo "$t4 - $t2" | bc -l)
  printf 'run %d: certpack %.2f s (upload only %.2f s), curl blocks %.2f s, + GET | sha256 %.2f s\n' \
    "$r" "$cp" "$cpu" "$cu" "$cv" >&2
  if [[ -z $best_cpu ]] || (($(echo "$cpu < $best_cpu" | bc -l))); then best_cpu=$cpu; fi
  if [[ -z $best_cp ]] || (($(echo "$cp < $best_cp" | bc -l))); then best_cp=$cp; fi
  if [[ -z $best_curl ]] || (($(echo "$cu < $best_curl" | bc -l))); then best_curl=$cu; fi
  if [[ -z $best_curl_v ]] || (($(echo "$cv < $best_curl_v" | bc -l))); then best_curl_v=$cv; fi
done
mibs() { echo "$size / 1048576 / $1" | bc -l; }
printf '%s MiB, %d blocks of 4 MiB, best of %d runs\n' "$mib" "${#chunks[@]}" "$runs"
printf '%-58s %7.2f s %8.1f MiB/s\n' "certpack upload (Put Blocks + commit + verify download)" "$best_cp" "$(mibs "$best_cp")"
printf '%-58s %7.2f s %8.1f MiB/s\n' "certpack upload --to (sp=cw: Put Blocks + commit only)" "$best_cpu" "$(mibs "$best_cpu")"
printf '%-58s %7.2f s %8.1f MiB/s\n' "curl Put Blocks + Put Block List (no verify)" "$best_curl" "$(mibs "$best_curl")"
printf '%-58s %7.2f s %8.1f MiB/s\n' "curl Put Blocks + Put Block List + GET | sha256" "$best_curl_v" "$(mibs "$best_curl_v")"
