//! Rust handlers rebuilt for `dev` by `cargo lambda build` without `--release`: an incremental
//! debug build of the one binary takes seconds where a release build of the whole app's
//! synthesis takes a minute. Deployment builds (the synthesis) stay release builds.

use std::path::Path;

use tokio::process::Command;
use tokio::sync::Mutex;

/// One build at a time: cargo-lambda moves the binary out of cargo's target folder, so two
/// builds of one crate at once (the warm-up and a save) would take each other's binary.
static BUILDS: Mutex<()> = Mutex::const_new(());

/// Builds `binary` of the package in `krate` into `out/bootstrap`; the error holds the build's
/// last lines (rustc's `--> file:line:column` among them).
pub async fn build(
    krate: &Path,
    binary: &str,
    architecture: &str,
    out: &Path,
) -> Result<(), Vec<String>> {
    let _one = BUILDS.lock().await;
    // cargo-lambda moves the binary into the folder, which must exist.
    std::fs::create_dir_all(out).map_err(|e| vec![format!("{}: {e}", out.display())])?;
    let target = if architecture == "arm64" {
        "--arm64"
    } else {
        "--x86-64"
    };
    let output = Command::new("cargo-lambda")
        .args(["lambda", "build", target, "--manifest-path"])
        .arg(krate.join("Cargo.toml"))
        .args(["--bin", binary, "--lambda-dir"])
        .arg(out)
        .args(["--flatten", binary])
        .current_dir(krate)
        .kill_on_drop(true)
        .output()
        .await
        .map_err(|e| {
            vec![format!(
                "could not run cargo-lambda (install it: pip install cargo-lambda): {e}"
            )]
        })?;
    if output.status.success() {
        return Ok(());
    }
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = text.trim().lines().collect();
    Err(lines[lines.len().saturating_sub(30)..]
        .iter()
        .map(|l| l.to_string())
        .collect())
}
