//! One page of each kind of the default theme, built from the example site on a fixed day and
//! compared byte for byte with its reviewed snapshot (`tests/it/snapshots/`): an article, a
//! recap with its event, a section list, a term list, the home page and the 404 page. A
//! substring test says what must be there; a snapshot also says that nothing else changed.
//!
//! After an intended change: `INSTA_UPDATE=always cargo test snapshots`, then review the diff
//! of the `.snap` files before committing them (or use `cargo insta review`).

use crate::support;

use ruche::output::OutFile;
use ruche::BuildOptions;

/// The example site built in memory, as of 1 November 2026: every article published, two events still to come.
fn example() -> ruche::Built {
    let opts = BuildOptions {
        base_url: Some("https://exemple.coop".into()),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 1),
        ..BuildOptions::new(support::repo())
    };
    ruche::build(&opts).expect("the example site builds")
}

fn page(built: &ruche::Built, path: &str) -> String {
    match built.output.files.get(path) {
        Some(OutFile::Bytes(bytes)) => String::from_utf8(bytes.to_vec()).expect("UTF-8"),
        other => panic!("{path} is not a rendered page: {other:?}"),
    }
}

#[test]
fn each_kind_of_page_of_the_default_theme_is_as_reviewed() {
    let built = example();
    for (name, path) in [
        ("article", "actualites/les-licoornes/index.html"),
        (
            "recap_with_event",
            "actualites/formation-vie-cooperative/index.html",
        ),
        ("section_list", "actualites/index.html"),
        ("term_list", "tags/coopsday/index.html"),
        ("home", "index.html"),
        ("not_found", "404.html"),
    ] {
        insta::assert_snapshot!(name, page(&built, path));
    }
}
