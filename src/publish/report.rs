//! The words a publish ends with: the list a dry run shows, the summary line of a real run.
//!
//! In: a [`Report`]. Out: text for the command line to print (the library prints nothing).

use super::plan::Change;
use super::Report;

impl Report {
    /// What the command prints: with `--dry-run`, every file that would be sent, replaced or
    /// removed, then the counts; otherwise the summary line.
    pub fn text(&self, verbose: bool) -> String {
        let plan = &self.plan;
        let (new, new_bytes) = plan.count(Change::New);
        let (replaced, replaced_bytes) = plan.count(Change::Replaced);
        let removed = plan.removals.len();
        let mut out = String::new();
        if self.dry_run && verbose {
            for u in &plan.uploads {
                let mark = if u.change == Change::New {
                    "send   "
                } else {
                    "replace"
                };
                out.push_str(&format!("{mark} {} ({})\n", u.path, size(u.size)));
            }
            for path in &plan.removals {
                out.push_str(&format!("remove  {path}\n"));
            }
        }
        let counts = format!(
            "{new} new ({}), {replaced} replaced ({}), {removed} removed, {} unchanged",
            size(new_bytes),
            size(replaced_bytes),
            plan.unchanged
        );
        if self.dry_run {
            out.push_str(&format!(
                "Dry run, nothing was changed on {}: it would send {counts}.\n",
                self.target
            ));
        } else {
            let secs = self.elapsed.as_secs_f64();
            let again = match self.reconnects {
                0 => String::new(),
                1 => " (the connection was lost once and opened again)".to_string(),
                n => format!(" (the connection was lost {n} times and opened again)"),
            };
            out.push_str(&format!(
                "Published to {} in {secs:.1} s{again}: {counts}.\n",
                self.target
            ));
        }
        out
    }
}

/// `1234567` → `1.2 MB`.
fn size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", bytes as f64 / 1e6),
        _ => format!("{:.1} GB", bytes as f64 / 1e9),
    }
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
