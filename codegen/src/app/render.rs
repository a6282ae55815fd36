//! The templates of generated apps: real files with holes under
//! `codegen/templates/app/{typescript,python}/`, found by walking the language's folder. A
//! template renders to its own path without `.hbs`; one with `[stack]` in its name renders once
//! per stack, `[stack]` replaced by the stack's file name.

use std::collections::BTreeMap;
use std::path::PathBuf;

use walkdir::WalkDir;

use crate::app::view::AppView;
use crate::app::Lang;
use crate::error::CodegenError;
use crate::render::{registry, templates_dir};

const PER_STACK: &str = "[stack]";

/// The templates folder of a language.
pub fn app_templates_dir(lang: Lang) -> PathBuf {
    templates_dir().join("app").join(match lang {
        Lang::TypeScript => "typescript",
        Lang::Python => "python",
    })
}

/// Every file of the app, by path relative to its folder.
pub fn render(view: &AppView, lang: Lang) -> Result<BTreeMap<PathBuf, String>, CodegenError> {
    let dir = app_templates_dir(lang);
    let mut registry = registry();
    let mut out = BTreeMap::new();
    for entry in WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.map_err(|e| CodegenError::io(&dir, e.into()))?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|x| x != "hbs") {
            continue;
        }
        let rel = path.strip_prefix(&dir).expect("walked below dir").to_string_lossy().replace('\\', "/");
        let output = rel.trim_end_matches(".hbs");
        let source = std::fs::read_to_string(path).map_err(|e| CodegenError::io(path, e))?;
        let template_error = |message: String| CodegenError::Template { template: path.to_path_buf(), message };
        registry.register_template_string(&rel, &source).map_err(|e| template_error(e.to_string()))?;
        if output.contains(PER_STACK) {
            for stack in &view.stacks {
                let rendered = registry.render(&rel, stack).map_err(|e| template_error(e.to_string()))?;
                out.insert(PathBuf::from(output.replace(PER_STACK, &stack.file)), rendered);
            }
        } else {
            let rendered = registry.render(&rel, view).map_err(|e| template_error(e.to_string()))?;
            out.insert(PathBuf::from(output), rendered);
        }
    }
    Ok(out)
}
