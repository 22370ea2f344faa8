#!/usr/bin/env bash
# Smoke-runs every fuzz target: builds them, replays the saved regressions, then
# fuzzes each target for N seconds (default 10), one at a time.
# Exits non-zero when a target crashes, times out or runs out of memory (or when the
# build fails, or cargo-fuzz is missing).
#
#   fuzz/smoke.sh            # 10 s per target
#   fuzz/smoke.sh 60         # 60 s per target
#   fuzz/smoke.sh 30 json    # only some targets
#
# Environment:
#   FUZZ_TOOLCHAIN          rustup toolchain (default: nightly)
#   FUZZ_BUILD_FLAGS        cargo-fuzz build flags (default: -O -a: optimised, with
#                           debug assertions and overflow checks)
#   FUZZ_SKIP_REGRESSIONS=1 do not replay fuzz/regressions/<target>/*
#   CARGO_BUILD_JOBS        defaults to 1 here (the machine is shared)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
secs="${1:-10}"
shift || true
toolchain="${FUZZ_TOOLCHAIN:-nightly}"
read -r -a flags <<<"${FUZZ_BUILD_FLAGS:--O -a}"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"

if ! [[ "$secs" =~ ^[0-9]+$ ]]; then
    echo "usage: $0 [SECONDS] [TARGET...]" >&2
    exit 2
fi
if ! cargo "+$toolchain" fuzz --version >/dev/null 2>&1; then
    echo "fuzz/smoke.sh: needs cargo-fuzz and the $toolchain toolchain:" >&2
    echo "  rustup toolchain install $toolchain && cargo install cargo-fuzz" >&2
    exit 2
fi

fuzz() { cargo "+$toolchain" fuzz "$@"; }

if [[ $# -gt 0 ]]; then
    targets=("$@")
else
    mapfile -t targets < <(fuzz list --fuzz-dir "$here")
fi

echo "==> build (${flags[*]})"
fuzz build --fuzz-dir "$here" "${flags[@]}"

failed=()
for t in "${targets[@]}"; do
    if [[ "${FUZZ_SKIP_REGRESSIONS:-0}" != 1 && -d "$here/regressions/$t" ]]; then
        mapfile -t saved < <(find "$here/regressions/$t" -type f ! -name '*.md' | sort)
        if [[ ${#saved[@]} -gt 0 ]]; then
            echo "==> $t: replay ${#saved[@]} regression(s)"
            # Given files (not folders), libFuzzer runs each once and stops.
            if ! fuzz run --fuzz-dir "$here" "${flags[@]}" "$t" "${saved[@]}" -- \
                -rss_limit_mb=1024 -timeout=10; then
                failed+=("$t (regression)")
                continue
            fi
        fi
    fi
    echo "==> $t: fuzz ${secs}s"
    # New inputs go to the scratch corpus (first folder); the committed seeds in
    # corpus/<target> are only read.
    scratch="$here/target/smoke-corpus/$t"
    mkdir -p "$scratch" "$here/corpus/$t"
    if ! fuzz run --fuzz-dir "$here" "${flags[@]}" "$t" "$scratch" "$here/corpus/$t" -- \
        -max_total_time="$secs" -rss_limit_mb=1024 -timeout=10 -print_final_stats=1; then
        failed+=("$t")
    fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "fuzz/smoke.sh: FAILED: ${failed[*]} (inputs in fuzz/artifacts/<target>/)" >&2
    exit 1
fi
echo "fuzz/smoke.sh: ${#targets[@]} target(s) ran ${secs}s each without a crash"
