//! A checked app model: the model once its shape (first pass, against the schema derived from
//! the construct library) and its rules (second pass) hold, with each stack's resource
//! estimate. Views are built from this only.

use std::collections::BTreeMap;

use crate::app::estimate::{estimate, Estimate};
use crate::app::model::AppModel;
use crate::app::rules::check_rules;
use crate::app::schema::Schema;
use crate::app::tree::Node;
use crate::app::validate::check_shape;
use crate::error::{AppIssue, CodegenError};

#[derive(Debug)]
pub struct AppIr {
    pub model: AppModel,
    /// Names the model in messages and generated headers: its file, as given.
    pub origin: String,
    /// Each stack's expected resources, by stack name.
    pub estimates: BTreeMap<String, Estimate>,
}

/// Checks a parsed tree; problems name the lines and columns of `origin`.
pub fn from_tree(tree: &Node, origin: &str) -> Result<AppIr, CodegenError> {
    let library = cdk_from_rust_constructs::library();
    let schema = Schema::new(&library);
    invalid(origin, check_shape(tree, &schema, origin))?;
    let model: AppModel = serde_json::from_value(tree.to_json()).map_err(|e| CodegenError::InvalidApp {
        file: origin.to_string(),
        issues: vec![AppIssue {
            file: origin.to_string(),
            at: tree.at,
            path: "(the whole model)".into(),
            value: "{...}".into(),
            message: format!(
                "the schema accepted what the typed model cannot hold ({e}); this is a bug of cdk-from-rust"
            ),
        }],
    })?;
    invalid(
        origin,
        check_rules(&model, &library, &tree.positions(), origin),
    )?;
    let estimates = model
        .stacks
        .iter()
        .map(|(name, stack)| (name.clone(), estimate(stack)))
        .collect();
    Ok(AppIr {
        model,
        origin: origin.to_string(),
        estimates,
    })
}

/// Checks a model built in code as a file would be; problems name `origin` and field paths.
pub fn check(model: &AppModel, origin: &str) -> Result<AppIr, CodegenError> {
    let json = serde_json::to_value(model).expect("an app model is plain data");
    let ir = from_tree(&Node::from_json(&json), origin)?;
    debug_assert!(ir.model == *model);
    Ok(ir)
}

/// Fails with every issue, in the order they were written (unpositioned ones by path).
fn invalid(origin: &str, mut issues: Vec<AppIssue>) -> Result<(), CodegenError> {
    if issues.is_empty() {
        return Ok(());
    }
    issues.sort_by(|a, b| (a.at, &a.path).cmp(&(b.at, &b.path)));
    Err(CodegenError::InvalidApp {
        file: origin.to_string(),
        issues,
    })
}
