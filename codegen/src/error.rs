//! The one error type of the generator crate.

use std::path::PathBuf;

use crate::app::tree::Position;

/// A problem in the library model, found before anything is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelIssue {
    /// The Rust file of the model that holds the bad value.
    pub file: String,
    /// Where in the model: `module.Struct.field`, `module.errors.id`, ...
    pub path: String,
    pub value: String,
    /// What would be accepted instead.
    pub expected: String,
}

impl std::fmt::Display for ModelIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}: {} (expected {})",
            self.file, self.path, self.value, self.expected
        )
    }
}

/// A problem in an app model (`cargo run -- app`), found before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppIssue {
    /// The model file as it was named, or the origin given to a model built in code.
    pub file: String,
    /// Where the bad value (or key) was written; `None` for a model built in code.
    pub at: Option<Position>,
    /// Where in the model: `stacks.Chat.webSocketApis.Chat.routes.$connect`.
    pub path: String,
    /// The bad value as written, strings quoted.
    pub value: String,
    /// What is wrong and what is accepted, in the construct's own words where it has them.
    pub message: String,
}

impl std::fmt::Display for AppIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}{}: {}: {}",
            self.file,
            position(self.at),
            self.path,
            self.message
        )
    }
}

/// `:line:column`, or nothing for a model built in code.
fn position(at: Option<Position>) -> String {
    at.map(|p| format!(":{}:{}", p.line, p.column))
        .unwrap_or_default()
}

#[derive(Debug, thiserror::Error)]
pub enum CodegenError {
    #[error("the library model is invalid; nothing was written:\n{}", list(.0))]
    InvalidModel(Vec<ModelIssue>),
    #[error("template {}: {message}", .template.display())]
    Template { template: PathBuf, message: String },
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is stale; run `cargo run` and commit the result:\n{}", .root.display(), .drift.join("\n"))]
    Stale { root: PathBuf, drift: Vec<String> },
    #[error("the app model {file} is invalid ({} found); nothing was written:\n{}", count(.issues.len()), list(.issues))]
    InvalidApp { file: String, issues: Vec<AppIssue> },
    #[error("{file}{}: syntax error: {message}; nothing was written", position(*.at))]
    AppSyntax {
        file: String,
        at: Option<Position>,
        message: String,
    },
    #[error("{}: unknown app model format; name the file .toml, .yaml, .yml or .json", .file.display())]
    AppFormat { file: PathBuf },
    #[error("{} exists and was not written by cdk-from-rust; nothing was written (move it away or choose another --out)", .path.display())]
    NotGenerated { path: PathBuf },
    #[error("`{command}` failed in {} ({status})", .dir.display())]
    Tool {
        command: String,
        dir: PathBuf,
        status: String,
    },
    #[error("{}: {message}", .path.display())]
    SynthOutput { path: PathBuf, message: String },
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 problem".to_string()
    } else {
        format!("{n} problems")
    }
}

fn list(issues: &[impl std::fmt::Display]) -> String {
    issues
        .iter()
        .map(|i| format!("  - {i}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl CodegenError {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> CodegenError {
        CodegenError::Io {
            path: path.into(),
            source,
        }
    }

    /// Exit code of the CLI: 1 for drift found by `--check`, 2 for bad input, 3 for I/O, 4
    /// when a tool that `synth` runs (npm, jsii, the CDK CLI) fails.
    pub fn exit_code(&self) -> u8 {
        match self {
            CodegenError::Stale { .. } => 1,
            CodegenError::InvalidModel(_)
            | CodegenError::Template { .. }
            | CodegenError::InvalidApp { .. }
            | CodegenError::AppSyntax { .. }
            | CodegenError::AppFormat { .. }
            | CodegenError::NotGenerated { .. } => 2,
            CodegenError::Io { .. } => 3,
            CodegenError::Tool { .. } | CodegenError::SynthOutput { .. } => 4,
        }
    }
}
