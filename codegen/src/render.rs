//! Templates: real files with holes under `codegen/templates/`, found by walking the folder.
//! `generated/**.hbs` renders to the same path without `.hbs`; `partials/*.hbs` are shared
//! pieces. `src/{module}.ts.hbs` gets that module's view, every other file the package's.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use handlebars::Handlebars;
use walkdir::WalkDir;

use crate::error::CodegenError;
use crate::view::{LibraryViews, ModuleView};

/// Where the templates live: beside this crate's sources.
pub fn templates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("templates")
}

/// Handlebars as every generator here uses it: a missing value is an error, not an empty
/// string, and nothing is HTML-escaped (the output is code).
pub fn registry() -> Handlebars<'static> {
    let mut registry = Handlebars::new();
    registry.set_strict_mode(true);
    registry.register_escape_fn(handlebars::no_escape);
    registry
}

pub struct Templates {
    registry: Handlebars<'static>,
    /// Output path (relative to the package root) -> template name and source.
    files: BTreeMap<PathBuf, (String, String)>,
}

impl Templates {
    pub fn load(dir: &Path) -> Result<Templates, CodegenError> {
        let mut registry = registry();
        let mut files = BTreeMap::new();
        let mut entries: Vec<PathBuf> = WalkDir::new(dir)
            .into_iter()
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| CodegenError::io(dir, e.into()))?
            .into_iter()
            .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "hbs"))
            .map(|e| e.into_path())
            .collect();
        entries.sort();
        for path in entries {
            let source = std::fs::read_to_string(&path).map_err(|e| CodegenError::io(&path, e))?;
            let rel = path.strip_prefix(dir).expect("walked below dir").to_path_buf();
            let name = rel.to_string_lossy().replace('\\', "/");
            let template_error = |e: handlebars::TemplateError| CodegenError::Template {
                template: path.clone(),
                message: e.to_string(),
            };
            if let Ok(partial) = rel.strip_prefix("partials") {
                let stem = partial.to_string_lossy().trim_end_matches(".hbs").to_string();
                registry.register_partial(&stem, source).map_err(template_error)?;
            } else if let Ok(output) = rel.strip_prefix("generated") {
                registry.register_template_string(&name, &source).map_err(template_error)?;
                let output = PathBuf::from(output.to_string_lossy().trim_end_matches(".hbs"));
                files.insert(output, (name, source));
            }
            // Templates of other generators (the app model) live beside these.
        }
        Ok(Templates { registry, files })
    }

    /// Renders every file. Each module of the model needs a template and each module
    /// template a module: neither may be left over.
    pub fn render_all(&self, views: &LibraryViews) -> Result<BTreeMap<PathBuf, String>, CodegenError> {
        let modules: BTreeMap<PathBuf, &ModuleView> =
            views.modules.iter().map(|m| (PathBuf::from(format!("src/{}.ts", m.name)), m)).collect();
        let mut out = BTreeMap::new();
        for (path, module) in &modules {
            if !self.files.contains_key(path) {
                return Err(CodegenError::Template {
                    template: templates_dir().join("generated").join(format!("{}.hbs", path.display())),
                    message: format!("missing: the model has a module \"{}\" but no template for it", module.name),
                });
            }
        }
        for (path, (name, source)) in &self.files {
            let template = templates_dir().join(name);
            let rendered = if let Some(module) = modules.get(path) {
                check_error_references(source, module, &template)?;
                self.registry.render(name, module)
            } else if path.starts_with("src") {
                return Err(CodegenError::Template {
                    template,
                    message: "no module of the model renders through this template; remove it or add the module".into(),
                });
            } else {
                self.registry.render(name, &views.package)
            };
            let rendered = rendered.map_err(|e| CodegenError::Template { template, message: e.to_string() })?;
            out.insert(path.clone(), rendered);
        }
        Ok(out)
    }
}

/// The template's code may only throw the module's errors, and must throw each one: a
/// message in the model that nothing throws is dead.
fn check_error_references(source: &str, module: &ModuleView, template: &Path) -> Result<(), CodegenError> {
    let used: BTreeSet<&str> = source
        .match_indices("ERRORS.")
        .map(|(i, m)| {
            let rest = &source[i + m.len()..];
            let end = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
            &rest[..end]
        })
        .collect();
    let declared: BTreeSet<&str> = module.errors.iter().map(|e| e.id.as_str()).collect();
    let unknown: Vec<&&str> = used.difference(&declared).collect();
    let partial_thrown: BTreeSet<&str> = module.literal_sets.iter().map(|s| s.error_id.as_str()).collect();
    let unused: Vec<&&str> = declared.difference(&used).filter(|id| !partial_thrown.contains(**id)).collect();
    if unknown.is_empty() && unused.is_empty() {
        return Ok(());
    }
    Err(CodegenError::Template {
        template: template.to_path_buf(),
        message: format!(
            "error ids the template throws but the model lacks: {unknown:?}; error ids of the model the template never throws: {unused:?}"
        ),
    })
}
