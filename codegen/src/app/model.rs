//! The app model as typed Rust values: what a TOML, YAML or JSON model file holds once it is
//! read, and what a Rust program builds to generate an app without a file (then
//! [`crate::app::check`] validates it as it would a file).
//!
//! Field names are the file's, which are `WebSocketApiProps`'s (camelCase). Values that come
//! from the construct library's literal sets (runtimes, retention, authorizer kinds, ...) are
//! strings here: the library is their one source, and [`crate::app::check`] holds them to it.
//! The types of the construct's props are named after its structs; where the construct
//! accepts several forms (a handler string or props, ...), an enum lists them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A CDK app: its stacks and the context its `cdk.json` carries.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AppModel {
    /// The app's name: lowercase letters, digits and dashes (the npm package name).
    pub app: String,
    /// CDK context written into `cdk.json`, such as the answers to hosted-zone lookups, so
    /// that the app synthesizes without AWS credentials.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub context: BTreeMap<String, serde_json::Value>,
    /// Stacks by name (the CloudFormation stack name and construct id).
    pub stacks: BTreeMap<String, Stack>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Stack {
    /// The AWS account; with `region`, needed by custom domains (hosted-zone lookups).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Resources routes can `bind` or be granted, by construct id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub resources: BTreeMap<String, Resource>,
    /// WebSocket APIs by construct id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub web_socket_apis: BTreeMap<String, WebSocketApiProps>,
}

/// A resource of a stack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Resource {
    #[serde(rename = "type")]
    pub resource_type: ResourceType,
    /// Tables only, and required there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_key: Option<TableKey>,
    /// Tables only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_key: Option<TableKey>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResourceType {
    Bucket,
    Table,
    Queue,
    Topic,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableKey {
    pub name: String,
    #[serde(rename = "type")]
    pub attribute_type: AttributeType,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttributeType {
    String,
    Number,
    Binary,
}

/// `WebSocketApiProps` as data.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WebSocketApiProps {
    /// Routes by route key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub routes: BTreeMap<String, Route>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defaults: Option<WebSocketApiDefaultsProps>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_log: Option<AccessLog>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_watch_role: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_domain: Option<CustomDomain>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorizer: Option<Authorizer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_selection_expression: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cdk: Option<WebSocketApiCdkProps>,
}

/// A route: a handler string (`"src/chat.main"`) or props.
// Plain data built once per route: boxing the props would only make models harder to write.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Route {
    Handler(String),
    Props(WebSocketApiFunctionRouteProps),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WebSocketApiFunctionRouteProps {
    pub function: FunctionDefinition,
    /// SST's discriminator of route props: only `"function"`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub route_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_response: Option<bool>,
}

/// A route's function: a handler string or `FunctionProps`.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FunctionDefinition {
    Handler(String),
    Props(FunctionProps),
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebSocketApiDefaultsProps {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<FunctionProps>,
}

/// `FunctionProps` as data. Handler paths are relative to `srcPath`, which in a model file is
/// relative to the file's folder (by default, that folder).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FunctionProps {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handler: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub src_path: Option<String>,
    /// A value of the library's `Runtime` set, such as `"nodejs22.x"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<serde_json::Number>,
    /// Megabytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_size: Option<serde_json::Number>,
    /// A value of the library's `Architecture` set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub architecture: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Permissions>,
    /// Ids of resources of the stack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bind: Option<Vec<String>>,
    /// A value of the library's `Tracing` set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracing: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle: Option<bool>,
}

/// `"*"`, or a list of IAM actions (`"s3"`, `"sqs:SendMessage"`) and resources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Permissions {
    /// Only `"*"` is accepted, as by the construct.
    String(String),
    List(Vec<Permission>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Permission {
    /// A service (`"s3"`) or an action (`"s3:GetObject"`), on every resource.
    Action(String),
    Resource(ResourceAccess),
}

/// Full access to a resource of the stack, or what one of its grant methods gives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceAccess {
    /// The resource's id.
    pub resource: String,
    /// A grant method of the resource, such as `"grantRead"`: `Permission.grant(resource, grant)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant: Option<String>,
}

/// Access logging: on or off, a format, or props.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AccessLog {
    Enabled(bool),
    Format(String),
    Props(WebSocketApiAccessLogProps),
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WebSocketApiAccessLogProps {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_arn: Option<String>,
    /// A value of the library's `Retention` set, such as `"one_month"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<String>,
}

/// A custom domain: a name or props.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CustomDomain {
    Name(String),
    Props(WebSocketApiDomainProps),
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WebSocketApiDomainProps {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosted_zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_external_domain: Option<bool>,
}

