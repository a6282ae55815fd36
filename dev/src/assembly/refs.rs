//! CloudFormation intrinsics, evaluated to the values a local run uses. Nothing is deployed, so
//! every resource gets a deterministic local name: the `TableName`/`FunctionName`/... the
//! template sets, else `{stackName}-{logicalId}` (CloudFormation would add a random suffix).
//! `Ref` and `Fn::GetAtt` give what the service would return for that name (a queue's URL, a
//! table's ARN in the stack's region and account), an API's id is a stable 10-character id
//! derived from its logical id, and `Fn::ImportValue` reads the exporting stack's output.
//! [`Assembly::targets`] follows the same references to find which resource a property
//! points at, through nested-stack parameters and cross-stack exports.

use serde_json::Value;

use super::{Assembly, Stack};

impl Assembly {
    /// The resources `value` refers to, wherever they are defined.
    pub fn targets(&self, stack: usize, value: &Value) -> Vec<(usize, String)> {
        let mut found = Vec::new();
        self.collect_targets(stack, value, &mut found, 0);
        found
    }

    fn collect_targets(
        &self,
        stack: usize,
        value: &Value,
        found: &mut Vec<(usize, String)>,
        depth: usize,
    ) {
        if depth > 16 {
            return;
        }
        let s = &self.stacks[stack];
        match value {
            Value::Object(map) if map.len() == 1 => {
                let (key, arg) = map.iter().next().expect("one entry");
                match key.as_str() {
                    "Ref" => {
                        let name = arg.as_str().unwrap_or_default();
                        if s.resources.contains_key(name) {
                            found.push((stack, name.to_string()));
                        } else if let Some((parent, given)) = self.parameter_value(stack, name) {
                            self.collect_targets(parent, given, found, depth + 1);
                        }
                    }
                    "Fn::GetAtt" => {
                        if let Some(logical) = getatt(arg).map(|(l, _)| l) {
                            if s.resources.contains_key(&logical) {
                                found.push((stack, logical));
                            }
                        }
                    }
                    "Fn::ImportValue" => {
                        if let Some((exporter, exported)) =
                            self.resolve(stack, arg).and_then(|n| self.exports.get(&n))
                        {
                            self.collect_targets(*exporter, exported, found, depth + 1);
                        }
                    }
                    _ => self.collect_targets(stack, arg, found, depth + 1),
                }
            }
            Value::Object(map) => map
                .values()
                .for_each(|v| self.collect_targets(stack, v, found, depth + 1)),
            Value::Array(items) => items
                .iter()
                .for_each(|v| self.collect_targets(stack, v, found, depth + 1)),
            _ => {}
        }
    }

    /// What a nested template's parameter is given by its parent's stack resource.
    fn parameter_value(&self, stack: usize, name: &str) -> Option<(usize, &Value)> {
        let (parent, logical) = self.stacks[stack].parent.as_ref()?;
        let given = self.stacks[*parent]
            .properties(logical)
            .get("Parameters")?
            .get(name)?;
        Some((*parent, given))
    }

