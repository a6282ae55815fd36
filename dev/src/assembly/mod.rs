//! Reading a cloud assembly (`cdk.out`): manifest.json names the stacks and their templates;
//! nested stacks are `AWS::CloudFormation::Stack` resources whose template is an asset of the
//! assembly (found through `aws:asset:path` metadata or the asset manifests, [`assets`]). Only what `dev` serves is read from them: WebSocket
//! APIs ([`apis`]), the functions behind their routes ([`functions`]) and DynamoDB tables.
//! Nothing here depends on how the app was written (our `WebSocketApi`, aws-cdk-lib's L2
//! constructs, or raw L1 resources): only the CloudFormation that came out counts.

pub mod apis;
pub mod assets;
pub mod bootstrap;
pub mod functions;
pub mod refs;
pub mod sources;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::error::DevError;

/// Region and account used when an environment-agnostic stack names none: moto's defaults,
/// so that ARNs built here match the ones a local stand-in reports.
pub const DEFAULT_REGION: &str = "us-east-1";
pub const DEFAULT_ACCOUNT: &str = "123456789012";

/// One template of the assembly: a top-level stack or a nested one.
#[derive(Debug)]
pub struct Stack {
    /// How the user knows it: the manifest's display name, or `Parent/NestedStackId`.
    pub display: String,
    /// The CloudFormation stack name, used where CloudFormation would derive a name from it.
    pub stack_name: String,
    pub file: PathBuf,
    pub resources: Map<String, Value>,
    pub parameters: Map<String, Value>,
    /// The parent template and the logical id of the `AWS::CloudFormation::Stack` resource
    /// that holds this one, whose `Parameters` give this template's parameter values.
    pub parent: Option<(usize, String)>,
    pub region: String,
    pub account: String,
}

impl Stack {
    pub fn resource_type(&self, logical: &str) -> Option<&str> {
        self.resources.get(logical)?.get("Type")?.as_str()
    }

    pub fn properties(&self, logical: &str) -> &Value {
        self.resources
            .get(logical)
            .and_then(|r| r.get("Properties"))
            .unwrap_or(&Value::Null)
    }

    /// The construct path CDK recorded (`aws:cdk:path`), without the trailing `/Resource`.
    pub fn construct_path(&self, logical: &str) -> String {
        let recorded = self
            .resources
            .get(logical)
            .and_then(|r| r["Metadata"]["aws:cdk:path"].as_str());
        match recorded {
            Some(path) => path.strip_suffix("/Resource").unwrap_or(path).to_string(),
            None => format!("{}/{logical}", self.display),
        }
    }

    /// Logical ids of this template's resources of one type, in template order.
    pub fn of_type<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.resources
            .iter()
            .filter(move |(_, r)| r["Type"] == kind)
            .map(|(id, _)| id.as_str())
    }
}

/// Every template of an assembly, parents before their nested stacks.
#[derive(Debug)]
pub struct Assembly {
    pub dir: PathBuf,
    pub stacks: Vec<Stack>,
    /// Export name -> (template, value), for `Fn::ImportValue` between stacks.
    pub exports: HashMap<String, (usize, Value)>,
    pub assets: assets::AssetIndex,
}

impl Assembly {
    pub fn load(dir: &Path) -> Result<Assembly, DevError> {
        let manifest_path = dir.join("manifest.json");
        if !manifest_path.is_file() {
            return Err(DevError::NotAnAssembly {
                dir: dir.to_path_buf(),
                reason: "it has no manifest.json".into(),
            });
        }
        let manifest = read_json(&manifest_path)?;
        // Absolute, because handlers run with their asset folder as working directory.
        let dir = &dir.canonicalize().map_err(|e| DevError::io(dir, e))?;
        let artifacts =
            manifest["artifacts"]
                .as_object()
                .ok_or_else(|| DevError::NotAnAssembly {
                    dir: dir.to_path_buf(),
                    reason: "manifest.json has no `artifacts`".into(),
                })?;
        let mut assembly = Assembly {
            dir: dir.to_path_buf(),
            stacks: Vec::new(),
            exports: HashMap::new(),
            assets: assets::AssetIndex::load(dir, &manifest)?,
        };
        for (id, artifact) in artifacts {
            if artifact["type"] != "aws:cloudformation:stack" {
                continue;
            }
            let properties = &artifact["properties"];
            let Some(template) = properties["templateFile"].as_str() else {
                continue;
            };
            let (account, region) =
                environment(artifact["environment"].as_str().unwrap_or_default());
            let stack_name = properties["stackName"].as_str().unwrap_or(id).to_string();
            let display = artifact["displayName"].as_str().unwrap_or(id).to_string();
            assembly.add(
                display,
                stack_name,
                dir.join(template),
                None,
                region,
                account,
            )?;
        }
        if assembly.stacks.is_empty() {
            return Err(DevError::NotAnAssembly {
                dir: dir.to_path_buf(),
                reason: "manifest.json lists no stack".into(),
            });
        }
        assembly.collect_exports();
        Ok(assembly)
    }

