//! `images:` in site.yaml → [`Settings`]: the widths, formats and quality of published copies.
//!
//! In: the raw `images:` map. Out: settings the image stage trusts (widths sorted, formats
//! known, quality in range), or an error naming the key and what to write instead.

use serde::Deserialize;

use crate::error::Result;
use crate::yaml::Yaml;

/// `images:` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSettings {
    #[serde(default = "default_widths")]
    widths: Vec<u32>,
    #[serde(default = "default_formats")]
    formats: Vec<String>,
    #[serde(default = "default_quality")]
    quality: u32,
}

impl Default for RawSettings {
    fn default() -> Self {
        RawSettings {
            widths: default_widths(),
            formats: default_formats(),
            quality: default_quality(),
        }
    }
}

fn default_widths() -> Vec<u32> {
    vec![480, 960, 1440, 1920]
}
fn default_formats() -> Vec<String> {
    vec!["webp".into()]
}
fn default_quality() -> u32 {
    80
}

/// A modern format published beside the original's (which is always kept as the fallback).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Modern {
    /// WebP, lossy, shown by every browser released since 2020.
    Webp,
}

/// The image settings, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Widths of the resized copies, ascending, without duplicates (never upscaled).
    pub widths: Vec<u32>,
    /// Formats published besides the original's.
    pub formats: Vec<Modern>,
    /// Lossy quality, 1 to 100.
    pub quality: u8,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            widths: default_widths(),
            formats: vec![Modern::Webp],
            quality: 80,
        }
    }
}

impl Settings {
    /// Checks `raw`; errors point at the `images` key of site.yaml.
    pub fn resolve(raw: RawSettings, yaml: &Yaml) -> Result<Settings> {
        let bad = |message: String, hint: &str| yaml.error_at_key("images", message).hint(hint);
        let mut widths = raw.widths;
        widths.sort_unstable();
        widths.dedup();
        if widths.is_empty() || widths.iter().any(|w| !(16..=8192).contains(w)) {
            return Err(bad(
                "`images.widths` must list widths between 16 and 8192 pixels".into(),
                "write for example `widths: [480, 960, 1440, 1920]`",
            )
            .into());
        }
        if !(1..=100).contains(&raw.quality) {
            return Err(bad(
                format!(
                    "`images.quality` is {}, it must be between 1 and 100",
                    raw.quality
                ),
                "80 keeps photos sharp at a quarter of their weight",
            )
            .into());
        }
        let mut formats = Vec::new();
        for format in &raw.formats {
            let modern = match format.to_ascii_lowercase().as_str() {
                "webp" => Modern::Webp,
                "avif" => {
                    return Err(bad(
                        "AVIF copies are not available in this version of ruche".into(),
                        "use `formats: [webp]`: WebP is shown by every current browser",
                    )
                    .into())
                }
                other => {
                    return Err(bad(
                        format!("`{other}` is not an image format ruche publishes"),
                        "use `formats: [webp]` (the original's format is always kept too)",
                    )
                    .into())
                }
            };
            if !formats.contains(&modern) {
                formats.push(modern);
            }
        }
        Ok(Settings {
            widths,
            formats,
            quality: raw.quality as u8,
        })
    }

    /// A text that changes whenever the published copies would: part of every cache key.
    pub fn fingerprint(&self) -> String {
        format!(
            "v1 widths={:?} formats={:?} quality={}",
            self.widths, self.formats, self.quality
        )
    }
}
