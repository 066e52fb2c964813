//! `ruche import`, what becomes of bodies beyond the pages': the sections' own text (their
//! shortcodes converted and their references resolved as a page's are), references to a
//! section, and WordPress galleries made the page's `gallery:`.

use std::path::Path;

use crate::import::{assert_same_twice, build, fixture, import_into, options, read, site};

#[test]
fn section_bodies_are_converted_and_references_to_sections_resolved_in_hugo() {
    let opts = options(fixture("hugo"), Path::new(""));
    let (dir, imported) = import_into(opts.clone());
    let root = site(&dir);
    let posts = read(&root, "content/posts/_index.md");
    for expected in [
        "title: Nos nouvelles\n",
        "[premier atelier](@/posts/premier/index.md)",
        "[l’accueil](@/_index.md)",
        "![Le logo des ateliers](logo.png)",
        "<figcaption>Notre logo</figcaption>",
        "youtube-nocookie.com/embed/w7Ft2ymGmfc",
        "{{< instagram BWNjjyYFxVx >}}",
    ] {
        assert!(
            posts.contains(expected),
            "missing {expected:?} in:\n{posts}"
        );
    }
    assert!(
        !posts.contains("{{< ref") && !posts.contains("{{< figure"),
        "{posts}"
    );
    assert_eq!(
        std::fs::read(root.join("content/posts/logo.png")).unwrap(),
        std::fs::read(fixture("hugo/static/images/logo.png")).unwrap()
    );
    let home = read(&root, "content/_index.md");
    assert!(
        home.contains("[nos nouvelles](@/posts/_index.md)"),
        "{home}"
    );
    let second = read(&root, "content/posts/second.md");
    assert!(second.contains("[ici](@/posts/_index.md)"), "{second}");
    // What is left is listed with its line in the new file; the section links are not.
    let report = &imported.report;
    let line = posts.lines().position(|l| l.contains("instagram")).unwrap() + 1;
    assert!(
        report.contains(&format!("content/posts/_index.md:{line}` ")),
        "{report}"
    );
    assert!(
        !report.contains("`posts`") && !report.contains("posts/_index.md`"),
        "{report}"
    );
    let out = build(&root);
    let listing =
        String::from_utf8_lossy(&out.files["posts/index.html"].read().unwrap()).to_string();
    assert!(
        listing.contains("youtube-nocookie.com/embed/w7Ft2ymGmfc"),
        "{listing}"
    );
    assert!(listing.contains("/posts/premier/\""), "{listing}");
    assert_same_twice(opts);
}

#[test]
fn section_bodies_are_converted_and_references_to_sections_resolved_in_zola() {
    let opts = options(fixture("zola"), Path::new(""));
    let (dir, imported) = import_into(opts);
    let root = site(&dir);
    let blog = read(&root, "content/blog/_index.md");
    for expected in [
        "[the first one](@/blog/2020-01-01-first.md)",
        "[home](@/_index.md)",
        "youtube-nocookie.com/embed/zzz12345",
    ] {
        assert!(blog.contains(expected), "missing {expected:?} in:\n{blog}");
    }
    let second = read(&root, "content/blog/second/index.md");
    assert!(
        second.contains("[the whole blog](@/blog/_index.md)"),
        "{second}"
    );
    assert!(
        !imported.report.contains("_index.md`"),
        "{}",
        imported.report
    );
    let out = build(&root);
    assert!(out.files.contains_key("blog/index.html"));
}

#[test]
fn a_wordpress_gallery_whose_images_are_found_becomes_the_pages_gallery() {
    let mut opts = options(fixture("wordpress/galeries.xml"), Path::new(""));
    opts.uploads = Some(fixture("wordpress/uploads"));
    let (dir, imported) = import_into(opts.clone());
    let root = site(&dir);
    let bundle = root.join("content/actualites/2024-05-04-marche-de-printemps");
    let market = read(
        &root,
        "content/actualites/2024-05-04-marche-de-printemps/index.md",
    );
    assert!(
        market.contains(
            "gallery:\n- src: marche-1.png\n  alt: Les étals du marché sous les tilleuls\n  caption: Le marché, côté place\n- src: marche-2.png\n  alt: Les producteurs\n"
        ),
        "{market}"
    );
    assert!(
        market.contains("Le marché a rassemblé vingt producteurs.\n\nRendez-vous à l’automne."),
        "{market}"
    );
    assert!(
        !market.contains("gallery ids") && !market.contains("[gallery"),
        "{market}"
    );
    for name in ["marche-1.png", "marche-2.png"] {
        let original = std::fs::read(fixture("wordpress/uploads/2024/05").join(name)).unwrap();
        assert_eq!(
            std::fs::read(bundle.join(name)).unwrap(),
            original,
            "{name}"
        );
    }
    // With no `ids`, a gallery shows the images uploaded to the page, in their order.
    let garden = read(&root, "content/le-jardin/index.md");
    assert!(
        garden.contains(
            "gallery:\n- src: serre.png\n  alt: La serre\n- src: potager.png\n  alt: Le potager\n"
        ),
        "{garden}"
    );
    assert!(!garden.contains("[gallery"), "{garden}");
    // A gallery with an image missing from the uploads or from the export stays, listed.
    let swap = read(&root, "content/actualites/2024-05-20-troc-de-graines.md");
    assert!(!swap.contains("\ngallery:"), "{swap}");
    let report = &imported.report;
    for ids in ["40,43", "40,99"] {
        let shortcode = format!("[gallery ids=\"{ids}\"]");
        let line = swap
            .lines()
            .position(|l| l.contains(&format!("gallery ids=\"{ids}\"")))
            .unwrap()
            + 1;
        let expected = format!(
            "`content/actualites/2024-05-20-troc-de-graines.md:{line}` : galerie laissée telle quelle `{shortcode}` : ses images ne sont pas toutes dans l’export"
        );
        assert!(
            report.contains(&expected),
            "missing {expected:?} in:\n{report}"
        );
    }
    assert!(report.contains("uploads/2024/05/perdue.png"), "{report}");
    assert_eq!(
        imported.notes.len(),
        3,
        "two galleries and the missing file: {report}"
    );
    let out = build(&root);
    let page = String::from_utf8_lossy(
        &out.files["actualites/marche-de-printemps/index.html"]
            .read()
            .unwrap(),
    )
    .to_string();
    assert_eq!(page.matches("class=\"gallery__item\"").count(), 2, "{page}");
    assert!(page.contains("Le marché, côté place"), "{page}");
    assert_same_twice(opts);
}
