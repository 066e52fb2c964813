use std::path::Path;
use std::sync::Arc;

use super::*;
use crate::error::Severity;

fn render_with(body: &str, french: bool, tags: Option<&str>) -> (Rendered, Vec<Diagnostic>) {
    let mut links = Links::default();
    links.insert("actualites/b.md", "https://x.org/j/actualites/b/".into());
    let source: Arc<str> = Arc::from(format!("---\ntitle: T\n---\n{body}"));
    let cx = Context {
        links: &links,
        file: Path::new("content/actualites/a.md"),
        rel: "actualites/a.md",
        source: &source,
        body_start: 17,
        french,
        pictures: None,
        hashtag_base: tags,
        assets_url: "https://x.org/j/actualites/a/",
    };
    render(body, &cx)
}

fn html(body: &str) -> Rendered {
    let (r, errors) = render_with(body, false, None);
    assert!(errors.is_empty(), "{errors:?}");
    r
}

#[test]
fn headings_get_unique_ids_and_custom_ones_are_kept() {
    let r = html("# Jour 1\n\n## Jour 1\n\n### Été coopératif {#ete}\n");
    assert!(
        r.html.contains("<h1 id=\"jour-1\">Jour 1</h1>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<h2 id=\"jour-1-1\">Jour 1</h2>"));
    assert!(r.html.contains("<h3 id=\"ete\">Été coopératif</h3>"));
    assert_eq!(r.toc.len(), 1);
    assert_eq!(r.toc[0].children[0].id, "jour-1-1");
    assert_eq!(r.toc[0].children[0].children[0].title, "Été coopératif");
}

#[test]
fn summary_stops_at_more_or_after_the_first_paragraph() {
    let r = html("Un.\n\nDeux.\n\n<!-- more -->\n\nTrois.\n");
    assert_eq!(r.summary, "<p>Un.</p>\n<p>Deux.</p>\n");
    assert!(r.html.contains("<p>Trois.</p>") && !r.html.contains("more"));
    let r = html("> citation\n\nPremier.\n\nSecond.\n");
    assert_eq!(
        r.summary,
        "<blockquote>\n<p>citation</p>\n</blockquote>\n<p>Premier.</p>\n"
    );
}

#[test]
fn tables_footnotes_tasks_and_strikethrough_render() {
    let r = html("| a | b |\n|---|---|\n| 1 | 2 |\n\nNote[^1].\n\n[^1]: La note.\n\n- [x] fait\n\n~~barré~~\n");
    assert!(r.html.contains("<table>"));
    assert!(r.html.contains("class=\"footnote-definition\""));
    assert!(r
        .html
        .contains("<input type=\"checkbox\" disabled checked aria-label=\"fait\">"));
    assert!(r.html.contains("<del>barré</del>"));
}

#[test]
fn code_is_highlighted_and_not_counted_or_typeset() {
    let (r, _) = render_with("Texte : un mot.\n\n```yaml\ntitle: x\n```\n", true, None);
    assert!(r.html.contains("language-yaml") && r.html.contains("hl-"));
    assert_eq!(r.word_count, 4);
}

#[test]
fn internal_links_resolve_and_missing_ones_name_the_line() {
    let (r, errors) = render_with(
        "Voir [b](@/actualites/b.md#jour).\n\nEt [c](./c.md).\n",
        false,
        None,
    );
    assert!(r
        .html
        .contains("href=\"https://x.org/j/actualites/b/#jour\""));
    assert_eq!(r.links.len(), 1);
    assert_eq!(r.links[0].anchor.as_deref(), Some("jour"));
    assert_eq!(r.links[0].line, 4);
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].line, errors[0].column), (6, 4));
    assert!(errors[0].message.contains("content/actualites/c.md"));
}

#[test]
fn french_typography_spares_code_links_and_attributes() {
    let (r, _) = render_with(
        "Vraiment ? Oui : « test » et `a ? b` et [lien !](https://x.org/?a=1).\n",
        true,
        None,
    );
    assert!(r.html.contains("Vraiment\u{202F}?"), "{}", r.html);
    assert!(r.html.contains("Oui\u{A0}:"));
    assert!(r.html.contains("«\u{202F}test\u{202F}»"));
    assert!(r.html.contains("<code>a ? b</code>"));
    assert!(r.html.contains("href=\"https://x.org/?a=1\""));
    let (r, _) = render_with("Il a dit \"bonjour\".\n", true, None);
    assert!(r.html.contains("«\u{202F}bonjour\u{202F}»"), "{}", r.html);
}

