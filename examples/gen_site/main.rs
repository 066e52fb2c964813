//! A synthetic French news site for benchmarks, the same bytes for the same arguments.
//!
//! `cargo run --release --example gen_site -- --pages 10000 --out DIR [--hugo HDIR]`
//!
//! Writes a complete ruche site in DIR (site.yaml, content/, the repository's default theme):
//! N articles over S sections, dated over fourteen years, filed under a few hundred tags drawn
//! from a Zipf law (a handful of tags carry most articles, as in a real newsroom) and one of ten
//! categories, with `##` headings, lists, a table now and then, a fenced code block every tenth
//! article and internal links `@/section/article.md` to other generated articles. With
//! `--hugo`, the same articles are also written as a Hugo site (see `hugo.rs`).

mod hugo;
mod text;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use text::{Rng, Zipf};

/// Where the generator's own marker lives, so that it never deletes a folder it did not make.
const MARKER: &str = ".ruche-bench-site";

const SECTIONS: &[(&str, &str)] = &[
    ("actualites", "Actualités"),
    ("evenements", "Événements"),
    ("formations", "Formations"),
    ("habitat", "Habitat"),
    ("territoires", "Territoires"),
    ("portraits", "Portraits"),
    ("gouvernance", "Gouvernance"),
    ("communiques", "Communiqués"),
    ("international", "International"),
    ("ressources", "Ressources"),
];

pub(crate) struct Args {
    pub(crate) pages: usize,
    pub(crate) sections: usize,
    pub(crate) tags: usize,
    pub(crate) seed: u64,
    pub(crate) out: PathBuf,
    pub(crate) hugo: Option<PathBuf>,
    pub(crate) theme: PathBuf,
}

/// What every article is, decided before any is written (links need their targets).
pub(crate) struct Plan {
    pub(crate) sections: Vec<(String, String)>,
    pub(crate) pages: Vec<Meta>,
    pub(crate) tags: Vec<String>,
    tag_law: Zipf,
    pub(crate) seed: u64,
}

pub(crate) struct Meta {
    pub(crate) section: usize,
    pub(crate) date: String,
    pub(crate) slug: String,
    pub(crate) title: String,
}

impl Meta {
    /// The file name without `.md`: the date prefix, then the slug (the URL drops the date).
    pub(crate) fn file(&self) -> String {
        format!("{}-{}", self.date, self.slug)
    }
}

/// One article, written the same way for ruche and for Hugo except for its links.
pub(crate) struct Article {
    pub(crate) front: String,
    pub(crate) body: String,
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_site: {e}\nusage: gen_site --pages N --out DIR [--sections S] [--tags T] [--seed X] [--hugo DIR] [--theme DIR]");
            std::process::exit(2);
        }
    };
    let plan = Plan::new(&args);
    if let Err(e) = write_ruche(&plan, &args) {
        eprintln!("gen_site: {e}");
        std::process::exit(1);
    }
    if let Some(dir) = &args.hugo {
        if let Err(e) = hugo::write_site(&plan, dir, &args.theme) {
            eprintln!("gen_site: {e}");
            std::process::exit(1);
        }
    }
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        pages: 10_000,
        sections: 8,
        tags: 300,
        seed: 2025,
        out: PathBuf::new(),
        hugo: None,
        theme: Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        let number = |v: String| v.parse::<usize>().map_err(|e| format!("{v}: {e}"));
        match flag.as_str() {
            "--pages" => args.pages = number(value()?)?,
            "--sections" => args.sections = number(value()?)?.clamp(1, 100),
            "--tags" => args.tags = number(value()?)?.max(1),
            "--seed" => args.seed = number(value()?)? as u64,
            "--out" => args.out = value()?.into(),
            "--hugo" => args.hugo = Some(value()?.into()),
            "--theme" => args.theme = value()?.into(),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if args.out.as_os_str().is_empty() {
        return Err("--out is required".into());
    }
    Ok(args)
}

