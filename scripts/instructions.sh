#!/usr/bin/env bash
# Counts the instructions one `ruche build` executes, with valgrind's cachegrind (no cache
# simulation). Unlike wall or CPU time, the count hardly moves when other programs share the
# machine, so it tells a 2 % change from noise where timings cannot (it does not see waiting on
# memory or on the file system: confirm a gain with scripts/bench.sh). One rayon thread, so that
# idle workers waiting for work are not counted.
#
#   scripts/instructions.sh [RUCHE_BINARY] SITE_DIR
#   scripts/instructions.sh target/bench/site-1000            # this checkout's release binary
#   scripts/instructions.sh /tmp/old-ruche target/bench/site-1000
#
# A 1,000-article site (`cargo run --release --example gen_site -- --pages 1000 --out DIR`)
# takes about 15 s; valgrind runs programs some 50 times slower than they run.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -eq 2 ]; then
  ruche=$1 site=$2
elif [ $# -eq 1 ]; then
  ruche=$repo/target/release/ruche site=$1
  cargo build --release --quiet --bin ruche --manifest-path "$repo/Cargo.toml"
else
  echo "usage: scripts/instructions.sh [RUCHE_BINARY] SITE_DIR" >&2
  exit 2
fi
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
RAYON_NUM_THREADS=1 valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
  "$ruche" --root "$site" build --output "$out/public" --quiet 2>"$out/log" || {
  cat "$out/log" >&2
  exit 1
}
awk '/I *refs:/ {print $NF}' "$out/log"
