//! `index.ts`: re-exports the public types of every other module. It has no model of its
//! own; the generator fills it in.

use crate::model::Module;

pub fn module() -> Module {
    Module::new("index", file!())
}
