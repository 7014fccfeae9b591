#!/usr/bin/env bash
# Seeds each target's corpus from the repository's own files and runs every fuzz target
# for SECONDS seconds (default 600). cargo-fuzz wants nightly; RUSTC_BOOTSTRAP=1 lets the
# stable toolchain build it. Crashes land in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
mkdir -p corpus/load_catalogue corpus/load_assessment corpus/render_report corpus/import_table
cp ../clauses/iso20000-1-2018.yaml ../tests/fixtures/catalogues/*.yaml corpus/load_catalogue/
for t in load_assessment render_report; do
  cp ../examples/acme-hosting.yaml ../tests/fixtures/assessments/*.yaml corpus/$t/
done
# The example's workbook and CSV, as iso20k writes them.
for ext in xlsx csv; do
  ISO20K_TODAY=2026-11-30 cargo run --quiet --manifest-path ../Cargo.toml -- \
    report ../examples/acme-hosting.yaml -o "corpus/import_table/acme.$ext"
done
# Build every target first, then run the binaries, so that edits made while the fuzzers
# run cannot change what is being fuzzed.
RUSTC_BOOTSTRAP=1 cargo fuzz build
bin=target/x86_64-unknown-linux-gnu/release
for t in load_catalogue load_assessment render_report import_table; do
  mkdir -p "artifacts/$t"
  "$bin/$t" -artifact_prefix="artifacts/$t/" -max_total_time="$seconds" -max_len=262144 \
    -rss_limit_mb=4096 "corpus/$t"
done
