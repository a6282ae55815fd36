//! Golden files: compared in tests, rewritten only when a person asks with UPDATE_GOLDENS=1
//! (CI never sets it), so that the change shows up in review as a diff.

// Each test binary that includes this module uses a part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The generator's binary, as a user runs it.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cdk-from-rust"))
}

/// A fresh, empty temporary path for one test of one test binary.
pub fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cdk-from-rust-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

pub fn assert_golden(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_GOLDENS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with UPDATE_GOLDENS=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the golden at line {}:\n  golden: {:?}\n  actual: {:?}\nrun with UPDATE_GOLDENS=1 to accept, and review the diff",
            path.display(),
            line + 1,
            expected.lines().nth(line).unwrap_or("<end of file>"),
            actual.lines().nth(line).unwrap_or("<end of file>"),
        );
    }
}
