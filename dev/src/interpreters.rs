//! The local `node` and `python3` that run handlers: present when some function needs them,
//! and said when a function's runtime is newer than the local one.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::assembly::apis::Api;
use crate::assembly::functions::{Function, Language};
use crate::error::DevError;
use crate::functions;

/// Whether the local interpreter of a language is needed, checked before serving: its absence
/// is an error naming the first function it would run; runtimes newer than it are said once.
pub fn check_interpreter(
    apis: &[Api],
    language: Language,
    program: &str,
) -> Result<bool, DevError> {
    let functions: Vec<Arc<Function>> = functions(apis)
        .into_iter()
        .filter(|f| f.language == language)
        .collect();
    let Some(first) = functions.first() else {
        return Ok(false);
    };
    let output = std::process::Command::new(program)
        .arg("--version")
        .output();
    let Some(version) = output.ok().filter(|o| o.status.success()).map(|o| {
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        text.trim()
            .trim_start_matches("Python ")
            .trim_start_matches('v')
            .to_string()
    }) else {
        let (api, route) = apis
            .iter()
            .flat_map(|a| {
                a.routes
                    .values()
                    .map(move |r| (a, r.key.as_str(), &r.function))
            })
            .find(|(_, _, f)| f.path == first.path)
            .map(|(a, key, _)| (a, key))
            .unwrap_or((&apis[0], "$connect"));
        return Err(DevError::Function {
            stack: api.stack.clone(),
            api: api.path.clone(),
            route: route.to_string(),
            function: first.path.clone(),
            message: format!(
                "`{program}` is not on PATH; its {} handler needs it",
                first.runtime
            ),
        });
    };
    // Node runtimes name a major version, Python ones a minor one.
    let significant = if language == Language::Node { 1 } else { 2 };
    let local = numbers(&version, significant);
    let mut newer: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &functions {
        if numbers(&f.runtime, significant) > local {
            *newer.entry(f.runtime.as_str()).or_default() += 1;
        }
    }
    for (runtime, count) in newer {
        eprintln!(
            "dev: {count} function(s) are {runtime}; they run on the local {program} {version}"
        );
    }
    Ok(true)
}

/// The leading version numbers of `nodejs22.x`, `python3.12` or `20.20.2`, at most `count`.
fn numbers(text: &str, count: usize) -> Vec<u32> {
    let digits = text.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    digits
        .split('.')
        .map_while(|p| p.parse().ok())
        .take(count)
        .collect()
}
