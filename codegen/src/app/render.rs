//! The templates of generated apps: real files with holes under
//! `codegen/templates/app/{typescript,python,java,go}/`, embedded in the binary. A template renders to
//! its own path without `.hbs`; one with `[stack]` in its name renders once per stack,
//! `[stack]` replaced by the stack's file name.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::app::view::AppView;
use crate::app::Lang;
use crate::error::CodegenError;
use crate::render::{registry, templates_under};

const PER_STACK: &str = "[stack]";

/// Every file of the app, by path relative to its folder.
pub fn render(view: &AppView, lang: Lang) -> Result<BTreeMap<PathBuf, String>, CodegenError> {
    let prefix = format!("app/{}/", lang.syntax().name());
    let mut registry = registry();
    let mut out = BTreeMap::new();
    for (name, output, source) in templates_under(&prefix) {
        let error = |e: &dyn std::fmt::Display| CodegenError::Template {
            template: PathBuf::from(name),
            message: e.to_string(),
        };
        registry
            .register_template_string(name, source)
            .map_err(|e| error(&e))?;
        if output.contains(PER_STACK) {
            for stack in &view.stacks {
                let rendered = registry.render(name, stack).map_err(|e| error(&e))?;
                out.insert(
                    PathBuf::from(output.replace(PER_STACK, &stack.file)),
                    rendered,
                );
            }
        } else {
            out.insert(
                PathBuf::from(output),
                registry.render(name, view).map_err(|e| error(&e))?,
            );
        }
    }
    Ok(out)
}
