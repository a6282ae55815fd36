//! The assembly's file assets, from its asset manifests (`{stack}.assets.json`, artifacts of
//! type `cdk:asset-manifest`): each asset's source (a folder or file of the assembly) and the
//! S3 object keys CDK publishes it under. A template names an asset only by that key (a
//! function's `Code.S3Key`, a nested stack's `TemplateURL`), so this is how code and nested
//! templates are found when the `aws:asset:path` metadata is absent (`app.synth()` from a
//! script, `cdk synth --no-asset-metadata`). Assets of nested stacks are in their top-level
//! stack's manifest, so one index serves every template.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::read_json;
use crate::error::DevError;

#[derive(Debug, Default)]
pub struct AssetIndex {
    /// (object key, source path in the assembly).
    sources: Vec<(String, PathBuf)>,
}

impl AssetIndex {
    /// Reads every asset manifest the assembly's `manifest.json` lists.
    pub fn load(dir: &Path, manifest: &Value) -> Result<AssetIndex, DevError> {
        let mut sources = Vec::new();
        for artifact in manifest["artifacts"]
            .as_object()
            .into_iter()
            .flat_map(|a| a.values())
        {
            if artifact["type"] != "cdk:asset-manifest" {
                continue;
            }
            let Some(file) = artifact["properties"]["file"].as_str() else {
                continue;
            };
            let assets = read_json(&dir.join(file))?;
            for asset in assets["files"]
                .as_object()
                .into_iter()
                .flat_map(|f| f.values())
            {
                let Some(source) = asset["source"]["path"].as_str() else {
                    continue;
                };
                let destinations = asset["destinations"].as_object().into_iter();
                for destination in destinations.flat_map(|d| d.values()) {
                    if let Some(key) = destination["objectKey"].as_str() {
                        sources.push((key.to_string(), dir.join(source)));
                    }
                }
            }
        }
        Ok(AssetIndex { sources })
    }

    /// The source of the asset a template value names: `"HASH.zip"` (`Code.S3Key`), or a URL
    /// built with `Fn::Join` whose text ends in `/HASH.json` (a nested stack's `TemplateURL`).
    pub fn find(&self, reference: &Value) -> Option<&Path> {
        let text = literal_text(reference);
        self.sources
            .iter()
            .find(|(key, _)| {
                text.strip_suffix(key.as_str())
                    .is_some_and(|before| before.is_empty() || before.ends_with('/'))
            })
            .map(|(_, source)| source.as_path())
    }
}

/// The literal parts of a template value, in order: intrinsics (`Ref`s, ...) contribute
/// nothing, which leaves the text an asset's key is the end of.
pub fn literal_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(literal_text).collect(),
        Value::Object(map) => map.values().map(literal_text).collect(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn index() -> AssetIndex {
        AssetIndex {
            sources: vec![
                ("abc.zip".into(), PathBuf::from("/out/asset.abc")),
                (
                    "nested.json".into(),
                    PathBuf::from("/out/Nested.template.json"),
                ),
            ],
        }
    }

    #[test]
    fn finds_code_by_key_and_templates_by_url() {
        let index = index();
        assert_eq!(
            index.find(&json!("abc.zip")),
            Some(Path::new("/out/asset.abc"))
        );
        let url = json!({"Fn::Join": ["", ["https://s3.eu-west-1.", {"Ref": "AWS::URLSuffix"}, "/bucket/nested.json"]]});
        assert_eq!(
            index.find(&url),
            Some(Path::new("/out/Nested.template.json"))
        );
    }

    #[test]
    fn other_objects_are_not_assets() {
        let index = index();
        assert_eq!(index.find(&json!("xabc.zip")), None);
        assert_eq!(index.find(&json!("code/other.zip")), None);
        assert_eq!(index.find(&Value::Null), None);
    }
}
