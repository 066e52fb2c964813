//! `ruche check --external`: are the links to other web sites still alive?
//!
//! In: every `http(s)://` link of the pages, with where it is written. Out: a diagnostic per
//! dead link (file, line, column, the status or the network error). Politeness first: one
//! request at a time per host, a few hosts at once, a timeout, two retries with a pause, and
//! an on-disk cache (`.ruche-cache/external-links.json` in the site) so that links found
//! alive are not asked again for a day.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::content::Site;
use crate::error::Diagnostic;

const WORKERS: usize = 8;
const TIMEOUT: Duration = Duration::from_secs(10);
const RETRIES: u32 = 2;
const FRESH_FOR_SECS: u64 = 24 * 3600;

/// The verdict on one URL.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Verdict {
    /// Whether the link works.
    pub ok: bool,
    /// What the server said (`404 Not Found`) or why it could not be reached.
    pub detail: String,
    /// When it was checked, in seconds since 1970.
    pub checked_at: u64,
}

/// Checks every external link of the site; returns one diagnostic per dead link.
pub(crate) fn check(site: &Site) -> Vec<Diagnostic> {
    let cache_path = site.config.root.join(".ruche-cache/external-links.json");
    let mut cache = read_cache(&cache_path);
    let now = now_secs();
    let mut by_host: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for page in &site.pages {
        for link in &page.rendered.external {
            let fresh = cache.get(&link.src).is_some_and(|v| is_fresh(v, now));
            if !fresh {
                let urls = by_host.entry(host_of(&link.src)).or_default();
                if !urls.contains(&link.src) {
                    urls.push(link.src.clone());
                }
            }
        }
    }
    cache.extend(check_hosts(by_host));
    write_cache(&cache_path, &cache);
    report(site, &cache)
}

fn report(site: &Site, cache: &HashMap<String, Verdict>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for page in &site.pages {
        for link in &page.rendered.external {
            let Some(verdict) = cache.get(&link.src).filter(|v| !v.ok) else {
                continue;
            };
            out.push(
                Diagnostic::error(
                    &page.file.shown,
                    crate::t!(
                        "link-external-broken",
                        url = link.src,
                        detail = verdict.detail
                    ),
                )
                .at(link.line, link.column)
                .with_source(page.file.text.clone())
                .hint(crate::t!("link-external-broken-hint")),
            );
        }
    }
    out
}

/// Checks the URLs, hosts in parallel (a few at once), each host's URLs one after the other.
pub(crate) fn check_hosts(by_host: BTreeMap<String, Vec<String>>) -> HashMap<String, Verdict> {
    let queue = Mutex::new(by_host.into_values().collect::<Vec<_>>());
    let results = Mutex::new(HashMap::new());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .user_agent("ruche link checker")
        .build()
        .into();
    std::thread::scope(|scope| {
        for _ in 0..WORKERS {
            scope.spawn(|| {
                // A closure, so the queue's lock is released before the host's URLs are asked.
                let next = || queue.lock().ok().and_then(|mut q| q.pop());
                while let Some(urls) = next() {
                    for url in urls {
                        let verdict = check_url(&agent, &url);
                        if let Ok(mut r) = results.lock() {
                            r.insert(url, verdict);
                        }
                    }
                }
            });
        }
    });
    results.into_inner().unwrap_or_default()
}

fn check_url(agent: &ureq::Agent, url: &str) -> Verdict {
    let mut detail = String::new();
    for attempt in 0..=RETRIES {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(500 * u64::from(attempt)));
        }
        // Some servers refuse HEAD; ask again with GET before calling the link dead.
        let status = match agent.head(url).call() {
            Ok(r) if matches!(r.status().as_u16(), 405 | 403 | 501) => {
                agent.get(url).call().map(|r| r.status())
            }
            other => other.map(|r| r.status()),
        };
        match status {
            Ok(s) if s.is_success() || s.is_redirection() => {
                return Verdict {
                    ok: true,
                    detail: s.to_string(),
                    checked_at: now_secs(),
                }
            }
            // A definite answer from the server: no point asking again.
            Ok(s) if s.is_client_error() && s.as_u16() != 429 => {
                return Verdict {
                    ok: false,
                    detail: s.to_string(),
                    checked_at: now_secs(),
                }
            }
            Ok(s) => detail = s.to_string(),
            Err(e) => detail = crate::t!("link-external-unreachable", error = e.to_string()),
        }
    }
    Verdict {
        ok: false,
        detail,
        checked_at: now_secs(),
    }
}

fn host_of(url: &str) -> String {
    url.split("://")
        .nth(1)
        .and_then(|r| r.split(['/', '?', '#']).next())
        .unwrap_or(url)
        .to_lowercase()
}

/// Whether a remembered verdict can stand: a working link checked less than a day ago. A
/// `checked_at` in the future (a clock set back, a cache copied from another computer) is
/// not trusted: the link is asked again (it once made the subtraction overflow).
fn is_fresh(verdict: &Verdict, now: u64) -> bool {
    verdict.ok
        && now
            .checked_sub(verdict.checked_at)
            .is_some_and(|age| age < FRESH_FOR_SECS)
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn read_cache(path: &Path) -> HashMap<String, Verdict> {
    std::fs::read(path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Best effort: a cache that cannot be written only means the next check asks again.
fn write_cache(path: &PathBuf, cache: &HashMap<String, Verdict>) {
    let sorted: BTreeMap<&String, &Verdict> = cache.iter().collect();
    if let (Some(dir), Ok(json)) = (path.parent(), serde_json::to_vec_pretty(&sorted)) {
        let _ = std::fs::create_dir_all(dir);
        let _ = std::fs::write(path, json);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_working_link_checked_in_the_last_day_is_fresh() {
        let verdict = |ok, checked_at| Verdict {
            ok,
            detail: String::new(),
            checked_at,
        };
        let now = 1_000_000;
        assert!(is_fresh(&verdict(true, now - 60), now));
        assert!(!is_fresh(&verdict(false, now - 60), now));
        assert!(!is_fresh(&verdict(true, now - FRESH_FOR_SECS), now));
        assert!(
            !is_fresh(&verdict(true, now + 3600), now),
            "from the future"
        );
        assert!(!is_fresh(&verdict(true, u64::MAX), now));
    }
}
