//! ruche's integration tests, one binary (each test file a module, compiled once with the
//! helpers of `support/`): the real `ruche` binary and library on fixture sites, the preview
//! over HTTP and in a real browser, the HTML and accessibility checkers, property tests.
//!
//! A new test file goes here as a module, listed below.

mod support;

mod accessibility;
mod catalogue;
mod cli;
mod html_checks;
mod images;
mod images_avif;
mod images_lossless;
mod images_privacy;
mod import;
mod import_bodies;
mod incremental;
mod language;
mod preview;
mod props;
mod publish;
mod publish_faults;
mod publish_first;
mod publish_keys;
mod search;
mod search_dark;
mod serve;
mod serve_stress;
mod snapshots;
mod sources;
mod templates;
