//! CDK apps from a declarative model. An app model (TOML, YAML or JSON, or [`model::AppModel`]
//! built in Rust) goes one way: parsed into a position-carrying [`tree`] -> checked against
//! a schema derived from the construct library ([`schema`], [`validate`]) and its rules
//! ([`rules`]) into an [`ir::AppIr`] -> a view-model per language ([`view`]) -> the templates
//! under `codegen/templates/app/` -> files.
//!
//! A Rust program can build the model in code and generate the app as the CLI would:
//!
//! ```
//! use codegen::app::{self, model::*, AppOptions, Lang};
//!
//! let mut api = WebSocketApiProps::default();
//! api.routes.insert("$connect".into(), Route::Handler("src/connect.main".into()));
//! api.routes.insert("sendMessage".into(), Route::Handler("src/send.main".into()));
//! api.defaults = Some(WebSocketApiDefaultsProps {
//!     function: Some(FunctionProps { bind: Some(vec!["connections".into()]), ..FunctionProps::default() }),
//! });
//! let stack = Stack {
//!     resources: [("connections".to_string(), Resource::table("id", AttributeType::String))].into(),
//!     web_socket_apis: [("Chat".to_string(), api)].into(),
//!     ..Stack::default()
//! };
//! let model = AppModel { app: "chat".into(), stacks: [("Chat".to_string(), stack)].into(), ..AppModel::default() };
//!
//! let ir = app::check(&model, "built in Rust").unwrap();
//! let files = app::render(&ir, &AppOptions { lang: Lang::TypeScript, src_path: None }).unwrap();
//! let stack = &files[std::path::Path::new("lib/chat-stack.ts")];
//! assert!(stack.contains("const connectionsTable = new dynamodb.Table(this, \"connections\", {"));
//! assert!(stack.contains("defaults: { function: { bind: [connectionsTable] } },"));
//!
//! // The same rules as a model file: a runtime the construct does not know is refused.
//! let mut bad = model.clone();
//! let chat = bad.stacks.get_mut("Chat").unwrap().web_socket_apis.get_mut("Chat").unwrap();
//! chat.defaults.as_mut().unwrap().function.as_mut().unwrap().runtime = Some("nodejs18.x".into());
//! let error = app::check(&bad, "built in Rust").unwrap_err().to_string();
//! assert!(error.contains("stacks.Chat.webSocketApis.Chat.defaults.function.runtime: Invalid runtime \"nodejs18.x\""));
//! ```

pub mod code;
pub mod doc;
pub mod estimate;
pub mod ir;
pub mod model;
pub mod names;
pub mod parse;
pub mod paths;
pub mod render;
pub mod resources;
pub mod rules;
pub mod schema;
pub mod syntax;
pub mod synth;
pub mod tree;
pub mod validate;
pub mod view;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::CodegenError;
pub use ir::AppIr;
pub use parse::Format;

/// The language of a generated app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    #[value(name = "typescript")]
    TypeScript,
    #[value(name = "python")]
    Python,
    #[value(name = "java")]
    Java,
    #[value(name = "go")]
    Go,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::TypeScript, Lang::Python, Lang::Java, Lang::Go];
}

#[derive(Debug, Clone)]
pub struct AppOptions {
    pub lang: Lang,
    /// The model's folder as seen from the app's folder, which handler paths are relative to;
    /// `None` when the app is generated into the model's folder.
    pub src_path: Option<String>,
}

/// Reads and checks a model file; problems name its lines and columns.
pub fn load(path: &Path) -> Result<AppIr, CodegenError> {
    let format = Format::of(path)?;
    let text = std::fs::read_to_string(path).map_err(|e| CodegenError::io(path, e))?;
    from_text(&text, format, &path.display().to_string())
}

/// Checks a model given as text; `origin` names it in problems and generated headers.
pub fn from_text(text: &str, format: Format, origin: &str) -> Result<AppIr, CodegenError> {
    ir::from_tree(&parse::parse(text, format, origin)?, origin)
}

/// Checks a model built in code, with the rules a model file meets.
pub fn check(model: &model::AppModel, origin: &str) -> Result<AppIr, CodegenError> {
    ir::check(model, origin)
}

/// The workspace this generator was built in: `examples/`, `test-app/` and `target/` are there.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ is in the workspace")
        .to_path_buf()
}

/// The checkout this binary was built from, while it still exists (an installed binary may
/// outlive it).
pub fn checkout() -> Option<PathBuf> {
    let workspace = workspace();
    [
        workspace.join("test-app/package.json"),
        workspace.join("generated/package.json"),
    ]
    .iter()
    .all(|p| p.is_file())
    .then_some(workspace)
}

/// Where an app goes without `--out`: `target/apps/{app}/{lang}` in the checkout, or below the
/// working directory (`cdk-from-rust-apps/{app}/{lang}`) for an installed binary.
pub fn default_out(ir: &AppIr, lang: Lang) -> PathBuf {
    let lang = lang.syntax().name();
    let base = checkout()
        .map(|c| c.join("target/apps"))
        .unwrap_or_else(|| PathBuf::from("cdk-from-rust-apps"));
    base.join(&ir.model.app).join(lang)
}

/// What `generate` wrote.
#[derive(Debug)]
pub struct Generated {
    pub out: PathBuf,
    pub drift: crate::output::Drift,
    pub files: usize,
}

impl std::fmt::Display for Generated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let changed = self.drift.stale.len() + self.drift.missing.len();
        write!(
            f,
            "{}: {changed} written, {} removed, {} unchanged",
            self.out.display(),
            self.drift.extra.len(),
            self.files - changed
        )
    }
}

/// Renders the app of a checked model into `out`, whose handler paths reach the model's
/// folder `model_dir`. Writes nothing if any file in the way was not generated.
pub fn generate(
    ir: &AppIr,
    model_dir: &Path,
    out: &Path,
    lang: Lang,
) -> Result<Generated, CodegenError> {
    let absolute = |p: &Path| std::path::absolute(p).map_err(|e| CodegenError::io(p, e));
    let src_path = paths::relative(&absolute(out)?, &absolute(model_dir)?);
    let files = render(ir, &AppOptions { lang, src_path })?;
    let drift = crate::output::write(out, &files, crate::output::APP_BUILD_DIRS)?;
    Ok(Generated {
        out: out.to_path_buf(),
        drift,
        files: files.len(),
    })
}

/// Every file of the app, by path relative to its folder. Nothing is written.
pub fn render(ir: &AppIr, options: &AppOptions) -> Result<BTreeMap<PathBuf, String>, CodegenError> {
    render::render(&view::app_view(ir, options), options.lang)
}
