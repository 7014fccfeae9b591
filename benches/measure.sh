#!/usr/bin/env bash
# Whole-process figures for BENCHMARKS.md: wall time (hyperfine, median of RUNS runs after
# warm-up) and peak memory (maximum resident set size from /usr/bin/time, the largest of
# three runs) of `check`, `score`, `report --format html` and `docx` and `diff`, on the built-in
# catalogue and on synthetic catalogues of 216, 2,000 and 20,000 requirements.
#
#   bash benches/measure.sh            # prints a Markdown table
#   RUNS=20 bash benches/measure.sh
#
# Needs hyperfine and GNU time (Debian: apt-get install hyperfine time).
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/common.sh
runs="${RUNS:-10}"
data=target/bench-data
mkdir -p "$data"
cargo build --release --locked --quiet
cargo build --release --locked --quiet --example synth
for n in 216 2000 20000; do
  target/release/examples/synth "$n" "$data" > /dev/null
done
bin="$PWD/target/release/iso20k"

# median_ms CMD...: the median wall time in milliseconds.
median_ms() {
  hyperfine -N -i --warmup 2 --runs "$runs" --export-json "$data/h.json" "$*" > /dev/null 2>&1
  python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$data/h.json"
}

# peak_mb CMD...: the largest maximum resident set size of three runs, in MB.
peak_mb() {
  python3 -c "print('%.1f' % ($(peak_kb "$@") / 1024))"
}

row() {
  local size="$1" what="$2"; shift 2
  printf '| %s | `%s` | %s | %s |\n' "$size" "$what" "$(median_ms "$@")" "$(peak_mb "$@")"
}

echo "| requirements | command | median wall time (ms) | peak memory (MB) |"
echo "|---:|---|---:|---:|"
acme=examples/acme-hosting.yaml
row "236 (built-in)" "check" "$bin" check "$acme"
row "236 (built-in)" "score" "$bin" score "$acme"
row "236 (built-in)" "report --format html" "$bin" report "$acme" --format html -o "$data/acme.html"
row "236 (built-in)" "report --format docx" "$bin" report "$acme" --format docx -o "$data/acme.docx"
row "236 (built-in)" "diff" "$bin" diff "$acme" "$acme"
for n in 216 2000 20000; do
  c=(--catalogue "$data/catalogue-$n.yaml")
  a="$data/assessment-$n.yaml"
  row "$n" "check" "$bin" "${c[@]}" check "$a"
  row "$n" "score" "$bin" "${c[@]}" score "$a"
  row "$n" "report --format html" "$bin" "${c[@]}" report "$a" --format html -o "$data/report-$n.html"
  row "$n" "report --format docx" "$bin" "${c[@]}" report "$a" --format docx -o "$data/report-$n.docx"
  row "$n" "diff" "$bin" "${c[@]}" diff "$a" "$data/assessment-$n-new.yaml"
  row "$n" "catalogue validate (the floor)" "$bin" catalogue validate "$data/catalogue-$n.yaml"
done