    /// The local value of a property: `None` where it cannot be known here (`AWS::NoValue`,
    /// conditions, unknown functions).
    pub fn resolve(&self, stack: usize, value: &Value) -> Option<String> {
        let s = &self.stacks[stack];
        match value {
            Value::String(text) => Some(text.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Object(map) if map.len() == 1 => {
                let (key, arg) = map.iter().next().expect("one entry");
                match key.as_str() {
                    "Ref" => self.ref_value(stack, arg.as_str()?),
                    "Fn::GetAtt" => {
                        let (logical, attribute) = getatt(arg)?;
                        Some(self.attribute(stack, &logical, &attribute))
                    }
                    "Fn::Join" => {
                        let separator = arg.get(0)?.as_str()?;
                        let parts = self.resolve_list(stack, arg.get(1)?)?;
                        Some(parts.join(separator))
                    }
                    "Fn::Sub" => self.sub(stack, arg),
                    "Fn::Select" => {
                        let index: usize = self.resolve(stack, arg.get(0)?)?.parse().ok()?;
                        self.resolve_list(stack, arg.get(1)?)?
                            .into_iter()
                            .nth(index)
                    }
                    "Fn::ImportValue" => {
                        let (exporter, exported) = self.exports.get(&self.resolve(stack, arg)?)?;
                        self.resolve(*exporter, exported)
                    }
                    "Fn::GetAZs" => Some(format!("{}a", s.region)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A list-valued property or intrinsic (`Fn::Split`, `Fn::GetAZs`, a literal list).
    fn resolve_list(&self, stack: usize, value: &Value) -> Option<Vec<String>> {
        match value {
            Value::Array(items) => Some(
                items
                    .iter()
                    .filter_map(|v| self.resolve(stack, v))
                    .collect(),
            ),
            Value::Object(map) if map.contains_key("Fn::Split") => {
                let arg = &map["Fn::Split"];
                let separator = arg.get(0)?.as_str()?;
                Some(
                    self.resolve(stack, arg.get(1)?)?
                        .split(separator)
                        .map(str::to_string)
                        .collect(),
                )
            }
            Value::Object(map) if map.contains_key("Fn::GetAZs") => {
                let region = &self.stacks[stack].region;
                Some(
                    ["a", "b", "c"]
                        .iter()
                        .map(|z| format!("{region}{z}"))
                        .collect(),
                )
            }
            other => Some(vec![self.resolve(stack, other)?]),
        }
    }

    fn sub(&self, stack: usize, arg: &Value) -> Option<String> {
        let (text, variables) = match arg {
            Value::String(t) => (t.as_str(), None),
            Value::Array(a) => (a.first()?.as_str()?, a.get(1)),
            _ => return None,
        };
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let end = rest[start..].find('}')? + start;
            let name = &rest[start + 2..end];
            if let Some(literal) = name.strip_prefix('!') {
                out.push_str(&format!("${{{literal}}}"));
            } else if let Some(v) = variables.and_then(|vars| vars.get(name)) {
                out.push_str(&self.resolve(stack, v)?);
            } else if let Some((logical, attribute)) =
                name.split_once('.').filter(|(l, _)| !l.starts_with("AWS:"))
            {
                out.push_str(&self.attribute(stack, logical, attribute));
            } else {
                out.push_str(&self.ref_value(stack, name)?);
            }
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        Some(out)
    }

    fn ref_value(&self, stack: usize, name: &str) -> Option<String> {
        let s = &self.stacks[stack];
        let pseudo = match name {
            "AWS::Region" => Some(s.region.clone()),
            "AWS::AccountId" => Some(s.account.clone()),
            "AWS::Partition" => Some("aws".into()),
            "AWS::URLSuffix" => Some("amazonaws.com".into()),
            "AWS::StackName" => Some(s.stack_name.clone()),
            "AWS::StackId" => Some(format!(
                "arn:aws:cloudformation:{}:{}:stack/{}/local",
                s.region, s.account, s.stack_name
            )),
            "AWS::NoValue" => return None,
            _ => None,
        };
        if pseudo.is_some() {
            return pseudo;
        }
        if s.resources.contains_key(name) {
            let local = self.physical_name(stack, name);
            return Some(match s.resource_type(name).unwrap_or_default() {
                "AWS::ApiGatewayV2::Api" => self.api_id(stack, name),
                "AWS::SQS::Queue" => format!(
                    "https://sqs.{}.amazonaws.com/{}/{local}",
                    s.region, s.account
                ),
                "AWS::SNS::Topic" => arn(s, "sns", &local),
                _ => local,
            });
        }
        if let Some((parent, given)) = self.parameter_value(stack, name) {
            return self.resolve(parent, given);
        }
        let default = s.parameters.get(name)?.get("Default")?;
        self.resolve(stack, default)
    }

    fn attribute(&self, stack: usize, logical: &str, attribute: &str) -> String {
        let s = &self.stacks[stack];
        let name = self.physical_name(stack, logical);
        let kind = s.resource_type(logical).unwrap_or_default();
        match (kind, attribute) {
            ("AWS::Lambda::Function", "Arn") => arn(s, "lambda", &format!("function:{name}")),
            ("AWS::DynamoDB::Table", "Arn") => arn(s, "dynamodb", &format!("table/{name}")),
            ("AWS::DynamoDB::Table", "StreamArn") => {
                arn(s, "dynamodb", &format!("table/{name}/stream/local"))
            }
            ("AWS::SQS::Queue", "Arn") | ("AWS::Events::EventBus", "Arn") => {
                arn(s, &service(kind), &name)
            }
            ("AWS::SQS::Queue", "QueueUrl") => format!(
                "https://sqs.{}.amazonaws.com/{}/{name}",
                s.region, s.account
            ),
            ("AWS::S3::Bucket", "Arn") => format!("arn:aws:s3:::{name}"),
            ("AWS::S3::Bucket", "DomainName") => format!("{name}.s3.amazonaws.com"),
            ("AWS::S3::Bucket", "RegionalDomainName") => {
                format!("{name}.s3.{}.amazonaws.com", s.region)
            }
            ("AWS::IAM::Role", "Arn") => format!("arn:aws:iam::{}:role/{name}", s.account),
            ("AWS::ApiGatewayV2::Api", "ApiEndpoint") => {
                format!(
                    "wss://{}.execute-api.{}.amazonaws.com",
                    self.api_id(stack, logical),
                    s.region
                )
            }
            ("AWS::ApiGatewayV2::Api", "ApiId") => self.api_id(stack, logical),
            (_, "Arn") => arn(s, &service(kind), &name),
            (_, attribute) if attribute.ends_with("Name") => name,
            (_, attribute) => format!("{name}.{attribute}"),
        }
    }

    /// The name a resource has locally: the one its template sets, else one derived from
    /// the stack name and logical id (lower case where the service requires it).
    pub fn physical_name(&self, stack: usize, logical: &str) -> String {
        let s = &self.stacks[stack];
        let properties = s.properties(logical);
        let kind = s.resource_type(logical).unwrap_or_default();
        let name_property = match kind {
            "AWS::DynamoDB::Table" => "TableName",
            "AWS::Lambda::Function" => "FunctionName",
            "AWS::S3::Bucket" => "BucketName",
            "AWS::SQS::Queue" => "QueueName",
            "AWS::SNS::Topic" => "TopicName",
            "AWS::IAM::Role" => "RoleName",
            "AWS::Events::EventBus" => "Name",
            _ => "Name",
        };
        if let Some(set) = properties
            .get(name_property)
            .and_then(|v| self.resolve(stack, v))
        {
            return set;
        }
        let derived = format!("{}-{logical}", s.stack_name);
        if kind == "AWS::S3::Bucket" {
            derived.to_lowercase()
        } else {
            derived
        }
    }

    /// A stable API id of API Gateway's shape (10 lower-case letters and digits).
    pub fn api_id(&self, stack: usize, logical: &str) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in format!("{}/{logical}", self.stacks[stack].display).bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        let alphabet = b"abcdefghijklmnopqrstuvwxyz0123456789";
        (0..10)
            .map(|i| alphabet[((hash >> (i * 6)) % 36) as usize] as char)
            .collect()
    }
}

/// `Fn::GetAtt` as `[logical, attribute]` or `"logical.attribute"`.
fn getatt(arg: &Value) -> Option<(String, String)> {
    match arg {
        Value::Array(a) => Some((
            a.first()?.as_str()?.to_string(),
            a.get(1)?.as_str()?.to_string(),
        )),
        Value::String(s) => s
            .split_once('.')
            .map(|(l, a)| (l.to_string(), a.to_string())),
        _ => None,
    }
}

fn arn(stack: &Stack, service: &str, resource: &str) -> String {
    format!(
        "arn:aws:{service}:{}:{}:{resource}",
        stack.region, stack.account
    )
}

/// `AWS::SQS::Queue` -> `sqs`.
fn service(kind: &str) -> String {
    kind.split("::").nth(1).unwrap_or("unknown").to_lowercase()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::path::PathBuf;

    use serde_json::{json, Value};

    use super::super::{Assembly, Stack};

    fn stack(display: &str, template: Value, parent: Option<(usize, String)>) -> Stack {
        Stack {
            display: display.into(),
            stack_name: display.replace('/', "-"),
            file: PathBuf::from(format!("{display}.template.json")),
            resources: template["Resources"]
                .as_object()
                .cloned()
                .unwrap_or_default(),
            parameters: template["Parameters"]
                .as_object()
                .cloned()
                .unwrap_or_default(),
            parent,
            region: "eu-west-1".into(),
            account: "111122223333".into(),
        }
    }

    /// A parent stack with a table, a function, an API and a nested stack given the table's ARN.
    fn assembly() -> Assembly {
        let parent = stack(
            "App",
            json!({ "Resources": {
                "Table": { "Type": "AWS::DynamoDB::Table" },
                "Named": { "Type": "AWS::DynamoDB::Table", "Properties": { "TableName": "given-name" } },
                "Fn": { "Type": "AWS::Lambda::Function" },
                "Api": { "Type": "AWS::ApiGatewayV2::Api" },
                "Queue": { "Type": "AWS::SQS::Queue" },
                "Nested": { "Type": "AWS::CloudFormation::Stack", "Properties": { "Parameters": { "TableArn": { "Fn::GetAtt": ["Table", "Arn"] } } } }
            } }),
            None,
        );
        let nested = stack(
            "App/Nested",
            json!({ "Parameters": { "TableArn": { "Type": "String" } }, "Resources": {} }),
            Some((0, "Nested".into())),
        );
        let other = stack("Other", json!({ "Resources": {} }), None);
        let mut exports = HashMap::new();
        exports.insert(
            "App:FnArn".to_string(),
            (0, json!({ "Fn::GetAtt": ["Fn", "Arn"] })),
        );
        Assembly {
            dir: PathBuf::from("cdk.out"),
            stacks: vec![parent, nested, other],
            exports,
            assets: Default::default(),
        }
    }

    #[test]
    fn refs_and_attributes_get_local_names() {
        let a = assembly();
        assert_eq!(
            a.resolve(0, &json!({ "Ref": "Table" })).as_deref(),
            Some("App-Table")
        );
        assert_eq!(
            a.resolve(0, &json!({ "Ref": "Named" })).as_deref(),
            Some("given-name")
        );
        assert_eq!(
            a.resolve(0, &json!({ "Fn::GetAtt": ["Fn", "Arn"] }))
                .as_deref(),
            Some("arn:aws:lambda:eu-west-1:111122223333:function:App-Fn")
        );
        assert_eq!(
            a.resolve(0, &json!({ "Ref": "Queue" })).as_deref(),
            Some("https://sqs.eu-west-1.amazonaws.com/111122223333/App-Queue")
        );
        assert_eq!(a.resolve(0, &json!({ "Ref": "AWS::NoValue" })), None);
    }

    #[test]
    fn join_sub_select_and_split() {
        let a = assembly();
        let url = json!({ "Fn::Join": ["", ["wss://", { "Ref": "Api" }, ".execute-api.", { "Ref": "AWS::Region" }, ".", { "Ref": "AWS::URLSuffix" }, "/dev"]] });
        let id = a.api_id(0, "Api");
        assert_eq!(
            a.resolve(0, &url),
            Some(format!(
                "wss://{id}.execute-api.eu-west-1.amazonaws.com/dev"
            ))
        );
        assert_eq!(id.len(), 10);
        assert_eq!(
            a.resolve(0, &json!({ "Fn::Sub": "${Table}/${Fn.Arn}/${!Literal}" }))
                .as_deref(),
            Some("App-Table/arn:aws:lambda:eu-west-1:111122223333:function:App-Fn/${Literal}")
        );
        assert_eq!(
            a.resolve(
                0,
                &json!({ "Fn::Sub": ["${X}-${AWS::AccountId}", { "X": "x" }] })
            )
            .as_deref(),
            Some("x-111122223333")
        );
        assert_eq!(
            a.resolve(
                0,
                &json!({ "Fn::Select": [1, { "Fn::Split": [",", "a,b,c"] }] })
            )
            .as_deref(),
            Some("b")
        );
    }

    #[test]
    fn nested_parameters_and_imports_lead_to_their_resources() {
        let a = assembly();
        assert_eq!(
            a.resolve(1, &json!({ "Ref": "TableArn" })).as_deref(),
            Some("arn:aws:dynamodb:eu-west-1:111122223333:table/App-Table")
        );
        assert_eq!(
            a.targets(1, &json!({ "Ref": "TableArn" })),
            vec![(0, "Table".to_string())]
        );
        assert_eq!(
            a.targets(2, &json!({ "Fn::ImportValue": "App:FnArn" })),
            vec![(0, "Fn".to_string())]
        );
        assert_eq!(
            a.resolve(2, &json!({ "Fn::ImportValue": "App:FnArn" }))
                .as_deref(),
            Some("arn:aws:lambda:eu-west-1:111122223333:function:App-Fn")
        );
    }
}
