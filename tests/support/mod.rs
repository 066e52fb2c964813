//! Helpers of the integration tests: a fake site with its builder, a small HTTP and event-stream
//! client, and a headless browser. Each test binary uses only some of them.
#![allow(dead_code)]

pub mod browser;
pub mod http;
pub mod site;
