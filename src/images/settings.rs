//! `images:` in site.yaml → [`Settings`]: the widths, formats and quality of published copies.
//!
//! In: the raw `images:` map. Out: settings the image stage trusts (widths sorted, formats
//! known, quality in range), or an error naming the key and what to write instead.

use serde::Deserialize;

use crate::error::Result;
use crate::t;
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
/// Ordered as the `<source>` elements are: a browser takes the first it can show, so the
/// smaller AVIF comes before WebP whatever the order written in site.yaml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Modern {
    /// AVIF (AV1 stills), lossy: smaller files than WebP, shown by every current browser,
    /// many times slower to encode (ravif).
    Avif,
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
        let bad = |message: String, hint: String| yaml.error_at_key("images", message).hint(hint);
        let mut widths = raw.widths;
        widths.sort_unstable();
        widths.dedup();
        if widths.is_empty() || widths.iter().any(|w| !(16..=8192).contains(w)) {
            return Err(bad(t!("image-widths"), t!("image-widths-hint")).into());
        }
        if !(1..=100).contains(&raw.quality) {
            let message = t!("image-quality", quality = raw.quality);
            return Err(bad(message, t!("image-quality-hint")).into());
        }
        let mut formats = Vec::new();
        for format in &raw.formats {
            let modern = match format.to_ascii_lowercase().as_str() {
                "webp" => Modern::Webp,
                "avif" => Modern::Avif,
                other => {
                    let message = t!("image-format-unknown", format = other);
                    return Err(bad(message, t!("image-format-unknown-hint")).into());
                }
            };
            if !formats.contains(&modern) {
                formats.push(modern);
            }
        }
        formats.sort_unstable();
        Ok(Settings {
            widths,
            formats,
            quality: raw.quality as u8,
        })
    }

    /// A text that changes whenever the published copies would: part of every cache key.
    /// The AVIF encoder's speed is in it too, since it changes the bytes of those copies.
    pub fn fingerprint(&self) -> String {
        let mut text = format!(
            "v1 widths={:?} formats={:?} quality={}",
            self.widths, self.formats, self.quality
        );
        if self.formats.contains(&Modern::Avif) {
            text.push_str(&format!(" avif-speed={}", super::encode::AVIF_SPEED));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn parse(images: &str) -> crate::error::Result<Config> {
        let text = format!("title: T\nbase_url: https://x.org\n{images}");
        Config::parse(std::path::Path::new("."), &text)
    }

    #[test]
    fn defaults_and_written_settings() {
        assert_eq!(parse("").unwrap().images, Settings::default());
        let c = parse("images:\n  widths: [960, 320, 960]\n  quality: 70\n").unwrap();
        assert_eq!(c.images.widths, vec![320, 960]);
        assert_eq!(c.images.quality, 70);
        assert_eq!(c.images.formats, vec![Modern::Webp]);
        assert!(parse("images:\n  formats: []\n")
            .unwrap()
            .images
            .formats
            .is_empty());
    }

    #[test]
    fn avif_comes_before_webp_whatever_the_order_written() {
        for written in ["[avif, webp]", "[webp, AVIF]", "[webp, avif, webp]"] {
            let c = parse(&format!("images:\n  formats: {written}\n")).unwrap();
            assert_eq!(
                c.images.formats,
                vec![Modern::Avif, Modern::Webp],
                "{written}"
            );
        }
        let avif = parse("images:\n  formats: [avif]\n").unwrap().images;
        assert_eq!(avif.formats, vec![Modern::Avif]);
        // The cache key changes with the formats: adding AVIF makes the copies again.
        let webp = Settings::default().fingerprint();
        let both = parse("images:\n  formats: [webp, avif]\n").unwrap().images;
        assert_ne!(webp, both.fingerprint());
        assert_ne!(avif.fingerprint(), both.fingerprint());
        assert!(both.fingerprint().contains("avif-speed="));
    }

    #[test]
    fn bad_settings_are_errors_at_the_images_key() {
        for (bad, says) in [
            ("images:\n  widths: []\n", "between 16 and 8192"),
            ("images:\n  widths: [10]\n", "between 16 and 8192"),
            ("images:\n  quality: 0\n", "between 1 and 100"),
            (
                "images:\n  formats: [gif]\n",
                "`gif` is not an image format",
            ),
        ] {
            let err = parse(bad).unwrap_err().to_string();
            assert!(err.contains(says), "{bad}: {err}");
            assert!(err.contains("site.yaml"), "{err}");
        }
        let err = parse("images:\n  widht: [1]\n").unwrap_err().to_string();
        assert!(err.contains("widht"), "{err}");
    }
}