impl Plan {
    fn new(args: &Args) -> Plan {
        let sections: Vec<(String, String)> = (0..args.sections)
            .map(|k| match SECTIONS.get(k) {
                Some((dir, title)) => (dir.to_string(), title.to_string()),
                None => (format!("rubrique-{}", k + 1), format!("Rubrique {}", k + 1)),
            })
            .collect();
        // Big sections and small ones, like a real newsroom's "actualités" and "international".
        let by_section = Zipf::new(args.sections, 0.6);
        let pages = (0..args.pages)
            .map(|i| {
                let mut rng = Rng::new(args.seed, i as u64);
                let title = text::title(&mut rng);
                Meta {
                    section: by_section.draw(&mut rng),
                    date: date_of(rng.below(14 * 365)),
                    slug: format!("{}-{i}", slug(&title)),
                    title,
                }
            })
            .collect();
        let tags = text::tags(args.tags);
        Plan {
            sections,
            pages,
            tag_law: Zipf::new(tags.len(), 1.0),
            tags,
            seed: args.seed,
        }
    }

    /// Article `i`: front matter and Markdown body, links written `@/section/file.md`.
    pub(crate) fn article(&self, i: usize) -> Article {
        let meta = &self.pages[i];
        // A stream of its own, so that an article's text never depends on the others'.
        let mut rng = Rng::new(self.seed ^ 0xA271C1E, i as u64);
        Article {
            front: self.front_matter(meta, &mut rng),
            body: self.body(i, &mut rng),
        }
    }

