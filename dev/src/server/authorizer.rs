//! The REQUEST authorizer of `$connect`: whether its identity sources are there, and what its
//! outcome means for the upgrade (the context to attach, or the status to refuse with and why).

use std::collections::BTreeMap;

use hyper::StatusCode;
use serde_json::{Map, Value};

use crate::events::Upgrade;
use crate::lambda::Invoked;

/// The authorizer's result is limited to 8 KB.
const MAX_AUTHORIZER_RESULT: usize = 8 * 1024;

/// An authorizer's outcome: the `{principalId, ...context}` to attach, or the status to refuse
/// with and why (for the log).
pub(super) fn authorize(
    outcome: Invoked,
    function: &str,
) -> Result<Map<String, Value>, (StatusCode, String)> {
    let malformed = |why: &str| {
        Err((
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the authorizer {function} returned a malformed result: {why}"),
        ))
    };
    let result = match outcome {
        Invoked::Ok(result) => result,
        Invoked::Failed(error) if error["errorMessage"] == "Unauthorized" => {
            return Err((
                StatusCode::UNAUTHORIZED,
                format!("the authorizer {function} threw Unauthorized"),
            ))
        }
        failed => {
            return Err((
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the authorizer {function} {}", failure(&failed)),
            ))
        }
    };
    if result.to_string().len() > MAX_AUTHORIZER_RESULT {
        return malformed("larger than 8 KB");
    }
    let Some(statements) = result["policyDocument"]["Statement"].as_array() else {
        return malformed("no policyDocument.Statement list");
    };
    let effects: Vec<&str> = statements
        .iter()
        .filter_map(|s| s["Effect"].as_str())
        .collect();
    if effects.len() != statements.len() || statements.is_empty() {
        return malformed("a statement without Effect, or no statement");
    }
    let denied = if effects.iter().any(|e| e.eq_ignore_ascii_case("Deny")) {
        Some("a Deny policy")
    } else if !effects.iter().any(|e| e.eq_ignore_ascii_case("Allow")) {
        Some("a policy with no Allow")
    } else {
        None
    };
    if let Some(policy) = denied {
        return Err((
            StatusCode::FORBIDDEN,
            format!("the authorizer {function} returned {policy}"),
        ));
    }
    let mut authorizer = Map::new();
    authorizer.insert(
        "principalId".into(),
        result.get("principalId").cloned().unwrap_or(Value::Null),
    );
    for (k, v) in result["context"].as_object().into_iter().flatten() {
        if v.is_object() || v.is_array() {
            return malformed(&format!(
                "context.{k} is an object or a list (only strings, numbers and booleans are allowed)"
            ));
        }
        authorizer.insert(k.clone(), v.clone());
    }
    Ok(authorizer)
}

/// How an invocation that gave no result failed, for the log: "threw Error: boom".
pub(super) fn failure(invoked: &Invoked) -> String {
    match invoked {
        Invoked::Failed(e) => format!(
            "threw {}: {}",
            e["errorType"].as_str().unwrap_or("Error"),
            e["errorMessage"].as_str().unwrap_or_default()
        ),
        Invoked::FunctionTimeout => "timed out".into(),
        Invoked::IntegrationTimeout => "did not answer within the integration timeout".into(),
        Invoked::Crashed(reason) => format!("failed: {reason}"),
        Invoked::Ok(_) => "answered".into(),
    }
}

/// Whether one identity source (`route.request.header.X`, `route.request.querystring.Y`,
/// `stageVariables.Z`) is present and non-empty. `context.*` values are API Gateway's own and
/// always there, so sources naming them are taken as present.
pub(super) fn identity_present(
    source: &str,
    upgrade: &Upgrade,
    stage_variables: &BTreeMap<String, String>,
) -> bool {
    let value = if let Some(name) = source.strip_prefix("route.request.header.") {
        upgrade.header(name)
    } else if let Some(name) = source.strip_prefix("route.request.querystring.") {
        upgrade.query(name)
    } else if let Some(name) = source.strip_prefix("stageVariables.") {
        stage_variables.get(name).map(String::as_str)
    } else {
        return true;
    };
    value.is_some_and(|v| !v.is_empty())
}
