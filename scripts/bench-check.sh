#!/usr/bin/env bash
# Benchmark: `certpack check --recursive` over a folder of connectors (default: the
# corpus of certified connectors beside the repository), side by side in one run with
#   - Spectral's `oas` ruleset over the same swagger files (one call), and
#   - parsing the same files with serde_json alone (crates/core/benches/corpus.rs).
# Prints wall times and ratios; nothing is asserted. Spectral is installed with npm
# into ${XDG_CACHE_HOME:-~/.cache}/certpack-bench/spectral the first time.
#
#   scripts/bench-check.sh [DIR] [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(cd "${1:-$root/../shared/corpus}" && pwd)
runs=${2:-3}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/certpack-bench/spectral
spectral=$cache/node_modules/.bin/spectral
if [[ ! -x $spectral ]]; then
  echo "installing Spectral into $cache..." >&2
  mkdir -p "$cache"
  (cd "$cache" && npm init -y >/dev/null && npm install --no-audit --no-fund -s @stoplight/spectral-cli@6 >/dev/null)
fi
echo "building certpack and the serde_json baseline (release)..." >&2
cargo build --release -q -p certpack-cli --manifest-path "$root/Cargo.toml"
target_dir=$(cargo metadata --format-version 1 --no-deps --manifest-path "$root/Cargo.toml" | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
certpack="$target_dir/release/certpack"

now() { date +%s.%N; }
best() { # best wall time of $runs runs of "$@", in seconds
  local b="" t0 t1 d
  for _ in $(seq "$runs"); do
    t0=$(now); "$@" >/dev/null 2>&1 || true; t1=$(now)
    d=$(echo "$t1 - $t0" | bc -l)
    if [[ -z $b ]] || (( $(echo "$d < $b" | bc -l) )); then b=$d; fi
  done
  echo "$b"
}

mapfile -t files < <(find "$dir" -name '*.swagger.json' | sort)
echo "${#files[@]} swagger files below $dir" >&2
serde_ms=$(cargo bench -q -p certpack-core --bench corpus --manifest-path "$root/Cargo.toml" -- "$dir" --runs "$runs" 2>/dev/null \
  | sed -n 's/.*serde_json parse only, 1 thread *\([0-9.]*\) ms.*/\1/p')
serde=$(echo "$serde_ms / 1000" | bc -l)
human=$(best "$certpack" check --recursive "$dir")
json=$(best "$certpack" check --recursive "$dir" --format json)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
echo 'extends: ["spectral:oas"]' > "$work/.spectral.yaml"
t0=$(now)
(cd "$work" && "$spectral" lint --ruleset .spectral.yaml -f json -q "${files[@]}" >/dev/null 2>&1 || true)
t1=$(now)
spec=$(echo "$t1 - $t0" | bc -l)
printf '%-52s %9.3f s\n' "serde_json, parse only (1 thread)" "$serde"
printf '%-52s %9.3f s  %6.2fx serde_json  %7.1fx faster than Spectral\n' \
  "certpack check --recursive (human output)" "$human" "$(echo "$human / $serde" | bc -l)" "$(echo "$spec / $human" | bc -l)"
printf '%-52s %9.3f s  %6.2fx serde_json  %7.1fx faster than Spectral\n' \
  "certpack check --recursive --format json" "$json" "$(echo "$json / $serde" | bc -l)" "$(echo "$spec / $json" | bc -l)"
printf '%-52s %9.3f s  (one call, oas ruleset)\n' "Spectral lint" "$spec"
