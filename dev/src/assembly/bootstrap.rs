//! The `bootstrap` of an OS-only (`provided.*`) function runs natively, so it must be an
//! executable for this machine: a Rust handler built for arm64 on an x86_64 machine would
//! only fail with "Exec format error" at its first invocation; this says why before serving.

use std::path::Path;

/// ELF `e_machine` values of the architectures Lambda runs.
const X86_64: u16 = 0x3e;
const AARCH64: u16 = 0xb7;

/// Ok when `path` is an executable this machine runs: an ELF binary of its architecture, or a
/// script (`#!`).
pub fn check(path: &Path) -> Result<(), String> {
    let shown = path.display();
    let metadata = std::fs::metadata(path)
        .map_err(|_| format!("its asset has no bootstrap executable ({shown} is missing)"))?;
    if !metadata.is_file() || !executable(&metadata) {
        return Err(format!("its bootstrap {shown} is not an executable file"));
    }
    let head = std::fs::read(path)
        .map(|b| b.into_iter().take(20).collect::<Vec<u8>>())
        .map_err(|e| format!("cannot read {shown}: {e}"))?;
    if head.starts_with(b"#!") {
        return Ok(());
    }
    if head.len() < 20 || !head.starts_with(b"\x7fELF") {
        return Err(format!(
            "its bootstrap {shown} is neither an ELF executable nor a script"
        ));
    }
    // Lambda's bootstrap is a Linux executable: macOS and Windows cannot run it.
    if !cfg!(target_os = "linux") {
        return Err(format!(
            "its bootstrap {shown} is a Linux executable, and `dev` runs provided.* functions on Linux only (on {}, run dev in a Linux container or WSL 2)",
            std::env::consts::OS
        ));
    }
    // e_machine at offset 18, in the byte order of EI_DATA (1 = little endian).
    let machine = if head[5] == 1 {
        u16::from_le_bytes([head[18], head[19]])
    } else {
        u16::from_be_bytes([head[18], head[19]])
    };
    let (local, local_name) = match std::env::consts::ARCH {
        "x86_64" => (X86_64, "x86_64"),
        "aarch64" => (AARCH64, "arm_64"),
        other => {
            return Err(format!(
            "`dev` runs bootstrap executables on x86_64 and aarch64 machines only, not on {other}"
        ))
        }
    };
    if machine != local {
        let built = match machine {
            X86_64 => "x86_64".to_string(),
            AARCH64 => "arm_64".to_string(),
            other => format!("ELF machine {other:#x}"),
        };
        return Err(format!(
            "its bootstrap {shown} is built for {built} and cannot run on this {local_name} machine; set the function's architecture to {local_name} to serve it locally"
        ));
    }
    Ok(())
}

#[cfg(unix)]
fn executable(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode() & 0o111 != 0
}

/// Windows has no executable bit.
#[cfg(not(unix))]
fn executable(_: &std::fs::Metadata) -> bool {
    true
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn write(dir: &Path, bytes: &[u8], mode: u32) -> std::path::PathBuf {
        let path = dir.join("bootstrap");
        std::fs::write(&path, bytes).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        path
    }

    #[test]
    fn a_script_runs_a_file_without_the_execute_bit_does_not() {
        let dir = std::env::temp_dir().join(format!("bootstrap-check-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let script = write(&dir, b"#!/bin/sh\nexec ./handler\n", 0o755);
        assert_eq!(check(&script), Ok(()));
        let plain = write(&dir, b"#!/bin/sh\n", 0o644);
        assert!(
            check(&plain)
                .unwrap_err()
                .ends_with("/bootstrap is not an executable file"),
            "{:?}",
            check(&plain)
        );
        let text = write(&dir, b"hello, world, not a program", 0o755);
        assert!(check(&text)
            .unwrap_err()
            .ends_with("is neither an ELF executable nor a script"));
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(check(&script)
            .unwrap_err()
            .starts_with("its asset has no bootstrap executable"));
    }
}
