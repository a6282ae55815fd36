//! The one error type of the generator crate.

use std::path::PathBuf;

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
        write!(f, "{}: {}: {} (expected {})", self.file, self.path, self.value, self.expected)
    }
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
}

fn list(issues: &[ModelIssue]) -> String {
    issues.iter().map(|i| format!("  - {i}")).collect::<Vec<_>>().join("\n")
}

impl CodegenError {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> CodegenError {
        CodegenError::Io { path: path.into(), source }
    }

    /// Exit code of the CLI: 1 for drift found by `--check`, 2 for bad input, 3 for I/O.
    pub fn exit_code(&self) -> u8 {
        match self {
            CodegenError::Stale { .. } => 1,
            CodegenError::InvalidModel(_) | CodegenError::Template { .. } => 2,
            CodegenError::Io { .. } => 3,
        }
    }
}
