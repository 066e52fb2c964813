//! `--pagination window`: pagination bars that show the first and last page and two pages on
//! each side of the current one, instead of every page number.
//!
//! The default theme's `pagination` component writes a link to every page of a list on every
//! page of that list: a list of P pages costs P² links. At 10,000 articles that is about a third
//! of the output; at 100,000 it would be ~10 GB. This variant is the fix proposed for the theme
//! (see docs/benchmarks.md); the benchmark reports both, and only this one at 100,000 pages.

use std::path::Path;

/// The theme's loop over every page number.
const FULL: &str = "    {%- for n in range(start=1, end=paginator.total_pages + 1) %}\n";

/// The same loop over a window, with the first and last page around it.
const WINDOW: &str = r#"    {%- set lo = paginator.current - 2 if paginator.current > 3 else 1 %}
    {%- set hi = paginator.current + 2 if paginator.current + 2 < paginator.total_pages else paginator.total_pages %}
    {%- if lo > 1 %}
    <li><a href="{{ paginator.first }}"><span class="visually-hidden">{{ t.page_n }} </span>1</a></li>
    <li aria-hidden="true">…</li>
    {%- endif %}
    {%- for n in range(start=lo, end=hi + 1) %}
"#;

const FULL_END: &str = "    {%- endfor %}\n    {%- if paginator.next %}\n";

const WINDOW_END: &str = r#"    {%- endfor %}
    {%- if hi < paginator.total_pages %}
    <li aria-hidden="true">…</li>
    <li><a href="{{ paginator.last }}"><span class="visually-hidden">{{ t.page_n }} </span>{{ paginator.total_pages }}</a></li>
    {%- endif %}
    {%- if paginator.next %}
"#;

/// Rewrites the copied theme's pagination component; fails if the theme no longer has the loop.
pub fn patch_theme(theme: &Path) -> Result<(), String> {
    let path = theme.join("templates/partials/components.html");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    if !text.contains(FULL) || !text.contains(FULL_END) {
        return Err(format!(
            "{}: the pagination loop changed; update examples/gen_site/window.rs",
            path.display()
        ));
    }
    let patched = text
        .replacen(FULL, WINDOW, 1)
        .replacen(FULL_END, WINDOW_END, 1);
    std::fs::write(&path, patched).map_err(|e| format!("{}: {e}", path.display()))
}

/// Hugo's pagination partial with the same window.
pub const HUGO_PAGINATION: &str = r#"{{- $p := . -}}
{{- if gt $p.TotalPages 1 }}
{{- $lo := sub $p.PageNumber 2 }}{{ if le $p.PageNumber 3 }}{{ $lo = 1 }}{{ end }}
{{- $hi := add $p.PageNumber 2 }}{{ if gt $hi $p.TotalPages }}{{ $hi = $p.TotalPages }}{{ end }}
<nav class="pagination" aria-label="Pagination">
  <ul>
    {{- with $p.Prev }}
    <li><a href="{{ .URL | absURL }}" rel="prev"><span aria-hidden="true">←&nbsp;</span>Précédente</a></li>
    {{- end }}
    {{- if gt $lo 1 }}
    <li><a href="{{ $p.First.URL | absURL }}"><span class="visually-hidden">Page </span>1</a></li>
    <li aria-hidden="true">…</li>
    {{- end }}
    {{- range first (add (sub $hi $lo) 1) (after (sub $lo 1) $p.Pagers) }}
    <li><a href="{{ .URL | absURL }}"{{ if eq .PageNumber $p.PageNumber }} aria-current="page"{{ end }}><span class="visually-hidden">Page </span>{{ .PageNumber }}</a></li>
    {{- end }}
    {{- if lt $hi $p.TotalPages }}
    <li aria-hidden="true">…</li>
    <li><a href="{{ $p.Last.URL | absURL }}"><span class="visually-hidden">Page </span>{{ $p.TotalPages }}</a></li>
    {{- end }}
    {{- with $p.Next }}
    <li><a href="{{ .URL | absURL }}" rel="next">Suivante<span aria-hidden="true">&nbsp;→</span></a></li>
    {{- end }}
  </ul>
  <p class="status">Page {{ $p.PageNumber }} sur {{ $p.TotalPages }}</p>
</nav>
{{- end }}
"#;
