//! The words a publish ends with: the list a dry run shows, the summary line of a real run.
//!
//! In: a [`Report`]. Out: text for the command line to print (the library prints nothing).

use super::plan::Change;
use super::Report;
use crate::t;

impl Report {
    /// What the command prints: with `--dry-run`, every file that would be sent, replaced or
    /// removed, then the counts; otherwise the summary line.
    pub fn text(&self, verbose: bool) -> String {
        let plan = &self.plan;
        let (new, new_bytes) = plan.count(Change::New);
        let (replaced, replaced_bytes) = plan.count(Change::Replaced);
        let mut out = String::new();
        if self.dry_run && verbose {
            for u in &plan.uploads {
                let (file, size) = (&u.path, size(u.size));
                let line = match u.change {
                    Change::New => t!("publish-would-send", file = file, size = size),
                    Change::Replaced => t!("publish-would-replace", file = file, size = size),
                };
                out.push_str(&line);
                out.push('\n');
            }
            for path in &plan.removals {
                out.push_str(&t!("publish-would-remove", file = path));
                out.push('\n');
            }
        }
        let counts = t!(
            "publish-counts",
            new = new,
            new_size = size(new_bytes),
            replaced = replaced,
            replaced_size = size(replaced_bytes),
            removed = plan.removals.len(),
            unchanged = plan.unchanged
        );
        let target = &self.target;
        let line = if self.dry_run {
            t!("publish-dry-run", target = target, counts = counts)
        } else {
            let (whole, tenth) = tenths(self.elapsed.as_secs_f64());
            let time = t!("publish-seconds", whole = whole, tenth = tenth);
            match self.reconnects {
                0 => t!(
                    "publish-done",
                    target = target,
                    time = time,
                    counts = counts
                ),
                n => t!(
                    "publish-done-reconnected",
                    target = target,
                    time = time,
                    reconnects = n,
                    counts = counts
                ),
            }
        };
        out.push_str(&line);
        out.push('\n');
        out
    }
}

/// `1234567` → `1.2 MB` (`1,2 Mo` in French).
fn size(bytes: u64) -> String {
    let of = |divisor: f64| tenths(bytes as f64 / divisor);
    match bytes {
        0..1_000 => t!("publish-size-bytes", bytes = bytes),
        1_000..1_000_000 => {
            let (whole, tenth) = of(1e3);
            t!("publish-size-kb", whole = whole, tenth = tenth)
        }
        1_000_000..1_000_000_000 => {
            let (whole, tenth) = of(1e6);
            t!("publish-size-mb", whole = whole, tenth = tenth)
        }
        _ => {
            let (whole, tenth) = of(1e9);
            t!("publish-size-gb", whole = whole, tenth = tenth)
        }
    }
}

/// A number rounded to one decimal, as its whole part and its tenths: each language writes
/// the decimal separator its own way.
fn tenths(value: f64) -> (u64, u64) {
    let tenths = (value * 10.0).round() as u64;
    (tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(super::size(999), "999 B");
        assert_eq!(super::size(1_500), "1.5 kB");
        assert_eq!(super::size(12_300_000), "12.3 MB");
    }
}
