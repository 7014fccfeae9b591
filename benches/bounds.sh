#!/usr/bin/env bash
# Bounded inputs, for BENCHMARKS.md: every command on the largest assessments iso20k
# accepts (benches/worst.py), median wall time of 3 runs (hyperfine) and peak memory (the
# largest maximum resident set size of 3 runs, GNU time). Target: under 10 s and 1 GB each.
#
#   bash benches/bounds.sh             # prints a Markdown table
#
# Needs hyperfine, GNU time and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/common.sh
data=target/bench-data/bounds
mkdir -p "$data"
cargo build --release --locked --quiet
bin="$PWD/target/release/iso20k"
export ISO20K_TODAY=2026-11-30 ISO20K_NOW=2026-11-30T12:00:00Z
rm -f "$data/base.yaml"
"$bin" init "$data/base.yaml" --org A --scope S --date 2026-11-30 2>/dev/null
python3 benches/worst.py "$data/base.yaml" "$data" >&2

median_s() {
  hyperfine -N -i --warmup 1 --runs 3 --export-json "$data/h.json" "$*" > /dev/null 2>&1
  python3 -c 'import json,sys; print("%.2f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$data/h.json"
}
peak_mb() {
  python3 -c "print('%.0f' % ($(peak_kb "$@") / 1024))"
}

echo "| input | command | median wall time (s) | peak memory (MB) |"
echo "|---|---|---:|---:|"
for name in evidence entries texts; do
  f="$data/$name.yaml"
  cp "$f" "$data/copy.yaml"
  for cmd in "score" "check" "actions" "report --format md" "report --format html" \
             "report --format csv" "report --format json" "diff" "migrate --dry-run" "answer"; do
    case "$cmd" in
      diff) args=(diff "$f" "$f") ;;
      answer) args=(answer "$data/copy.yaml" 4.1-3 full) ;;
      report*) args=($cmd "$f" -o "$data/out") ;;
      *) args=($cmd "$f") ;;
    esac
    printf '| %s (%s MB) | `%s` | %s | %s |\n' "$name" \
      "$(python3 -c "import os;print('%.1f' % (os.path.getsize('$f')/1048576))")" \
      "$cmd" "$(median_s "$bin" "${args[@]}")" "$(peak_mb "$bin" "${args[@]}")"
  done
done
