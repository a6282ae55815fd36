//! The WebSocket APIs of an assembly, as `dev` serves them: for every `AWS::ApiGatewayV2::Api`
//! with `ProtocolType: WEBSOCKET`, its stage, route selection expression, routes (each to the
//! Lambda function of its integration), which routes answer (route responses) and how
//! `$connect` is authorized. Routes, integrations and authorizers may live in nested stacks or
//! other stacks than the API; they are matched through their `ApiId` reference.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::functions::Function;
use super::Assembly;
use crate::error::DevError;

#[derive(Debug)]
pub struct Api {
    /// The display name of the stack that defines the API.
    pub stack: String,
    /// `aws:cdk:path` of the API (it starts with the stack's name).
    pub path: String,
    pub api_id: String,
    pub region: String,
    pub account: String,
    pub stage: String,
    /// The stage's `StageVariables`, resolved.
    pub stage_variables: BTreeMap<String, String>,
    pub route_selection: String,
    pub routes: BTreeMap<String, Route>,
    pub connect_auth: ConnectAuth,
}

#[derive(Debug)]
pub struct Route {
    pub key: String,
    pub function: Arc<Function>,
    /// Whether the handler's result is sent back to the caller (a `$default` route response).
    pub two_way: bool,
}

#[derive(Debug)]
pub enum ConnectAuth {
    None,
    /// `AWS_IAM` on `$connect`: a SigV4 signature must be present; it is not verified locally.
    Iam,
    /// A REQUEST authorizer.
    Lambda {
        identity_sources: Vec<String>,
        function: Arc<Function>,
    },
}

impl Assembly {
    /// Every WebSocket API, ordered by construct path so that ports are stable between runs.
    pub fn websocket_apis(&self) -> Result<Vec<Api>, DevError> {
        let mut functions = BTreeMap::new();
        let mut apis = Vec::new();
        for (index, stack) in self.stacks.iter().enumerate() {
            for logical in stack.of_type("AWS::ApiGatewayV2::Api") {
                if stack.properties(logical)["ProtocolType"] != "WEBSOCKET" {
                    continue;
                }
                apis.push(self.api(index, logical, &mut functions)?);
            }
        }
        if apis.is_empty() {
            return Err(DevError::NoWebSocketApi {
                dir: self.dir.clone(),
                stacks: self.stack_names(),
            });
        }
        apis.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(apis)
    }

    /// Resources of `kind` anywhere in the assembly whose `ApiId` refers to the API.
    fn belonging_to(&self, api: &(usize, String), kind: &str) -> Vec<(usize, String)> {
        let mut found = Vec::new();
        for (index, stack) in self.stacks.iter().enumerate() {
            for logical in stack.of_type(kind) {
                if self
                    .targets(index, &stack.properties(logical)["ApiId"])
                    .contains(api)
                {
                    found.push((index, logical.to_string()));
                }
            }
        }
        found
    }