#[test]
fn hashtags_link_in_text_but_not_in_code_links_or_headings() {
    let (r, _) = render_with(
        "## #Titre\n\nVive le #Coopsday ! `#code` [#lien](https://x.org) C# #1\n",
        false,
        Some("https://x.org/j/tags/"),
    );
    assert!(
        r.html
            .contains("<a class=\"hashtag\" href=\"https://x.org/j/tags/coopsday/\">#Coopsday</a>"),
        "{}",
        r.html
    );
    assert_eq!(r.hashtags, vec!["Coopsday"]);
    assert!(r.html.contains("<h2 id=\"titre\">#Titre</h2>"));
    assert!(r.html.contains("<code>#code</code>"));
}

#[test]
fn relative_images_point_at_the_copied_file_and_are_recorded() {
    let r = html("![Salle](./salle.jpg) ![Logo](https://x.org/l.png)\n");
    assert!(
        r.html
            .contains("src=\"https://x.org/j/actualites/a/salle.jpg\""),
        "{}",
        r.html
    );
    assert_eq!(r.images.len(), 1);
    assert_eq!(
        (r.images[0].src.as_str(), r.images[0].line),
        ("./salle.jpg", 4)
    );
}

#[test]
fn foreign_template_syntax_is_shown_raw_and_warned_about_once_per_kind() {
    let body = "Voici la vidéo : {{< youtube \"abc\" >}} et {{< youtube \"def\" >}} !\n\n{% highlight ruby %}\n\n[caption id=\"x\"]La salle[/caption]\n\n```\n{{ pas_un_avertissement }}\n```\n\nEt `{% raw %}` en code.\n";
    let (r, diags) = render_with(body, true, Some("/tags/"));
    assert!(
        r.html.contains("{{&lt; youtube &quot;abc&quot; &gt;}}"),
        "{}",
        r.html
    );
    assert!(
        !r.html.contains('«'),
        "typography inside a shortcode: {}",
        r.html
    );
    assert!(
        r.html.contains("vidéo\u{a0}:"),
        "typography outside it: {}",
        r.html
    );
    assert!(r.html.contains("{{ pas_un_avertissement }}"));
    let warnings: Vec<(usize, &str)> = diags.iter().map(|d| (d.line, d.message.as_str())).collect();
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(diags.iter().all(|d| d.severity == Severity::Warning));
    assert_eq!(warnings[0].0, 4);
    assert!(warnings[0].1.contains("Hugo shortcode") && warnings[0].1.contains("2 in this file"));
    assert_eq!(warnings[1].0, 6);
    assert!(warnings[1].1.contains("Liquid"));
    assert_eq!(warnings[2].0, 8);
    assert!(
        warnings[2].1.contains("WordPress shortcode") && warnings[2].1.contains("2 in this file")
    );
}

#[test]
fn wordpress_block_comments_are_warned_about_and_stay_invisible() {
    let body = "<!-- wp:paragraph -->\n<p>Bonjour</p>\n<!-- /wp:paragraph -->\n";
    let (r, diags) = render_with(body, true, None);
    assert!(r.html.contains("<p>Bonjour</p>"));
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0].message.contains("WordPress block") && diags[0].message.contains("2 in this file")
    );
}

#[test]
fn text_without_foreign_syntax_renders_as_before() {
    let body = "Un [lien](https://x.org) et [sic] : « bien » {x}.\n";
    let (r, diags) = render_with(body, true, None);
    assert!(diags.is_empty(), "{diags:?}");
    assert!(r.html.contains("[sic]"));
}

#[test]
fn inline_code_is_part_of_a_headings_id_and_contents_entry() {
    let r = html("## Using `async fn` in traits\n");
    assert!(
        r.html.contains(
            "<h2 id=\"using-async-fn-in-traits\">Using <code>async fn</code> in traits</h2>"
        ),
        "{}",
        r.html
    );
    assert_eq!(r.toc[0].title, "Using async fn in traits");
}

#[test]
fn links_to_files_are_recorded_for_the_image_stage() {
    let r = html(
        "[en grand](salle.jpg), [statuts](/docs/statuts.pdf), [site](https://x.org/a.jpg), \
         [plus bas](#suite), [écrire](mailto:a@x.org), [article](@/actualites/b.md)\n",
    );
    assert_eq!(r.file_links, ["salle.jpg", "/docs/statuts.pdf"]);
}
