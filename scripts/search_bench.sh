#!/usr/bin/env bash
# The search index at N generated articles (default 10000), figures for docs/benchmarks.md:
# 1. `ruche build` with search and with `search: false`, alternated, outputs in memory;
# 2. ruche's index step alone (examples/search_bench.rs) and the Pagefind command-line tool
#    (npm package `pagefind`, installed into a temporary folder) indexing the same public/,
#    alternated;
# 3. the bytes a search downloads (scripts/search_query_bytes.mjs, over a loopback server).
#
#   scripts/search_bench.sh [--rounds R] [N]
#
# Sites go to $BENCH_DIR (default target/bench), outputs to /dev/shm when it is writable.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

rounds=3
n=10000
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    -*) echo "search_bench.sh: unknown option $1" >&2; exit 2 ;;
    *) n=$1; shift ;;
  esac
done

data=${BENCH_DIR:-$repo/target/bench}
outs=$data
if [ -d /dev/shm ] && [ -w /dev/shm ]; then outs=/dev/shm/ruche-search-bench; fi
mkdir -p "$data" "$outs"
ruche=$repo/target/release/ruche

echo "Building the release binary and the examples…" >&2
cargo build --release --quiet --bin ruche --example gen_site --example search_bench

site=$data/site-$n
if [ ! -d "$site" ]; then
  echo "Generating $n articles…" >&2
  "$repo/target/release/examples/gen_site" --pages "$n" --out "$site"
fi
off=$data/site-$n-search-off
rm -rf "$off"
cp -r "$site" "$off"
printf '\nsearch: false\n' >> "$off/site.yaml"

tmp=$(mktemp -d)
server=""
trap 'rm -rf "$tmp"; [ -z "$server" ] || kill "$server" 2>/dev/null || true' EXIT
echo "Installing the Pagefind command-line tool into $tmp…" >&2
npm install --prefix "$tmp" --no-audit --no-fund --silent pagefind >/dev/null
pagefind=$tmp/node_modules/.bin/pagefind
pagefind_version=$("$pagefind" --version 2>/dev/null || echo "?")

ms_of() { # command… → wall milliseconds
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
spread() { printf '%s\n' "$@" | sort -n | awk 'NR==1{lo=$1} {hi=$1} END {print lo "–" hi}'; }

with=(); without=(); cli=(); step=()
for r in $(seq "$rounds"); do
  echo "Round $r/$rounds…" >&2
  rm -rf "$site/.ruche-cache/search"  # a full build: the last index is not reused
  with+=("$(ms_of "$ruche" --root "$site" build --output "$outs/with")")
  without+=("$(ms_of "$ruche" --root "$off" build --output "$outs/without")")
  rm -rf "$outs/pagefind-cli"
  cli+=("$(ms_of "$pagefind" --site "$outs/with" --output-path "$outs/pagefind-cli")")
  ms=$("$repo/target/release/examples/search_bench" "$site" 1 | sed -n 's/^index step: \([0-9]*\) ms.*/\1/p')
  step+=("$ms")
done

m_with=$(median "${with[@]}"); m_without=$(median "${without[@]}")
echo
echo "$n articles, $rounds rounds, medians (spread), ms:"
echo
echo "| | median | spread |"
echo "|---|---|---|"
echo "| ruche build, search on | $m_with | $(spread "${with[@]}") |"
echo "| ruche build, \`search: false\` | $m_without | $(spread "${without[@]}") |"
echo "| added by the index | $(awk -v a="$m_with" -v b="$m_without" 'BEGIN {printf "%+.0f %%", (a - b) * 100 / b}') | |"
echo "| ruche's index step alone (records + Pagefind API) | $(median "${step[@]}") | $(spread "${step[@]}") |"
echo "| Pagefind CLI $pagefind_version on the same public/ | $(median "${cli[@]}") | $(spread "${cli[@]}") |"
echo
echo "Index: $(find "$outs/with/pagefind" -type f | wc -l) files, $(du -sk "$outs/with/pagefind" | cut -f1) KB;" \
  "the CLI's: $(find "$outs/pagefind-cli" -type f | wc -l) files, $(du -sk "$outs/pagefind-cli" | cut -f1) KB."
echo

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$outs/with" "$port" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do
  if curl -sf "http://127.0.0.1:$port/pagefind/pagefind.js" >/dev/null 2>&1; then break; fi
  sleep 0.1
done
echo "| what the search page downloads | files | size |"
echo "|---|---|---|"
node "$repo/scripts/search_query_bytes.mjs" "http://127.0.0.1:$port/" \
  coopératives assemblée formation habitants "jardin partagé" développement
