# Shared by benches/measure.sh and benches/bounds.sh.

# peak_kb CMD...: the largest maximum resident set size of three runs, in KB (GNU time).
peak_kb() {
  local best=0 kb
  for _ in 1 2 3; do
    kb=$(/usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1) || true
    [ "$kb" -gt "$best" ] && best=$kb
  done
  echo "$best"
}