/// The authorizer of `$connect`: a kind of the library's `AuthorizerKind` set (`"none"`,
/// `"iam"`), a Lambda authorizer, or a JWT or user pool authorizer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Authorizer {
    Kind(String),
    Lambda(WebSocketApiLambdaAuthorizer),
    Token(TokenAuthorizer),
}

/// A JWT or Cognito user pool authorizer (`WebSocketApiJwtAuthorizer`,
/// `WebSocketApiUserPoolAuthorizer`) as written: the schema derived from the library checks its
/// shape; the rules and the estimate read what they need of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TokenAuthorizer(pub serde_json::Map<String, serde_json::Value>);

impl TokenAuthorizer {
    /// SST v1's `type: "jwt"`, or SST v3's form, which has only `jwt`.
    pub fn is_jwt(&self) -> bool {
        self.0.contains_key("jwt") || self.0.get("type").is_some_and(|t| t == "jwt")
    }

    /// A list of strings of the authorizer (or, with `in_jwt`, of its `jwt`).
    pub fn strings(&self, key: &str, in_jwt: bool) -> Option<Vec<String>> {
        let holder = if in_jwt {
            self.0.get("jwt")?.as_object()?
        } else {
            &self.0
        };
        let list = holder.get(key)?.as_array()?;
        Some(
            list.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
        )
    }

    /// Where the token is read from, as written: `identitySource`, else SST v3's
    /// `jwt.identitySource`; empty for the library's default (the query string).
    pub fn identity_source(&self) -> Vec<String> {
        self.strings("identitySource", false)
            .or_else(|| self.strings("identitySource", true))
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WebSocketApiLambdaAuthorizer {
    /// `"lambda"`, the library's `LambdaAuthorizerType`.
    #[serde(rename = "type")]
    pub authorizer_type: String,
    /// The handler of the function that authorizes connections; required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_source: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WebSocketApiCdkProps {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_socket_stage: Option<WebSocketApiCdkStageProps>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WebSocketApiCdkStageProps {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_deploy: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl ResourceType {
    pub const ALL: [ResourceType; 4] = [
        ResourceType::Bucket,
        ResourceType::Table,
        ResourceType::Queue,
        ResourceType::Topic,
    ];

    /// The name a model file uses.
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceType::Bucket => "bucket",
            ResourceType::Table => "table",
            ResourceType::Queue => "queue",
            ResourceType::Topic => "topic",
        }
    }
}

impl AttributeType {
    pub const ALL: [AttributeType; 3] = [
        AttributeType::String,
        AttributeType::Number,
        AttributeType::Binary,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AttributeType::String => "string",
            AttributeType::Number => "number",
            AttributeType::Binary => "binary",
        }
    }
}

impl FunctionProps {
    /// Props with just a handler.
    pub fn handler(handler: impl Into<String>) -> FunctionProps {
        FunctionProps {
            handler: Some(handler.into()),
            ..FunctionProps::default()
        }
    }
}

impl Resource {
    pub fn of(resource_type: ResourceType) -> Resource {
        Resource {
            resource_type,
            partition_key: None,
            sort_key: None,
        }
    }

    /// A table with a partition key.
    pub fn table(partition_key: &str, attribute_type: AttributeType) -> Resource {
        Resource {
            partition_key: Some(TableKey {
                name: partition_key.to_string(),
                attribute_type,
            }),
            ..Resource::of(ResourceType::Table)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_enums_serialize_as_their_names() {
        for t in ResourceType::ALL {
            assert_eq!(serde_json::to_value(t).unwrap(), t.as_str());
        }
        for t in AttributeType::ALL {
            assert_eq!(serde_json::to_value(t).unwrap(), t.as_str());
        }
    }

    #[test]
    fn forms_of_a_union_are_told_apart_by_their_data() {
        let route: Route = serde_json::from_value(serde_json::json!("src/a.main")).unwrap();
        assert_eq!(route, Route::Handler("src/a.main".into()));
        let route: Route = serde_json::from_value(
            serde_json::json!({"function": {"handler": "a.b", "timeout": 5}}),
        )
        .unwrap();
        let Route::Props(props) = route else {
            panic!("props")
        };
        assert_eq!(
            props.function,
            FunctionDefinition::Props(FunctionProps {
                timeout: Some(5.into()),
                ..FunctionProps::handler("a.b")
            })
        );
        let log: AccessLog = serde_json::from_value(serde_json::json!(false)).unwrap();
        assert_eq!(log, AccessLog::Enabled(false));
    }
}
