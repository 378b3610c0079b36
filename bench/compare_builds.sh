#!/usr/bin/env bash
# End-to-end `kg build` of one commit against the working tree, alternated, with peak tree RSS:
#   bench/compare_builds.sh BASE_COMMIT ROUNDS CORPUS -- [kg build options...]
# e.g. bench/compare_builds.sh adab2dd 2 bench/out/corpus-20000.jsonl -- --lean --jobs 2 --no-html
# BASE_COMMIT is checked out in a temporary worktree and run with this checkout's virtual environment
# (its own folder first on sys.path), so both builds see the same packages and the same machine state.
# Prints one line per build: name, then bench/measure_rss.sh's "rc=.. wall_s=.. peak_tree_rss_mb=..".
# The builds run in this shell's environment, as a user's would; set OMP_NUM_THREADS=1 (say) before the
# command to pin every process's BLAS to one thread (before 9499356 the builds here always ran so).
set -eu
base=$1; rounds=$2; corpus=$(realpath "$3"); shift 4
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'git -C "$repo" worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$repo" worktree add -q --detach "$work/base" "$base"
run() {
  local name=$1 root=$2
  shift 2
  rm -rf "$work/out"
  (cd "$root" && PYTHONPATH="$root" "$repo/bench/measure_rss.sh" "$work/$name.log" -- \
    "$repo/.venv/bin/python" -m kg build "$corpus" --out "$work/out" "$@")
  echo "$name $(cat "$work/$name.log")"
}
for round in $(seq "$rounds"); do
  run "base-$round" "$work/base" "$@"
  run "tree-$round" "$repo" "$@"
done
