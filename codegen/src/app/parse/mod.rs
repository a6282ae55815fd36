//! Reading an app model: TOML, YAML or JSON, chosen by the file's extension, into one
//! position-carrying [`Node`] tree. Syntax errors name the line and column.

mod json;
mod toml;
mod yaml;

use std::path::Path;

use crate::app::tree::{Node, Position};
use crate::error::CodegenError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
    Json,
}

impl Format {
    /// The format a file is written in, by its extension.
    pub fn of(path: &Path) -> Result<Format, CodegenError> {
        match path.extension().and_then(|e| e.to_str()) {
            Some("toml") => Ok(Format::Toml),
            Some("yaml" | "yml") => Ok(Format::Yaml),
            Some("json") => Ok(Format::Json),
            _ => Err(CodegenError::AppFormat {
                file: path.to_path_buf(),
            }),
        }
    }
}

/// Parses `text`; `file` names it in errors.
pub fn parse(text: &str, format: Format, file: &str) -> Result<Node, CodegenError> {
    let syntax = |at: Option<Position>, message: String| CodegenError::AppSyntax {
        file: file.to_string(),
        at,
        message,
    };
    let parsed = match format {
        Format::Toml => toml::parse(text),
        Format::Yaml => yaml::parse(text),
        Format::Json => json::parse(text),
    };
    parsed.map_err(|(at, message)| syntax(at.map(|at| within(text, at)), message))
}

/// Collections nested deeper than this are refused, so that no pass over the tree (which
/// recurse) can run out of stack, whatever the input.
pub const MAX_DEPTH: usize = 64;

/// A position the parser gave, kept inside the text: parsers that fail at the end of the
/// input may point one line past it.
fn within(text: &str, at: Position) -> Position {
    // YAML also breaks lines at a lone carriage return, as editors do.
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = normalized.split('\n').collect();
    if at.line <= lines.len() {
        return Position {
            line: at.line.max(1),
            column: at.column.max(1),
        };
    }
    let last = lines.last().expect("split yields at least one piece");
    Position {
        line: lines.len(),
        column: last.chars().count() + 1,
    }
}

/// The error for a tree nested deeper than [`MAX_DEPTH`], at the collection that goes past it.
fn too_deep(at: Position) -> SyntaxError {
    (
        Some(at),
        format!(
            "collections are nested more than {MAX_DEPTH} levels deep; app models need far fewer"
        ),
    )
}

/// A syntax error: where, if the parser says, and what.
type SyntaxError = (Option<Position>, String);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::tree::{FieldPath, Value};

    const YAML: &str =
        "app: chat\nstacks:\n  Chat:\n    region: us-east-1\n    n: [1, 2.5, true]\n";
    const TOML: &str =
        "app = \"chat\"\n\n[stacks.Chat]\nregion = \"us-east-1\"\nn = [1, 2.5, true]\n";
    const JSON: &str = "{\n  \"app\": \"chat\",\n  \"stacks\": {\n    \"Chat\": { \"region\": \"us-east-1\", \"n\": [1, 2.5, true] }\n  }\n}\n";

    fn at(node: &Node, path: &FieldPath) -> (usize, usize) {
        let p = node
            .positions()
            .value(path)
            .unwrap_or_else(|| panic!("no position for {path}"));
        (p.line, p.column)
    }

    #[test]
    fn the_three_formats_read_into_the_same_values_with_positions() {
        let region = FieldPath::root().key("stacks").key("Chat").key("region");
        let second = FieldPath::root()
            .key("stacks")
            .key("Chat")
            .key("n")
            .index(1);
        let yaml = parse(YAML, Format::Yaml, "m.yaml").unwrap();
        let toml = parse(TOML, Format::Toml, "m.toml").unwrap();
        let json = parse(JSON, Format::Json, "m.json").unwrap();
        assert_eq!(yaml.to_json(), toml.to_json());
        assert_eq!(yaml.to_json(), json.to_json());
        assert_eq!(at(&yaml, &region), (4, 13));
        assert_eq!(at(&yaml, &second), (5, 12));
        assert_eq!(at(&toml, &region), (4, 10));
        assert_eq!(at(&toml, &second), (5, 9));
        assert_eq!(at(&json, &region), (4, 25));
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let cases = [
            (Format::Yaml, "app: chat\nstacks: [1, 2\nx: 3\n"),
            (Format::Toml, "app = \"chat\"\nstacks = [1,\n"),
            (Format::Json, "{\n  \"app\": \"chat\",\n}\n"),
        ];
        for (format, text) in cases {
            match parse(text, format, "m") {
                Err(CodegenError::AppSyntax { at: Some(at), .. }) => {
                    assert!(at.line >= 2, "{format:?}: {at:?}")
                }
                other => {
                    panic!("{format:?}: expected a syntax error with a position, got {other:?}")
                }
            }
        }
    }

    #[test]
    fn duplicate_keys_are_syntax_errors_in_every_format() {
        for (format, text) in [
            (Format::Yaml, "a: 1\na: 2\n"),
            (Format::Toml, "a = 1\na = 2\n"),
            (Format::Json, "{\"a\": 1, \"a\": 2}"),
        ] {
            assert!(
                matches!(
                    parse(text, format, "m"),
                    Err(CodegenError::AppSyntax { .. })
                ),
                "{format:?}"
            );
        }
    }

    #[test]
    fn the_extension_chooses_the_format() {
        assert_eq!(Format::of(Path::new("a/b.yml")).unwrap(), Format::Yaml);
        assert_eq!(Format::of(Path::new("b.json")).unwrap(), Format::Json);
        assert!(matches!(
            Format::of(Path::new("b.txt")),
            Err(CodegenError::AppFormat { .. })
        ));
        let node = parse("", Format::Yaml, "empty.yaml").unwrap();
        assert_eq!(
            node.value,
            Value::Null,
            "an empty document is null, which the schema rejects"
        );
    }
}
