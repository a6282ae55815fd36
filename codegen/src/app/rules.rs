//! The second pass over a model, once its shape is right: the rules between values. Route keys,
//! handlers, domains, authorizers and grants fail with the construct's own messages (from the
//! library model), so the model is refused for exactly what synthesizing the app would throw;
//! the rest guards names, references and CloudFormation's resource limit.

use std::collections::{BTreeMap, BTreeSet};

use cdk_from_rust_constructs::model::Library;

use crate::app::estimate::{estimate, LIMIT, ROUTE};
use crate::app::model::*;
use crate::app::names::normalized;
use crate::app::tree::{quote, FieldPath, Positions};
use crate::app::validate::fill;
use crate::error::AppIssue;

/// Every broken rule of a model whose shape fits the schema.
pub fn check_rules(
    model: &AppModel,
    library: &Library,
    positions: &Positions,
    file: &str,
) -> Vec<AppIssue> {
    let checks = library
        .modules
        .iter()
        .flat_map(|m| &m.checks)
        .map(|c| {
            (
                c.name,
                regex::Regex::new(c.pattern)
                    .expect("the library model's patterns compile (ir.rs checks them)"),
            )
        })
        .collect();
    let mut rules = Rules {
        library,
        checks,
        positions,
        file,
        issues: Vec::new(),
    };
    rules.app(model);
    for (name, stack) in &model.stacks {
        rules.stack(name, stack);
    }
    rules.issues
}

struct Rules<'a> {
    library: &'a Library,
    /// The library's checks, by name: the very patterns the construct tests.
    checks: BTreeMap<&'static str, regex::Regex>,
    positions: &'a Positions,
    file: &'a str,
    issues: Vec<AppIssue>,
}

/// Where an issue points: at the value, or at the key that names it.
#[derive(Clone, Copy)]
enum At {
    Value,
    Key,
}

