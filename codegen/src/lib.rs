//! The cdk-from-rust generator: the library model from `constructs/` goes one way through
//! validation ([`ir`]), view-models ([`view`]) and handlebars templates ([`render`]) into
//! files ([`output`]): the `*.generated.ts` declarations of `generated/src/`, beside the
//! hand-written behaviour that imports them.

pub mod app;
pub mod embedded;
pub mod error;
pub mod golden;
pub mod ir;
pub mod output;
pub mod render;
pub mod view;

pub use error::CodegenError;

use std::collections::BTreeMap;
use std::path::PathBuf;

/// Every file of the generated package, by path relative to its root, rendered from the
/// library model. Nothing is written.
pub fn render_library(
    library: &cdk_from_rust_constructs::model::Library,
) -> Result<BTreeMap<PathBuf, String>, CodegenError> {
    let ir = ir::validate(library)?;
    render::render_all(&view::library_views(&ir))
}
