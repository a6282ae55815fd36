//! The binary as a user runs it, temporary folders, and the workspace's golden comparison.

// Each test binary that includes this module uses a part of it.
#![allow(dead_code)]

use std::path::PathBuf;
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

pub use codegen::golden::assert_golden;
