#!/usr/bin/env bash
# `iso20k history` on a year of weekly commits, for BENCHMARKS.md: a repository whose
# assessment (the example, on the built-in catalogue) changes every week for 52 weeks, one
# rating at a time; median wall time of 10 runs (hyperfine) and peak memory (GNU time).
#
#   bash benches/history.sh [WEEKS]     # prints a Markdown table; default 52
#
# Needs git, hyperfine, GNU time and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/common.sh
weeks=${1:-52}
repo=target/bench-data/history-$weeks
cargo build --release --locked --quiet
bin="$PWD/target/release/iso20k"
export ISO20K_TODAY=2026-11-30 ISO20K_NOW=2026-11-30T12:00:00Z
if [ ! -d "$repo/.git" ]; then
  rm -rf "$repo" && mkdir -p "$repo"
  cp examples/acme-hosting.yaml "$repo/assessment.yaml"
  (
    cd "$repo"
    export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=b@example.org GIT_COMMITTER_NAME=Bench \
      GIT_COMMITTER_EMAIL=b@example.org GIT_CONFIG_NOSYSTEM=1
    git init -q -b main && git add assessment.yaml
    GIT_AUTHOR_DATE=2026-01-01T09:00:00Z GIT_COMMITTER_DATE=2026-01-01T09:00:00Z git commit -q -m week-0
    # Each week raises one more requirement to full conformity, in catalogue order.
    ids=$(sed -n 's/^  \([0-9][0-9.]*-[0-9]*\):.*/\1/p' assessment.yaml)
    i=0
    for id in $ids; do
      i=$((i + 1)); [ "$i" -gt "$weeks" ] && break
      "$bin" answer assessment.yaml "$id" full >/dev/null 2>&1
      when=$(date -u -d "2026-01-01 09:00 UTC + $((i * 7)) days" +%Y-%m-%dT%H:%M:%SZ)
      GIT_AUTHOR_DATE=$when GIT_COMMITTER_DATE=$when git commit -q -am "week $i"
    done
  )
fi
cd "$repo"
commits=$(git rev-list --count HEAD)
hyperfine -N --warmup 2 --runs 10 --export-json ../history.json "$bin history assessment.yaml" >/dev/null 2>&1
ms=$(python3 -c 'import json; print("%.0f" % (json.load(open("../history.json"))["results"][0]["median"] * 1000))')
kb=$(peak_kb "$bin" history assessment.yaml)
echo "| commits | command | median wall time (ms) | peak memory (MB) |"
echo "|---:|---|---:|---:|"
printf '| %s | `history` | %s | %s |\n' "$commits" "$ms" "$(python3 -c "print('%.1f' % ($kb / 1024))")"
