//! JSON: checked by serde_json, which is strict about JSON's syntax and names the line and
//! column of a mistake, then read by the YAML parser (JSON is YAML 1.2), which marks where
//! every value is.

use super::SyntaxError;
use crate::app::tree::{Node, Position};

pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = e.to_string();
        let message = message
            .strip_suffix(&suffix)
            .unwrap_or(&message)
            .to_string();
        return Err((
            Some(Position {
                line: e.line(),
                column: e.column(),
            }),
            message,
        ));
    }
    super::yaml::parse(text)
}
