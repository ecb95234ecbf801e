//! Formal records as PDF (and the ledger as .xlsx).
//!
//! The engine (fonts, line breaking, Markdown, layout, PDF) knows nothing of walks and tasks;
//! `data` assembles a record's fields from the store, the templates in `templates/` turn
//! them into Markdown, and `export` ties it together with an atomic write.

mod chart;
pub mod data;
pub mod programme;
mod decorate;
pub mod export;
pub mod fonts;
pub mod image;
mod jpeg;
pub mod layout;
pub mod library;
pub mod linebreak;
pub mod markdown;
mod content;
mod pdf;
pub mod render;
mod table;
pub mod template;
pub mod wallchart;
pub mod xlsx;

pub use crate::error::Result;
pub use fonts::FontChoice;
pub use render::{render_markdown, render_template, RenderOptions, Rendered};
pub use data::Filters;
pub use export::{export, ExportRequest, ExportSummary, Record};
