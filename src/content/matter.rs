//! A content file's front matter as a document to read: YAML between `---` lines, or TOML
//! between `+++` lines as Zola and Hugo sites write it.
//!
//! In: the front matter's text, its format and where it sits in its file. Out: the parsed
//! value (TOML's dates written as text, as YAML gives them), typed values, and diagnostics that
//! point at the file, line and column in the same plain words for both formats. YAML goes
//! through [`crate::yaml`] (the one module that calls serde_yaml); this is the one module that
//! calls the `toml` crate.

use std::path::Path;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::error::Diagnostic;
use crate::yaml::Yaml;

/// The language of a front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `---` lines around `key: value` lines.
    Yaml,
    /// `+++` lines around `key = value` lines.
    Toml,
}

impl Format {
    /// The line that opens and closes it.
    pub fn fence(self) -> &'static str {
        match self {
            Format::Yaml => "---",
            Format::Toml => "+++",
        }
    }
}

/// A front matter inside its file.
pub struct Matter<'a> {
    /// The front matter's own text, without its fences.
    pub text: &'a str,
    /// Its language.
    pub format: Format,
    /// The file it comes from, as shown to the user.
    pub file: &'a Path,
    /// The file's whole text, so errors can show the offending line.
    pub source: &'a Arc<str>,
    /// How many lines of the file come before `text` (1: the opening fence).
    pub line_offset: usize,
}

impl Matter<'_> {
    fn yaml(&self) -> Yaml<'_> {
        Yaml {
            text: self.text,
            file: self.file,
            source: self.source,
            line_offset: self.line_offset,
        }
    }

    /// Parses the document into a free-form value; an empty one is an empty map.
    pub fn parse_value(&self, hint: &str) -> Result<serde_json::Value, Diagnostic> {
        match self.format {
            Format::Yaml => self.yaml().parse_value(hint),
            Format::Toml => {
                let table: toml::Table =
                    toml::from_str(self.text).map_err(|e| self.toml_error(&e))?;
                Ok(json_of(toml::Value::Table(table)))
            }
        }
    }

    /// Parses the document into `T`, with a plain-words error at the key that is wrong.
    pub fn parse<T: DeserializeOwned>(&self, hint: &str) -> Result<T, Diagnostic> {
        match self.format {
            Format::Yaml => self.yaml().parse(hint),
            Format::Toml => {
                let value = self.parse_value(hint)?;
                serde_path_to_error::deserialize(value).map_err(|e| {
                    let key = e.path().iter().next().map(std::string::ToString::to_string);
                    let message = crate::yaml::explain(&e.inner().to_string());
                    match key {
                        Some(key) => self.error_at_key(
                            &key,
                            crate::t!("yaml-in-key", key = key, words = message),
                        ),
                        None => self.error_at_key("", message),
                    }
                    .hint(crate::t!("matter-toml-hint"))
                })
            }
        }
    }

    /// The file line of a top-level key, or the first line of the document.
    pub fn key_line(&self, key: &str) -> usize {
        match self.format {
            Format::Yaml => self.yaml().key_line(key),
            Format::Toml => {
                let found = self.text.lines().position(|line| {
                    let line = line.trim_start();
                    let line = line
                        .strip_prefix(['"', '\''])
                        .map_or(line, |l| l.trim_start_matches(['"', '\'']));
                    line.strip_prefix(key).is_some_and(|rest| {
                        rest.trim_start_matches(['"', '\''])
                            .trim_start()
                            .starts_with('=')
                    }) || line.starts_with(&format!("[{key}]"))
                });
                self.line_offset + found.map_or(1, |i| i + 1)
            }
        }
    }

    /// A diagnostic pointing at a top-level key's line, at its value.
    pub fn error_at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let separator = match self.format {
            Format::Yaml => ':',
            Format::Toml => '=',
        };
        let line = self.key_line(key);
        let column = self
            .source
            .lines()
            .nth(line.saturating_sub(1))
            .and_then(|l| l.find(separator))
            .map_or(1, |c| c + 3);
        Diagnostic::error(self.file, message)
            .at(line, column)
            .with_source(self.source.clone())
    }

    fn toml_error(&self, err: &toml::de::Error) -> Diagnostic {
        let (line, column) = err.span().map_or((1, 1), |span| {
            let before = &self.text[..span.start.min(self.text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            (line, column)
        });
        let message = err.message().trim_end_matches('\n');
        Diagnostic::error(
            self.file,
            crate::t!("matter-toml-unreadable", reason = message),
        )
        .at(self.line_offset + line, column)
        .with_source(self.source.clone())
        .hint(crate::t!("matter-toml-hint"))
    }
}

/// A TOML value as the JSON value the rest of ruche reads; dates become the text they were
/// written as (`2023-12-04T23:00:00Z`), as YAML gives them.
pub fn json_of(value: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(J::Null, J::Number),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(items) => J::Array(items.into_iter().map(json_of).collect()),
        toml::Value::Table(table) => J::Object(
            table
                .into_iter()
                .map(|(key, value)| (key, json_of(value)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toml_doc<'a>(text: &'a str, source: &'a Arc<str>) -> Matter<'a> {
        Matter {
            text,
            format: Format::Toml,
            file: Path::new("content/a.md"),
            source,
            line_offset: 1,
        }
    }

    #[test]
    fn toml_dates_tables_and_lists_read_as_yaml_gives_them() {
        let text = "title = \"Vie coopérative\"\ndate = 2023-12-04T23:00:00Z\nday = 2024-01-05\ntags = [\"Coopsday\", \"Formation\"]\n[extra]\nlieu = \"Paris\"\n";
        let source: Arc<str> = Arc::from(format!("+++\n{text}+++\n"));
        let value = toml_doc(text, &source).parse_value("").unwrap();
        assert_eq!(value["date"], "2023-12-04T23:00:00Z");
        assert_eq!(value["day"], "2024-01-05");
        assert_eq!(value["tags"][1], "Formation");
        assert_eq!(value["extra"]["lieu"], "Paris");
    }

    #[test]
    fn a_toml_syntax_error_names_its_line_and_column_in_the_file() {
        let text = "title = \"A\"\ndate = 2023-12-04\ntags = [\"a\", \n";
        let source: Arc<str> = Arc::from(format!("+++\n{text}+++\n"));
        let d = toml_doc(text, &source).parse_value("").unwrap_err();
        assert!(d.message.contains("TOML"), "{}", d.message);
        assert!(d.line >= 4, "line {}", d.line);
        assert!(d.hint.as_deref().unwrap_or("").contains("+++"));
        let d = toml_doc("draft = 1\n", &source)
            .parse::<bool>("key: value")
            .unwrap_err();
        assert!(d.hint.as_deref().unwrap_or("").contains("key = value"));
    }

    #[test]
    fn a_toml_value_of_the_wrong_type_names_its_key_and_line() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            title: String,
        }
        let text = "draft = true\ntitle = [\"a\"]\n";
        let source: Arc<str> = Arc::from(format!("+++\n{text}+++\n"));
        let d = toml_doc(text, &source).parse::<T>("hint").unwrap_err();
        assert!(d.message.starts_with("in `title`"), "{}", d.message);
        assert_eq!(d.line, 3);
    }
}
