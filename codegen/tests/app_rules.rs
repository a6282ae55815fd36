//! The second pass of the app-model validator (`codegen/src/app/rules.rs`): the rules between
//! values, on models built in code.

use cdk_from_rust_constructs::library;
use codegen::app::model::*;
use codegen::app::rules::check_rules;
use codegen::app::tree::Positions;

fn issues(model: &AppModel) -> Vec<String> {
    let library = library();
    check_rules(model, &library, &Positions::default(), "code")
        .into_iter()
        .map(|i| format!("{}: {}", i.path, i.message))
        .collect()
}

fn model(stack: Stack) -> AppModel {
    AppModel {
        app: "chat".into(),
        stacks: [("Chat".to_string(), stack)].into(),
        ..AppModel::default()
    }
}

fn api(routes: &[(&str, &str)]) -> WebSocketApiProps {
    WebSocketApiProps {
        routes: routes
            .iter()
            .map(|(k, h)| (k.to_string(), Route::Handler(h.to_string())))
            .collect(),
        ..WebSocketApiProps::default()
    }
}

#[test]
fn route_keys_are_trimmed_and_must_be_unique_and_non_empty() {
    let stack = Stack {
        web_socket_apis: [(
            "Api".to_string(),
            api(&[("send", "a.b"), (" send ", "a.b"), ("  ", "a.b")]),
        )]
        .into(),
        ..Stack::default()
    };
    let found = issues(&model(stack));
    assert_eq!(
        found,
        [
            "stacks.Chat.webSocketApis.Api.routes[\"  \"]: Invalid route key \"  \": a route key cannot be empty. Use \"$connect\", \"$disconnect\", \"$default\" or a custom key such as \"sendMessage\".",
            "stacks.Chat.webSocketApis.Api.routes.send: A route already exists for \"send\"",
        ]
    );
}

#[test]
fn references_grants_and_handlers_are_checked_against_the_stack() {
    let function = FunctionProps {
        bind: Some(vec!["connections".into(), "conections".into()]),
        permissions: Some(Permissions::List(vec![
            Permission::Action("sqs:SendMessage".into()),
            Permission::Resource(ResourceAccess {
                resource: "connections".into(),
                grant: Some("readData".into()),
            }),
        ])),
        ..FunctionProps::default()
    };
    let mut props = api(&[]);
    props.defaults = Some(WebSocketApiDefaultsProps {
        function: Some(function),
    });
    let route = WebSocketApiFunctionRouteProps {
        function: FunctionDefinition::Props(FunctionProps::default()),
        route_type: None,
        return_response: None,
    };
    props.routes.insert("x".into(), Route::Props(route));
    let stack = Stack {
        resources: [(
            "connections".to_string(),
            Resource::table("id", AttributeType::String),
        )]
        .into(),
        web_socket_apis: [("Api".to_string(), props)].into(),
        ..Stack::default()
    };
    let found = issues(&model(stack));
    assert_eq!(found.len(), 3, "{found:#?}");
    assert_eq!(found[0], "stacks.Chat.webSocketApis.Api.defaults.function.bind[1]: no resource \"conections\" in stack \"Chat\"; its resources: connections");
    assert!(found[1].starts_with("stacks.Chat.webSocketApis.Api.defaults.function.permissions[1].grant: The specified grant method is incorrect: \"Chat/connections\" has no grant method \"readData\"."), "{}", found[1]);
    assert_eq!(
        found[2],
        "stacks.Chat.webSocketApis.Api.routes.x.function: No handler defined for the \"x\" Lambda function"
    );
}

#[test]
fn domains_must_be_lowercase_and_have_an_account_and_region() {
    let mut props = api(&[]);
    props.custom_domain = Some(CustomDomain::Name("Chat.example.com".into()));
    let found = issues(&model(Stack {
        web_socket_apis: [("Api".to_string(), props)].into(),
        ..Stack::default()
    }));
    assert_eq!(
        found,
        [
            "stacks.Chat.webSocketApis.Api.customDomain: The domain name needs to be in lowercase: \"Chat.example.com\"",
            "stacks.Chat.webSocketApis.Api.customDomain: a custom domain looks up its hosted zone, which needs the stack's account and region; set both on stack \"Chat\"",
        ]
    );
}

#[test]
fn a_stack_over_the_resource_limit_is_refused() {
    let routes = |n: usize| -> Vec<(String, String)> {
        (0..n)
            .map(|i| (format!("r{i}"), "a.b".to_string()))
            .collect()
    };
    let api_of = |routes: &[(String, String)]| {
        let refs: Vec<(&str, &str)> = routes
            .iter()
            .map(|(k, h)| (k.as_str(), h.as_str()))
            .collect();
        api(&refs)
    };
    let stack = |apis: Vec<WebSocketApiProps>| Stack {
        web_socket_apis: apis
            .into_iter()
            .enumerate()
            .map(|(i, a)| (format!("Api{i}"), a))
            .collect(),
        ..Stack::default()
    };
    let many = routes(300);
    assert_eq!(
        issues(&model(stack(vec![api_of(&many)]))),
        Vec::<String>::new(),
        "300 routes spread over nested stacks"
    );
    let forty = routes(40);
    let found = issues(&model(stack(vec![
        api_of(&forty),
        api_of(&forty),
        api_of(&forty),
    ])));
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .starts_with("stacks.Chat: stack \"Chat\" would have 732 resources, more than the 500"),
        "{}",
        found[0]
    );
}

#[test]
fn names_and_ids_are_well_formed_and_distinct() {
    let stack = Stack {
        account: Some("1234".into()),
        region: Some("useast1".into()),
        resources: [
            ("chat-room".to_string(), Resource::of(ResourceType::Queue)),
            ("9lives".to_string(), Resource::of(ResourceType::Topic)),
        ]
        .into(),
        web_socket_apis: [("ChatRoom".to_string(), api(&[]))].into(),
    };
    let mut bad = model(stack);
    bad.app = "Chat".into();
    let found = issues(&bad);
    let paths: Vec<&str> = found
        .iter()
        .map(|f| f.split(": ").next().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "app",
            "stacks.Chat.account",
            "stacks.Chat.region",
            "stacks.Chat.resources.9lives",
            "stacks.Chat.webSocketApis.ChatRoom"
        ]
    );
    assert!(
        found[4].contains("\"chat-room\" and \"ChatRoom\""),
        "{}",
        found[4]
    );
}
