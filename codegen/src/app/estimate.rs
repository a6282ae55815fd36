//! How many resources a stack's template will have, by CloudFormation type, counted from
//! what the construct creates for each API, route and option. CloudFormation rejects a stack
//! of more than [`LIMIT`] resources; the estimate lets the model say so before anything is
//! generated, and `synth` prints it beside the real count.

use std::collections::BTreeMap;

use crate::app::model::{AccessLog, Authorizer, Route, Stack, WebSocketApiProps};
use crate::app::resources::spec;

/// CloudFormation's limit of resources per stack.
pub const LIMIT: usize = 500;

/// What each route adds: its function with role and policy (tracing and ManageConnections),
/// the permission for API Gateway to invoke it, its integration and the route.
pub const ROUTE: [&str; 6] = [
    "AWS::Lambda::Function",
    "AWS::IAM::Role",
    "AWS::IAM::Policy",
    "AWS::Lambda::Permission",
    "AWS::ApiGatewayV2::Integration",
    "AWS::ApiGatewayV2::Route",
];
/// A custom domain: certificate, domain name, API mapping, A and AAAA records.
const DOMAIN: [&str; 5] = [
    "AWS::CertificateManager::Certificate",
    "AWS::ApiGatewayV2::DomainName",
    "AWS::ApiGatewayV2::ApiMapping",
    "AWS::Route53::RecordSet",
    "AWS::Route53::RecordSet",
];
/// A Lambda authorizer: its function (role, tracing policy), invoke permission and authorizer.
const LAMBDA_AUTHORIZER: [&str; 5] = [
    "AWS::Lambda::Function",
    "AWS::IAM::Role",
    "AWS::IAM::Policy",
    "AWS::Lambda::Permission",
    "AWS::ApiGatewayV2::Authorizer",
];
/// A JWT or user pool authorizer: the prebuilt function (role, no policy), its invoke
/// permission and the authorizer.
const TOKEN_AUTHORIZER: [&str; 4] = [
    "AWS::Lambda::Function",
    "AWS::IAM::Role",
    "AWS::Lambda::Permission",
    "AWS::ApiGatewayV2::Authorizer",
];
/// The identity source of a token sent as a subprotocol: `$connect` must echo `bearer`, so an
/// API without a `$connect` route gets one.
const SUBPROTOCOL: &str = "route.request.header.sec-websocket-protocol";
/// The account's CloudWatch role for access logs, once per stack.
const ACCOUNT_ROLE: [&str; 2] = ["AWS::IAM::Role", "AWS::ApiGateway::Account"];

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Estimate {
    pub by_type: BTreeMap<&'static str, usize>,
}

impl Estimate {
    pub fn total(&self) -> usize {
        self.by_type.values().sum()
    }

    fn add(&mut self, types: &[&'static str]) {
        for t in types {
            *self.by_type.entry(t).or_default() += 1;
        }
    }
}

pub fn estimate(stack: &Stack) -> Estimate {
    let mut estimate = Estimate::default();
    // The CLI's version reporting.
    estimate.add(&["AWS::CDK::Metadata"]);
    for resource in stack.resources.values() {
        estimate.add(&[spec(resource.resource_type).cfn_type]);
    }
    let mut account_role = false;
    for api in stack.web_socket_apis.values() {
        account_role |= add_api(&mut estimate, api);
    }
    if account_role {
        estimate.add(&ACCOUNT_ROLE);
    }
    estimate
}

/// How the construct spreads an API's routes: how many stay in the API's stack, and how many
/// go into each nested stack after them (the library model's constants, which the generated
/// construct uses too).
fn route_split() -> (usize, usize) {
    let library = cdk_from_rust_constructs::library();
    let number = |name| {
        library
            .number("api", name)
            .expect("the api module declares its route split") as usize
    };
    (
        number("ROUTES_IN_API_STACK"),
        number("ROUTES_PER_NESTED_STACK"),
    )
}

/// Adds one API's resources in the stack's own template; true when it needs the account's
/// CloudWatch role. Routes past the API stack's share live in nested stacks, which count here
/// as one resource each.
fn add_api(estimate: &mut Estimate, api: &WebSocketApiProps) -> bool {
    estimate.add(&["AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Stage"]);
    let (in_stack, per_nested) = route_split();
    let two_way: Vec<bool> = api
        .routes
        .values()
        .map(|r| matches!(r, Route::Props(p) if p.return_response == Some(true)))
        .collect();
    // The construct's own `$connect`, added after the user's routes.
    let bearer_connect = match &api.authorizer {
        Some(Authorizer::Token(token)) => {
            let sources = token.identity_source();
            sources
                .iter()
                .any(|s| s.to_ascii_lowercase() == SUBPROTOCOL)
                && !api.routes.contains_key("$connect")
        }
        _ => false,
    };
    let routes: Vec<bool> = two_way
        .into_iter()
        .chain(bearer_connect.then_some(false))
        .collect();
    for two_way in routes.iter().take(in_stack) {
        estimate.add(&ROUTE);
        if *two_way {
            estimate.add(&["AWS::ApiGatewayV2::RouteResponse"]);
        }
    }
    for _ in 0..routes.len().saturating_sub(in_stack).div_ceil(per_nested) {
        estimate.add(&["AWS::CloudFormation::Stack"]);
    }
    if api.custom_domain.is_some() {
        estimate.add(&DOMAIN);
    }
    match api.authorizer {
        Some(Authorizer::Lambda(_)) => estimate.add(&LAMBDA_AUTHORIZER),
        Some(Authorizer::Token(_)) => estimate.add(&TOKEN_AUTHORIZER),
        _ => {}
    }
    let logs = !matches!(api.access_log, Some(AccessLog::Enabled(false)));
    let destination =
        matches!(&api.access_log, Some(AccessLog::Props(p)) if p.destination_arn.is_some());
    if logs && !destination {
        estimate.add(&["AWS::Logs::LogGroup"]);
    }
    logs && api.cloud_watch_role != Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::model::*;

    #[test]
    fn routes_options_and_the_shared_account_role_add_up() {
        let mut api = WebSocketApiProps::default();
        api.routes
            .insert("$connect".into(), Route::Handler("src/c.main".into()));
        let echo = WebSocketApiFunctionRouteProps {
            function: FunctionDefinition::Handler("src/e.main".into()),
            route_type: None,
            return_response: Some(true),
        };
        api.routes.insert("echo".into(), Route::Props(echo));
        api.custom_domain = Some(CustomDomain::Name("chat.example.com".into()));
        let quiet = WebSocketApiProps {
            access_log: Some(AccessLog::Enabled(false)),
            ..WebSocketApiProps::default()
        };
        let stack = Stack {
            resources: [(
                "connections".to_string(),
                Resource::table("id", AttributeType::String),
            )]
            .into(),
            web_socket_apis: [
                ("Chat".to_string(), api.clone()),
                ("Chat2".to_string(), api),
                ("Quiet".to_string(), quiet),
            ]
            .into(),
            ..Stack::default()
        };
        let e = estimate(&stack);
        // metadata + table + 3 × (api, stage) + 2 × (2 routes × 6 + route response + domain 5 + log group) + account role 2
        assert_eq!(e.total(), 1 + 1 + 6 + 2 * (12 + 1 + 5 + 1) + 2);
        assert_eq!(
            e.by_type["AWS::IAM::Role"],
            4 + 1,
            "one role per route function, one account role per stack"
        );
        assert_eq!(e.by_type["AWS::Route53::RecordSet"], 4);
    }
}