    /// Adds a template and, depth first, the nested stacks it holds.
    fn add(
        &mut self,
        display: String,
        stack_name: String,
        file: PathBuf,
        parent: Option<(usize, String)>,
        region: String,
        account: String,
    ) -> Result<(), DevError> {
        let template = read_json(&file)?;
        let index = self.stacks.len();
        let resources = template["Resources"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        // Nested stacks whose template is in the assembly: by metadata, else by the asset key
        // its TemplateURL ends with.
        let nested: Vec<(String, PathBuf)> = resources
            .iter()
            .filter(|(_, r)| r["Type"] == "AWS::CloudFormation::Stack")
            .filter_map(|(id, r)| {
                let path = match r["Metadata"]["aws:asset:path"].as_str() {
                    Some(asset) => self.dir.join(asset),
                    None => self
                        .assets
                        .find(&r["Properties"]["TemplateURL"])?
                        .to_path_buf(),
                };
                Some((id.clone(), path))
            })
            .collect();
        self.stacks.push(Stack {
            display: display.clone(),
            stack_name: stack_name.clone(),
            file,
            resources,
            parameters: template["Parameters"]
                .as_object()
                .cloned()
                .unwrap_or_default(),
            parent,
            region: region.clone(),
            account: account.clone(),
        });
        for (logical, path) in nested {
            if !path.is_file() {
                return Err(DevError::BadFile {
                    file: self.stacks[index].file.clone(),
                    message: format!(
                        "nested stack {logical}: its template {} is not in the assembly",
                        path.display()
                    ),
                });
            }
            // CDK records a nested stack's resource as `Parent/Id.NestedStack/Id.NestedStackResource`.
            let resource_path = self.stacks[index].construct_path(&logical);
            let id = resource_path
                .rsplit('/')
                .next()
                .and_then(|s| s.strip_suffix(".NestedStackResource"))
                .unwrap_or(&logical);
            let nested_display = format!("{display}/{id}");
            let nested_name = format!("{stack_name}-{logical}");
            self.add(
                nested_display,
                nested_name,
                path,
                Some((index, logical)),
                region.clone(),
                account.clone(),
            )?;
        }
        Ok(())
    }

    fn collect_exports(&mut self) {
        for (index, stack) in self.stacks.iter().enumerate() {
            let template = read_json(&stack.file).unwrap_or_default();
            for output in template["Outputs"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(_, o)| o)
            {
                if let (Some(name), Some(value)) =
                    (output["Export"]["Name"].as_str(), output.get("Value"))
                {
                    self.exports
                        .insert(name.to_string(), (index, value.clone()));
                }
            }
        }
    }

    /// Names of the top-level stacks, for messages.
    pub fn stack_names(&self) -> String {
        self.stacks
            .iter()
            .filter(|s| s.parent.is_none())
            .map(|s| s.display.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `aws://ACCOUNT/REGION`, with CDK's `unknown-*` placeholders replaced by the defaults.
fn environment(env: &str) -> (String, String) {
    let mut parts = env.trim_start_matches("aws://").splitn(2, '/');
    let account = parts
        .next()
        .filter(|a| !a.is_empty() && !a.starts_with("unknown"))
        .unwrap_or(DEFAULT_ACCOUNT);
    let region = parts
        .next()
        .filter(|r| !r.is_empty() && !r.starts_with("unknown"))
        .unwrap_or(DEFAULT_REGION);
    (account.to_string(), region.to_string())
}

pub(crate) fn read_json(path: &Path) -> Result<Value, DevError> {
    let text = std::fs::read_to_string(path).map_err(|e| DevError::io(path, e))?;
    serde_json::from_str(&text).map_err(|e| DevError::BadFile {
        file: path.to_path_buf(),
        message: format!("not JSON: {e}"),
    })
}
