//! An interrupted write never leaves a half-written folder: the real binary is killed with
//! SIGKILL at many points while it rewrites an app folder (the chat example's app replaced by
//! the authorizer example's: other files, some shared paths with other content, some removed),
//! and after each kill the folder, once recovered as the next run or `check` recovers it, holds
//! exactly the old files or exactly the new ones.
//!
//! Debug builds of the binary honour `CDK_FROM_RUST_TEST_WRITE_DELAY_MS` (see
//! `codegen/src/output.rs`), which sleeps before each staged file and each rename so that the
//! kills land inside the write. `KILL_RUNS=200 cargo test -p cdk-from-rust --test output_kill`
//! kills more often.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use codegen::output::{recover, STAGING};
use walkdir::WalkDir;

const DELAY_MS: u64 = 3;

fn example(name: &str) -> PathBuf {
    codegen::app::workspace().join("examples").join(name)
}

fn old_model() -> PathBuf {
    example("chat").join("app.yaml")
}

fn new_model() -> PathBuf {
    example("authorizer").join("app.json")
}

fn tmp(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("cdk-from-rust-kill-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn generate(model: &Path, out: &Path, delay: Option<u64>) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cdk-from-rust"));
    command
        .arg("app")
        .arg(model)
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match delay {
        Some(ms) => command.env("CDK_FROM_RUST_TEST_WRITE_DELAY_MS", ms.to_string()),
        None => command.env_remove("CDK_FROM_RUST_TEST_WRITE_DELAY_MS"),
    };
    command
}

fn run(model: &Path, out: &Path) {
    assert!(
        generate(model, out, None).status().unwrap().success(),
        "{} into {}",
        model.display(),
        out.display()
    );
}

/// Every file of the folder outside the staging folder, with its content.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| !(e.depth() == 1 && e.file_name() == STAGING))
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// A small deterministic generator of kill delays; the seed is printed on failure.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

#[test]
fn a_killed_write_leaves_all_old_or_all_new_files() {
    let (old_dir, new_dir) = (tmp("old"), tmp("new"));
    run(&old_model(), &old_dir);
    run(&new_model(), &new_dir);
    let (old, new) = (snapshot(&old_dir), snapshot(&new_dir));
    assert_ne!(old, new);
    assert!(
        old.keys().any(|p| !new.contains_key(p))
            && old.keys().any(|p| new.contains_key(p) && old[p] != new[p])
    );

    // How long an undisturbed slowed-down write takes, to spread the kills over it.
    let dir = tmp("timing");
    run(&old_model(), &dir);
    let started = Instant::now();
    assert!(generate(&new_model(), &dir, Some(DELAY_MS))
        .status()
        .unwrap()
        .success());
    let full = started.elapsed().as_millis() as u64;
    assert_eq!(snapshot(&dir), new);

    let runs: u64 = std::env::var("KILL_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(32);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let mut random = Lcg(seed);
    let (mut saw_old, mut saw_new, mut saw_staging) = (0, 0, 0);
    for i in 0..runs {
        let dir = tmp(&format!("run{i}"));
        run(&old_model(), &dir);
        let mut child = generate(&new_model(), &dir, Some(DELAY_MS))
            .spawn()
            .unwrap();
        let wait = random.below(full + 10);
        std::thread::sleep(Duration::from_millis(wait));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();

        let context = format!("run {i}, killed after {wait} ms of {full} (seed {seed})");
        if dir.join(STAGING).exists() {
            saw_staging += 1;
        } else {
            let before = snapshot(&dir);
            assert!(
                before == old || before == new,
                "{context}: a mix of old and new files without a staging folder"
            );
        }
        if i % 4 == 3 {
            // The next real run recovers, then writes the new app.
            run(&new_model(), &dir);
            assert_eq!(snapshot(&dir), new, "{context}: the next run");
        } else {
            recover(&dir).unwrap_or_else(|e| panic!("{context}: {e}"));
            let after = snapshot(&dir);
            assert!(!dir.join(STAGING).exists(), "{context}");
            if after == old {
                saw_old += 1;
            } else if after == new {
                saw_new += 1;
            } else {
                let differs: Vec<_> = after
                    .keys()
                    .chain(new.keys())
                    .filter(|p| after.get(*p) != new.get(*p) && after.get(*p) != old.get(*p))
                    .collect();
                panic!("{context}: neither all-old nor all-new; e.g. {differs:?}");
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    eprintln!("{runs} kills: {saw_staging} left a staging folder; recovered to old {saw_old}, new {saw_new} (seed {seed})");
    for dir in [old_dir, new_dir, dir] {
        let _ = std::fs::remove_dir_all(dir);
    }
}