    fn api(
        &self,
        index: usize,
        logical: &str,
        functions: &mut BTreeMap<(usize, String), Arc<Function>>,
    ) -> Result<Api, DevError> {
        let stack = &self.stacks[index];
        let properties = stack.properties(logical);
        let key = (index, logical.to_string());
        let path = stack.construct_path(logical);
        let fail = |route: Option<&str>, message: String| DevError::Api {
            stack: stack.display.clone(),
            api: path.clone(),
            route: route.map(str::to_string),
            message,
        };
        // The first stage by name is served when there are several.
        let stages: BTreeMap<String, BTreeMap<String, String>> = self
            .belonging_to(&key, "AWS::ApiGatewayV2::Stage")
            .iter()
            .filter_map(|(s, l)| {
                let props = self.stacks[*s].properties(l);
                let variables = props["StageVariables"].as_object().into_iter().flatten();
                let variables = variables
                    .filter_map(|(k, v)| Some((k.clone(), self.resolve(*s, v)?)))
                    .collect();
                Some((self.resolve(*s, &props["StageName"])?, variables))
            })
            .collect();
        let (stage, stage_variables) = stages
            .into_iter()
            .next()
            .ok_or_else(|| fail(None, "it has no stage (AWS::ApiGatewayV2::Stage)".into()))?;
        let route_selection = self
            .resolve(index, &properties["RouteSelectionExpression"])
            .ok_or_else(|| fail(None, "it has no RouteSelectionExpression".into()))?;
        let two_way: Vec<(usize, String)> = self
            .belonging_to(&key, "AWS::ApiGatewayV2::RouteResponse")
            .iter()
            .filter(|(s, l)| self.stacks[*s].properties(l)["RouteResponseKey"] == "$default")
            .flat_map(|(s, l)| self.targets(*s, &self.stacks[*s].properties(l)["RouteId"]))
            .collect();
        let mut routes = BTreeMap::new();
        let mut connect_auth = ConnectAuth::None;
        for (s, route_logical) in self.belonging_to(&key, "AWS::ApiGatewayV2::Route") {
            let route_stack = &self.stacks[s];
            let props = route_stack.properties(&route_logical);
            let route_key = self.resolve(s, &props["RouteKey"]).unwrap_or_default();
            let integration = self
                .targets(s, &props["Target"])
                .into_iter()
                .find(|(t, l)| {
                    self.stacks[*t].resource_type(l) == Some("AWS::ApiGatewayV2::Integration")
                })
                .ok_or_else(|| {
                    fail(
                        Some(&route_key),
                        "its Target is not an integration of this assembly".into(),
                    )
                })?;
            let integration_props = self.stacks[integration.0].properties(&integration.1);
            let integration_type = integration_props["IntegrationType"]
                .as_str()
                .unwrap_or_default();
            if integration_type != "AWS_PROXY" {
                return Err(fail(
                    Some(&route_key),
                    format!("integration {} has IntegrationType {integration_type:?}; only Lambda proxy integrations (AWS_PROXY) are served", integration.1),
                ));
            }
            let function = self
                .route_function(
                    integration.0,
                    &integration_props["IntegrationUri"],
                    functions,
                )
                .map_err(|m| fail(Some(&route_key), m))?;
            let responds = props["RouteResponseSelectionExpression"] == "$default"
                && two_way.contains(&(s, route_logical.clone()));
            if route_key == "$connect" {
                connect_auth = self
                    .connect_auth(s, props, functions)
                    .map_err(|m| fail(Some(&route_key), m))?;
            }
            routes.insert(
                route_key.clone(),
                Route {
                    key: route_key,
                    function,
                    two_way: responds,
                },
            );
        }
        Ok(Api {
            stack: stack.display.clone(),
            path,
            api_id: self.api_id(index, logical),
            region: stack.region.clone(),
            account: stack.account.clone(),
            stage,
            stage_variables,
            route_selection,
            routes,
            connect_auth,
        })
    }

    /// The `AWS::Lambda::Function` an integration or authorizer URI points at.
    fn route_function(
        &self,
        stack: usize,
        uri: &serde_json::Value,
        functions: &mut BTreeMap<(usize, String), Arc<Function>>,
    ) -> Result<Arc<Function>, String> {
        let target = self
            .targets(stack, uri)
            .into_iter()
            .find(|(s, l)| self.stacks[*s].resource_type(l) == Some("AWS::Lambda::Function"))
            .ok_or_else(|| format!("its URI {uri} does not name a Lambda function (AWS::Lambda::Function) of this assembly"))?;
        if let Some(existing) = functions.get(&target) {
            return Ok(existing.clone());
        }
        let function = Arc::new(self.function(target.0, &target.1)?);
        functions.insert(target, function.clone());
        Ok(function)
    }

    fn connect_auth(
        &self,
        stack: usize,
        route: &serde_json::Value,
        functions: &mut BTreeMap<(usize, String), Arc<Function>>,
    ) -> Result<ConnectAuth, String> {
        match route["AuthorizationType"].as_str().unwrap_or("NONE") {
            "NONE" => Ok(ConnectAuth::None),
            "AWS_IAM" => Ok(ConnectAuth::Iam),
            "CUSTOM" => {
                let (s, logical) = self
                    .targets(stack, &route["AuthorizerId"])
                    .into_iter()
                    .find(|(s, l)| self.stacks[*s].resource_type(l) == Some("AWS::ApiGatewayV2::Authorizer"))
                    .ok_or("AuthorizationType CUSTOM without an AuthorizerId of this assembly")?;
                let props = self.stacks[s].properties(&logical);
                let kind = props["AuthorizerType"].as_str().unwrap_or_default();
                if kind != "REQUEST" {
                    return Err(format!("authorizer {logical} has AuthorizerType {kind:?}; WebSocket APIs take REQUEST authorizers only"));
                }
                let identity_sources = props["IdentitySource"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|v| self.resolve(s, v))
                    .collect();
                let function = self.route_function(s, &props["AuthorizerUri"], functions).map_err(|m| format!("authorizer {logical}: {m}"))?;
                Ok(ConnectAuth::Lambda { identity_sources, function })
            }
            other => Err(format!("AuthorizationType {other:?} is not one WebSocket APIs take (NONE, AWS_IAM, CUSTOM)")),
        }
    }
}
