#!/usr/bin/env bash
# Website throughput before and after a change, measured in one run on one machine:
# bench/web_load.py alternately on a worktree of BASE_COMMIT and on the current tree,
# ROUNDS times each, with 100 visitors writing almost without pauses (a saturated server).
#
#   bash bench/compare_web_load.sh BASE_COMMIT [ROUNDS]
#
# Prints messages/s of every run and the medians. Nothing else should run meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?give the commit to compare against}
rounds=${2:-3}
python=$PWD/.venv/bin/python
tree=$(mktemp -d /tmp/salesbot-base.XXXXXX)
trap 'git worktree remove --force "$tree" >/dev/null 2>&1 || true' EXIT
git worktree add -q --detach "$tree" "$base"
# Both sides run the job worker in process, as `make run` does.
sed -i 's/"EMBEDDED_WORKER": "false",/"EMBEDDED_WORKER": "true",/' "$tree/bench/web_load.py"
args=(--visitors 100 --pause 0.0 0.2 --messages 10)
rate() { grep -E '^messages_per_second' | awk '{print $2}'; }
before=() after=()
for i in $(seq "$rounds"); do
  after+=("$("$python" bench/web_load.py "${args[@]}" 2>/dev/null | rate)")
  before+=("$(cd "$tree" && "$python" bench/web_load.py "${args[@]}" 2>/dev/null | rate)")
  echo "round $i: before ${before[-1]} msg/s, after ${after[-1]} msg/s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo "median: before $(median "${before[@]}") msg/s, after $(median "${after[@]}") msg/s"