impl Rules<'_> {
    fn issue(&mut self, path: &FieldPath, at: At, value: String, message: String) {
        let position = match at {
            At::Value => self.positions.value(path),
            At::Key => self.positions.key(path),
        };
        self.issues.push(AppIssue {
            file: self.file.to_string(),
            at: position,
            path: path.to_string(),
            value,
            message,
        });
    }

    /// Whether `value` passes the library's check `name`.
    fn holds(&self, name: &str, value: &str) -> bool {
        self.checks
            .get(name)
            .unwrap_or_else(|| panic!("the construct library has no check \"{name}\""))
            .is_match(value)
    }

    /// A message of the construct library, by error id, with its parameters filled in.
    fn message(&self, id: &str, args: &[&str]) -> String {
        let error = self
            .library
            .modules
            .iter()
            .flat_map(|m| &m.errors)
            .find(|e| e.id == id)
            .unwrap_or_else(|| panic!("the construct library has no error \"{id}\""));
        fill(error.text, &error.params, args)
    }

    fn app(&mut self, model: &AppModel) {
        let root = FieldPath::root();
        if !is_app_name(&model.app) {
            let message = "an app name is lowercase letters, digits and dashes, starting with a letter (it names the npm package)";
            self.issue(
                &root.key("app"),
                At::Value,
                quote(&model.app),
                message.into(),
            );
        }
        if model.stacks.is_empty() {
            self.issue(
                &root.key("stacks"),
                At::Value,
                "{}".into(),
                "an app needs at least one stack".into(),
            );
        }
    }

    fn stack(&mut self, name: &str, stack: &Stack) {
        let path = FieldPath::root().key("stacks").key(name);
        if !is_stack_name(name) {
            let message =
                "a stack name is letters, digits and dashes, starting with a letter, as CloudFormation requires";
            self.issue(&path, At::Key, quote(name), message.into());
        }
        if let Some(account) = stack
            .account
            .as_deref()
            .filter(|a| a.len() != 12 || !a.chars().all(|c| c.is_ascii_digit()))
        {
            self.issue(
                &path.key("account"),
                At::Value,
                quote(account),
                "an AWS account id is 12 digits".into(),
            );
        }
        if let Some(region) = stack.region.as_deref().filter(|r| !is_region(r)) {
            self.issue(
                &path.key("region"),
                At::Value,
                quote(region),
                "an AWS region looks like \"us-east-1\"".into(),
            );
        }
        self.ids(name, stack, &path);
        for (id, resource) in &stack.resources {
            self.resource(resource, &path.key("resources").key(id));
        }
        for (id, api) in &stack.web_socket_apis {
            self.api(name, stack, api, &path.key("webSocketApis").key(id));
        }
        let total = estimate(stack).total();
        if total > LIMIT {
            let message = format!(
                "stack \"{name}\" would have {total} resources, more than the {LIMIT} CloudFormation allows in one stack (each route adds {}: its function, role, policy, invoke permission, integration and route; an API keeps its first {} routes in this stack and moves later ones into nested stacks); move some APIs or resources to another stack",
                ROUTE.len(),
                cdk_from_rust_constructs::library().number("api", "ROUTES_IN_API_STACK").expect("declared")
            );
            self.issue(&path, At::Key, quote(name), message);
        }
    }

    /// Resource and API ids are construct ids and variable names: well formed, and distinct
    /// from each other and from the ids the generated code derives from them.
    fn ids(&mut self, stack_name: &str, stack: &Stack, path: &FieldPath) {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let resources = stack
            .resources
            .keys()
            .map(|id| (path.key("resources").key(id), id.clone(), vec![id.clone()]));
        let apis = stack.web_socket_apis.keys().map(|id| {
            let derived = [
                id.clone(),
                format!("{id}Url"),
                format!("{id}CustomDomainUrl"),
                format!("{id}AuthorizerFunction"),
            ];
            (
                path.key("webSocketApis").key(id),
                id.clone(),
                derived.to_vec(),
            )
        });
        for (id_path, id, names) in resources.chain(apis) {
            if !is_id(&id) {
                let message = "an id is letters, digits, \"-\" and \"_\", starting with a letter";
                self.issue(&id_path, At::Key, quote(&id), message.into());
            }
            for name in names {
                match seen.get(&normalized(&name)) {
                    Some(other) if *other != id => {
                        let message = format!(
                            "the ids \"{other}\" and \"{id}\" of stack \"{stack_name}\" would name the same construct or variable; rename one"
                        );
                        self.issue(&id_path, At::Key, quote(&id), message);
                    }
                    _ => {
                        seen.insert(normalized(&name), id.clone());
                    }
                }
            }
        }
    }

    fn resource(&mut self, resource: &Resource, path: &FieldPath) {
        let is_table = resource.resource_type == ResourceType::Table;
        if is_table && resource.partition_key.is_none() {
            self.issue(
                path,
                At::Key,
                "{...}".into(),
                "a table needs a partitionKey: { name, type }".into(),
            );
        }
        if !is_table {
            let keys = [
                ("partitionKey", &resource.partition_key),
                ("sortKey", &resource.sort_key),
            ];
            for (field, _) in keys.iter().filter(|(_, key)| key.is_some()) {
                let message = format!(
                    "only tables take a {field}, not a {}",
                    resource.resource_type.as_str()
                );
                self.issue(&path.key(field), At::Key, "{...}".into(), message);
            }
        }
    }

    fn api(&mut self, stack_name: &str, stack: &Stack, api: &WebSocketApiProps, path: &FieldPath) {
        let defaults = api.defaults.as_ref().and_then(|d| d.function.as_ref());
        if let Some(function) = defaults {
            self.function(
                stack_name,
                stack,
                function,
                &path.key("defaults").key("function"),
            );
        }
        let mut keys = BTreeSet::new();
        for (key, route) in &api.routes {
            let route_path = path.key("routes").key(key);
            let trimmed = key.trim();
            if !self.holds("routeKey", key) {
                let message = self.message("emptyRouteKey", &[key]);
                self.issue(&route_path, At::Key, quote(key), message);
            } else if !keys.insert(trimmed) {
                let message = self.message("duplicateRoute", &[trimmed]);
                self.issue(&route_path, At::Key, quote(key), message);
            }
            let (handler, props, handler_path) = match route {
                Route::Handler(h) => (Some(h.as_str()), None, route_path.clone()),
                Route::Props(p) => match &p.function {
                    FunctionDefinition::Handler(h) => {
                        (Some(h.as_str()), None, route_path.key("function"))
                    }
                    FunctionDefinition::Props(f) => {
                        let handler = f
                            .handler
                            .as_deref()
                            .or(defaults.and_then(|d| d.handler.as_deref()));
                        (handler, Some(f), route_path.key("function"))
                    }
                },
            };
            if handler.is_none_or(|h| !self.holds("handler", h)) {
                let message = self.message("missingHandler", &[trimmed]);
                self.issue(
                    &handler_path,
                    At::Value,
                    handler.map(quote).unwrap_or("{...}".into()),
                    message,
                );
            }
            if let Some(function) = props {
                self.function(stack_name, stack, function, &route_path.key("function"));
            }
        }
        if let Some(domain) = &api.custom_domain {
            self.domain(stack_name, stack, domain, &path.key("customDomain"));
        }
        match &api.authorizer {
            Some(Authorizer::Lambda(lambda))
                if lambda.function.as_deref().is_none_or(str::is_empty) =>
            {
                let message = self.message("missingAuthorizerFunction", &[]);
                self.issue(&path.key("authorizer"), At::Value, "{...}".into(), message);
            }
            Some(Authorizer::Token(token)) => self.token_authorizer(token, &path.key("authorizer")),
            _ => {}
        }
    }

    /// The construct's checks of a JWT or user pool authorizer, in its order (jwt-authorizer.ts).
    fn token_authorizer(&mut self, token: &TokenAuthorizer, path: &FieldPath) {
        let fail = |rules: &mut Self, at: &FieldPath, value: String, id: &str, args: &[&str]| {
            let message = rules.message(id, args);
            rules.issue(at, At::Value, value, message);
        };
        if token.is_jwt() {
            let Some(jwt) = token.0.get("jwt").and_then(|j| j.as_object()) else {
                return fail(self, path, "{...}".into(), "missingJwt", &[]);
            };
            let jwt_path = path.key("jwt");
            if jwt.contains_key("audience") && jwt.contains_key("audiences") {
                return fail(self, &jwt_path, "{...}".into(), "audienceTwice", &[]);
            }
            let audience = token
                .strings("audience", true)
                .or_else(|| token.strings("audiences", true))
                .unwrap_or_default();
            if audience.is_empty() {
                return fail(self, &jwt_path, "{...}".into(), "missingAudience", &[]);
            }
            let issuer = jwt
                .get("issuer")
                .and_then(|i| i.as_str())
                .unwrap_or_default();
            let insecure_allowed = jwt.get("allowInsecureIssuer").is_some_and(|a| a == true);
            if !insecure_allowed && !self.holds("secureIssuer", issuer) {
                return fail(
                    self,
                    &jwt_path.key("issuer"),
                    quote(issuer),
                    "insecureIssuer",
                    &[issuer],
                );
            }
        } else {
            let Some(pool) = token.0.get("userPool").and_then(|p| p.as_object()) else {
                return fail(self, path, "{...}".into(), "missingUserPool", &[]);
            };
            if pool
                .get("clientIds")
                .and_then(|c| c.as_array())
                .is_none_or(|c| c.is_empty())
            {
                return fail(
                    self,
                    &path.key("userPool"),
                    "{...}".into(),
                    "missingUserPoolClients",
                    &[],
                );
            }
        }
        let sources_path = if token.0.contains_key("identitySource") {
            path.clone()
        } else {
            path.key("jwt")
        };
        for (i, source) in token.identity_source().iter().enumerate() {
            // HTTP API names are rewritten by the construct, with a warning.
            if !self.holds("httpIdentitySource", source) && !self.holds("identitySource", source) {
                let at = sources_path.key("identitySource").index(i);
                return fail(self, &at, quote(source), "invalidIdentitySource", &[source]);
            }
        }
    }

    fn function(
        &mut self,
        stack_name: &str,
        stack: &Stack,
        function: &FunctionProps,
        path: &FieldPath,
    ) {
        for (i, id) in function.bind.iter().flatten().enumerate() {
            self.reference(stack_name, stack, id, &path.key("bind").index(i));
        }
        match &function.permissions {
            Some(Permissions::String(s)) if s != "*" => {
                let message = self.message("permissionsNotArray", &[&quote(s)]);
                self.issue(&path.key("permissions"), At::Value, quote(s), message);
            }
            Some(Permissions::List(list)) => {
                for (i, permission) in list.iter().enumerate() {
                    let Permission::Resource(access) = permission else {
                        continue;
                    };
                    let entry = path.key("permissions").index(i);
                    self.reference(stack_name, stack, &access.resource, &entry.key("resource"));
                    if let Some(grant) = access
                        .grant
                        .as_deref()
                        .filter(|g| !self.holds("grantMethod", g))
                    {
                        // The construct names the resource by its path: `{stack}/{id}`.
                        let construct = quote(&format!("{stack_name}/{}", access.resource));
                        let message = self.message("notAGrantMethod", &[grant, &construct]);
                        self.issue(&entry.key("grant"), At::Value, quote(grant), message);
                    }
                }
            }
            _ => {}
        }
    }

    fn reference(&mut self, stack_name: &str, stack: &Stack, id: &str, path: &FieldPath) {
        if stack.resources.contains_key(id) {
            return;
        }
        let message = if stack.resources.is_empty() {
            format!("no resource \"{id}\" in stack \"{stack_name}\", which has none; declare it under stacks.{stack_name}.resources")
        } else {
            let ids: Vec<&str> = stack.resources.keys().map(String::as_str).collect();
            format!(
                "no resource \"{id}\" in stack \"{stack_name}\"; its resources: {}",
                ids.join(", ")
            )
        };
        self.issue(path, At::Value, quote(id), message);
    }

    fn domain(&mut self, stack_name: &str, stack: &Stack, domain: &CustomDomain, path: &FieldPath) {
        let (name, name_path) = match domain {
            CustomDomain::Name(name) => (Some(name.as_str()), path.clone()),
            CustomDomain::Props(props) => {
                if props.is_external_domain == Some(true) {
                    // An external domain needs `cdk.certificate`, which has no data form.
                    let message = self.message("externalDomainNeedsCertificate", &[]);
                    self.issue(
                        &path.key("isExternalDomain"),
                        At::Value,
                        "true".into(),
                        message,
                    );
                }
                (props.domain_name.as_deref(), path.key("domainName"))
            }
        };
        match name.filter(|n| self.holds("domainName", n)) {
            None => {
                let message = self.message("missingDomainName", &[]);
                self.issue(
                    path,
                    At::Value,
                    name.map(quote).unwrap_or("{...}".into()),
                    message,
                );
            }
            Some(name) if !self.holds("lowercaseDomain", name) => {
                let message = self.message("domainNotLowercase", &[name]);
                self.issue(&name_path, At::Value, quote(name), message);
            }
            Some(_) => {}
        }
        if stack.account.is_none() || stack.region.is_none() {
            let message = format!(
                "a custom domain looks up its hosted zone, which needs the stack's account and region; set both on stack \"{stack_name}\""
            );
            self.issue(
                path,
                At::Value,
                name.map(quote).unwrap_or("{...}".into()),
                message,
            );
        }
    }
}

fn is_app_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn is_stack_name(name: &str) -> bool {
    name.len() <= 128
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn is_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `us-east-1`, `ap-southeast-2`, `us-gov-west-1`.
fn is_region(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts[parts.len() - 1].parse::<u8>().is_ok()
}
