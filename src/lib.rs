//! ruche: a static site generator for the newsrooms of cooperatives.

pub mod error;
pub mod fsx;
pub mod output;
pub mod serve;
