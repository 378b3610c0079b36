#!/usr/bin/env bash
# Run a command and record its wall time and the peak of the summed RSS of its whole process tree
# (client, Dask scheduler and workers), sampled once a second.
#   bench/measure_rss.sh LOG -- command ...
# LOG gets "rc=.. wall_s=.. peak_tree_rss_mb=.."; the command's output goes to LOG.out.
set -u
log=$1; shift; shift
start=$(date +%s.%N)
"$@" > "$log.out" 2>&1 &
pid=$!
peak=0
while kill -0 "$pid" 2>/dev/null; do
  total=0
  for p in $(pstree -p -T "$pid" | grep -o '([0-9]\+)' | tr -d '()'); do
    r=$(awk '/VmRSS/{print $2}' "/proc/$p/status" 2>/dev/null)
    total=$((total + ${r:-0}))
  done
  [ "$total" -gt "$peak" ] && peak=$total
  sleep 1
done
wait "$pid"; rc=$?
end=$(date +%s.%N)
echo "rc=$rc wall_s=$(echo "$end - $start" | bc) peak_tree_rss_mb=$((peak / 1024))" > "$log"