    fn front_matter(&self, meta: &Meta, rng: &mut Rng) -> String {
        let mut tags: Vec<&str> = Vec::new();
        for _ in 0..rng.range(1, 4) {
            let t = self.tags[self.tag_law.draw(rng)].as_str();
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        let mut authors = vec![rng.pick(text::AUTHORS)];
        if rng.one_in(4) {
            let second = rng.pick(text::AUTHORS);
            if second != authors[0] {
                authors.push(second);
            }
        }
        let mut out = format!("---\ntitle: {}\ndate: {}\n", quote(&meta.title), meta.date);
        if !rng.one_in(3) {
            let line = text::sentence(rng).replace(['*', '"'], "");
            let _ = writeln!(out, "description: {}", quote(&line));
        }
        let _ = writeln!(out, "authors: {}", list(&authors));
        let _ = writeln!(out, "tags: {}", list(&tags));
        let _ = writeln!(out, "categories: {}", list(&[rng.pick(text::CATEGORIES)]));
        out.push_str("---\n\n");
        out
    }

    fn body(&self, i: usize, rng: &mut Rng) -> String {
        let mut blocks = vec![text::paragraph(rng)];
        // Where the paragraphs are: links go at the end of one, never into a heading or a list.
        let mut paragraphs = vec![0];
        let headings = rng.range(2, 5);
        for h in 0..headings {
            blocks.push(format!("## {}", text::heading(rng)));
            paragraphs.push(blocks.len());
            blocks.push(text::paragraph(rng));
            if rng.one_in(3) {
                blocks.push(text::list(rng));
            }
            if rng.one_in(6) {
                blocks.push(format!("> {}", text::sentence(rng)));
            }
            if i % 7 == 3 && h == 0 {
                blocks.push(text::table(rng));
            }
            if i % 10 == 0 && h == 1 {
                blocks.push(text::code(rng, i / 10));
            }
            if rng.one_in(2) {
                paragraphs.push(blocks.len());
                blocks.push(text::paragraph(rng));
            }
        }
        // One to three links to other articles, each at the end of a paragraph.
        for _ in 0..rng.range(1, 3) {
            let j = rng.below(self.pages.len());
            if j == i {
                continue;
            }
            let k = paragraphs[rng.below(paragraphs.len())];
            let target = &self.pages[j];
            let link = format!(
                " À lire aussi : [{}](@/{}/{}.md).",
                target.title.replace(['[', ']'], ""),
                self.sections[target.section].0,
                target.file()
            );
            if let Some(block) = blocks.get_mut(k) {
                block.push_str(&link);
            }
        }
        if i % 15 == 7 {
            blocks[0].push_str("[^source]");
            blocks.push("[^source]: Chiffres communiqués par la fédération.".into());
        }
        let mut body = blocks.join("\n\n");
        body.push('\n');
        body
    }
}

/// A YAML double-quoted string.
fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// Day `n` from 2012-01-01 as `YYYY-MM-DD` (Howard Hinnant's days-to-civil algorithm).
fn date_of(n: usize) -> String {
    let z = n as i64 + 15_340 + 719_468; // 15 340 days from 1970-01-01 to 2012-01-01
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A lowercase ASCII slug of the first words of a title (accents of the word lists folded).
fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        let folded = match c {
            'à' | 'â' | 'ä' => "a",
            'ç' => "c",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'î' | 'ï' => "i",
            'ô' | 'ö' => "o",
            'ù' | 'û' | 'ü' => "u",
            'œ' => "oe",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        if folded != "-" || !out.ends_with('-') {
            out.push_str(folded);
        }
    }
    let words: Vec<&str> = out.split('-').filter(|w| !w.is_empty()).take(7).collect();
    words.join("-")
}

fn write_ruche(plan: &Plan, args: &Args) -> Result<(), String> {
    let root = &args.out;
    prepare(root)?;
    write(&root.join("site.yaml"), SITE_YAML)?;
    copy_dir(&args.theme, &root.join("themes/default"))?;
    let content = root.join("content");
    write(
        &content.join("_index.md"),
        &section_index(
            "Le Journal du réseau",
            "L'actualité des coopératives d'habitants, de leurs formations et de leurs rencontres.",
        ),
    )?;
    for (dir, title) in &plan.sections {
        let about =
            format!("Tous les articles de la rubrique {title}, du plus récent au plus ancien.");
        write(
            &content.join(dir).join("_index.md"),
            &section_index(title, &about),
        )?;
    }
    (0..plan.pages.len()).into_par_iter().try_for_each(|i| {
        let meta = &plan.pages[i];
        let article = plan.article(i);
        let path = content
            .join(&plan.sections[meta.section].0)
            .join(format!("{}.md", meta.file()));
        write(&path, &format!("{}{}", article.front, article.body))
    })
}

const SITE_YAML: &str = "# Generated by `cargo run --example gen_site` for benchmarks.
title: Le Journal du réseau coopératif
base_url: https://journal.exemple.coop
language: fr
description: L'actualité d'un réseau de coopératives d'habitants, générée pour mesurer ruche.
taxonomies: [tags, categories]
paginate_by: 10
extra:
  tagline: Nouvelles de la ruche coopérative
  home:
    news: actualites/_index.md
    count: 6
  footer: Site de démonstration généré pour les mesures de performance.
";

pub(crate) fn section_index(title: &str, description: &str) -> String {
    format!(
        "---\ntitle: {}\ndescription: {}\n---\n\n{}\n",
        quote(title),
        quote(description),
        description
    )
}

/// Makes `dir` a fresh generator folder: refuses a non-empty folder it did not make.
pub(crate) fn prepare(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        let mine = dir.join(MARKER).exists();
        let empty = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .next()
            .is_none();
        if !mine && !empty {
            return Err(format!(
                "{} exists and was not made by gen_site; choose another --out",
                dir.display()
            ));
        }
        std::fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    write(
        &dir.join(MARKER),
        "made by examples/gen_site; deleted when regenerated\n",
    )
}

pub(crate) fn write(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.map_err(|e| format!("{}: {e}", from.display()))?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| format!("{}: {e}", target.display()))?;
        } else {
            std::fs::copy(entry.path(), &target)
                .map_err(|e| format!("{}: {e}", target.display()))?;
        }
    }
    Ok(())
}
