//! Templates: real files with holes under `codegen/templates/`, embedded in the binary
//! ([`crate::embedded`]). `generated/**.hbs` renders to the same path without `.hbs`:
//! `src/[module].generated.ts.hbs` once per module of the model, `src/index.ts.hbs` with the
//! index's view, every other file with the package's. `app/{lang}/**` are the templates of
//! generated apps (`crate::app::render`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use handlebars::Handlebars;

use crate::error::CodegenError;
use crate::view::LibraryViews;

/// The part of a template's name that each module of the model replaces.
const PER_MODULE: &str = "[module]";
const INDEX: &str = "src/index.ts";

/// The templates whose paths start with `prefix`, with that prefix and `.hbs` taken off.
pub fn templates_under(
    prefix: &str,
) -> impl Iterator<Item = (&'static str, &'static str, &'static str)> + '_ {
    crate::embedded::TEMPLATES
        .iter()
        .filter_map(move |(path, source)| {
            let output = path.strip_prefix(prefix)?.strip_suffix(".hbs")?;
            Some((*path, output, *source))
        })
}

/// Handlebars as every generator here uses it: a missing value is an error, not an empty
/// string, and nothing is HTML-escaped (the output is code).
pub fn registry() -> Handlebars<'static> {
    let mut registry = Handlebars::new();
    registry.set_strict_mode(true);
    registry.register_escape_fn(handlebars::no_escape);
    registry
}

/// Renders every file of the package.
pub fn render_all(views: &LibraryViews) -> Result<BTreeMap<PathBuf, String>, CodegenError> {
    let mut registry = registry();
    let mut out = BTreeMap::new();
    for (name, output, source) in templates_under("generated/") {
        let error = |message: String| CodegenError::Template {
            template: PathBuf::from(name),
            message,
        };
        registry
            .register_template_string(name, source)
            .map_err(|e| error(e.to_string()))?;
        if output.contains(PER_MODULE) {
            for module in &views.modules {
                let rendered = registry
                    .render(name, module)
                    .map_err(|e| error(e.to_string()))?;
                out.insert(
                    PathBuf::from(output.replace(PER_MODULE, &module.name)),
                    rendered,
                );
            }
        } else {
            let rendered = if output == INDEX {
                registry.render(name, &views.index)
            } else {
                registry.render(name, &views.package)
            };
            out.insert(
                PathBuf::from(output),
                rendered.map_err(|e| error(e.to_string()))?,
            );
        }
    }
    Ok(out)
}
