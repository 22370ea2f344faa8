#!/usr/bin/env bash
# Benchmark: bundle three solution zips of ~100 MB in all with `certpack bundle`
# (release build), side by side in one run with `zip -X -r` + `sha256sum` over the
# same inputs and with `sha256sum` of the input bytes alone. Reports wall time, MB/s,
# peak memory (max RSS) and certpack's ratio to each. Nothing is asserted: read the
# table (the targets: at most 1.0x zip + sha256sum, at most 2x the inputs' SHA-256).
#
#   scripts/bench-bundle.sh [TOTAL_MB] [RUNS]
set -euo pipefail
total_mb=${1:-100}
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
for tool in zip sha256sum /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool (apt-get install zip time)" >&2; exit 2; }
done
echo "building certpack (release)..." >&2
cargo build --release -q -p certpack-cli --manifest-path "$root/Cargo.toml"
target_dir=$(cargo metadata --format-version 1 --no-deps --manifest-path "$root/Cargo.toml" | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
certpack="$target_dir/release/certpack"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$certpack" -q example "$work/ex"
# Three solutions of total_mb/3 MB each: the example solutions plus an incompressible
# padding entry, stored (as large exports of flows with embedded assets are).
per=$(( total_mb / 3 ))
for s in Connector Flow Plugin; do
  src="$work/ex/solutions/ContosoTasks${s}_1_0_0_0.zip"
  mkdir -p "$work/pad/$s/Connector"
  head -c "$(( per * 1024 * 1024 ))" /dev/urandom > "$work/pad/$s/Connector/padding.bin"
  cp "$src" "$work/$s.zip"
  (cd "$work/pad/$s" && zip -q -0 -X "$work/$s.zip" Connector/padding.bin)
done
inputs=$(du -cb "$work/Connector.zip" "$work/Flow.zip" "$work/Plugin.zip" | tail -1 | cut -f1)
mb=$(awk -v b="$inputs" 'BEGIN { printf "%.1f", b / 1048576 }')

measure() { # label, command...
  local label=$1; shift
  local best="" rss=""
  for _ in $(seq "$runs"); do
    sync
    /usr/bin/time -f "%e %M" -o "$work/time" bash -c "$*" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    read -r secs kb < "$work/time"
    if [ -z "$best" ] || awk -v a="$secs" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$secs; fi
    if [ -z "$rss" ] || [ "$kb" -gt "$rss" ]; then rss=$kb; fi
  done
  awk -v l="$label" -v s="$best" -v m="$mb" -v r="$rss" \
    'BEGIN { printf "%-44s %8.2f s %9.1f MB/s %9.1f MB peak RSS\n", l, s, (s > 0 ? m / s : 0), r / 1024 }'
  last=$best
}

certpack_bundle() {
  rm -rf "$work/out"
  "$certpack" -q bundle --intro "$work/ex/intro.md" --connector-solution "$work/Connector.zip" \
    --flow-solution "$work/Flow.zip" --plugin-solution "$work/Plugin.zip" --name Bench -o "$work/out" --allow-errors
}
zip_and_sum() {
  rm -rf "$work/stage" "$work/zout" && mkdir -p "$work/stage/pkg/PkgAssets" "$work/stage/outer" "$work/zout"
  cp "$work/Connector.zip" "$work/Flow.zip" "$work/Plugin.zip" "$work/stage/pkg/PkgAssets/"
  (cd "$work/stage/pkg" && zip -q -X -r "$work/stage/outer/package.zip" .)
  cp "$work/ex/intro.md" "$work/stage/outer/"
  (cd "$work/stage/outer" && zip -q -X -r "$work/zout/outer.zip" .)
  (cd "$work/zout" && sha256sum outer.zip > outer.zip.sha256 && sha256sum -c outer.zip.sha256 >/dev/null)
}
zip_store_and_sum() {
  rm -rf "$work/stage" "$work/zout" && mkdir -p "$work/stage/pkg/PkgAssets" "$work/stage/outer" "$work/zout"
  cp "$work/Connector.zip" "$work/Flow.zip" "$work/Plugin.zip" "$work/stage/pkg/PkgAssets/"
  (cd "$work/stage/pkg" && zip -q -0 -X -r "$work/stage/outer/package.zip" .)
  cp "$work/ex/intro.md" "$work/stage/outer/"
  (cd "$work/stage/outer" && zip -q -0 -X -r "$work/zout/outer.zip" .)
  (cd "$work/zout" && sha256sum outer.zip > outer.zip.sha256 && sha256sum -c outer.zip.sha256 >/dev/null)
}

export work certpack
export -f certpack_bundle zip_and_sum zip_store_and_sum
echo "inputs: 3 solution zips, $mb MB in all; best of $runs runs; $(nproc) cores"
printf '%-44s %10s %14s %19s\n' "tool" "wall" "throughput" "memory"
sum_inputs() {
  sha256sum "$work/Connector.zip" "$work/Flow.zip" "$work/Plugin.zip" "$work/ex/intro.md" >/dev/null
}
export -f sum_inputs
measure "certpack bundle (check+write+verify+hash)" certpack_bundle; t_cp=$last
measure "zip -X -r (deflate) + sha256sum -c" zip_and_sum; t_zip=$last
measure "zip -0 -X -r (store) + sha256sum -c" zip_store_and_sum; t_store=$last
measure "sha256sum of the inputs alone" sum_inputs; t_sum=$last
awk -v c="$t_cp" -v z="$t_zip" -v s="$t_store" -v h="$t_sum" 'BEGIN {
  printf "certpack: %.2fx zip -X -r + sha256sum, %.2fx zip -0 + sha256sum, %.2fx sha256sum of the inputs\n", c / z, c / s, (h > 0 ? c / h : 0) }'
a=$(sha256sum "$work/out/Bench_1.0.0.0_certification.zip" | cut -d' ' -f1)
certpack_bundle
b=$(sha256sum "$work/out/Bench_1.0.0.0_certification.zip" | cut -d' ' -f1)
[ "$a" = "$b" ] && echo "certpack output identical across runs: sha256 $a" || echo "NOT deterministic: $a vs $b"
