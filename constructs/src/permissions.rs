//! `permissions.ts`: the permission vocabulary of `attachPermissions` and `permissions`,
//! and the resource kinds a construct can be recognised as.

use crate::model::ExternalModule::*;
use crate::model::*;

/// `"*" | Array<string | IConstruct | iam.PolicyStatement | Permission>`: SST's
/// `Permissions`, with `Permission.grant` standing in for SST's `[construct, "grantX"]`
/// tuple, which jsii cannot express.
pub fn permissions_ty() -> Ty {
    Ty::Union(vec![
        Ty::String,
        Ty::array(Ty::Union(vec![
            Ty::String,
            Ty::ext(Constructs, "IConstruct"),
            Ty::ext(Iam, "PolicyStatement"),
            Ty::Local("Permission"),
        ])),
    ])
}

pub fn module() -> Module {
    let mut m = Module::new("permissions", file!());
    m.classes = vec![Class { name: "Permission" }];
    // Only `grant*` methods take the grantee first: `grant` itself (a table's
    // `grant(grantee, ...actions)`) would grant nothing.
    m.checks = vec![Check {
        name: "grantMethod",
        doc: "The name of a construct's grant method that `Permission.grant` may call: `grant`, then a capital, then letters and digits.",
        pattern: "^grant[A-Z][A-Za-z0-9]*$",
        error: "notAGrantMethod",
    }];
    m.errors = vec![
        ErrorMessage::new(
            "permissionsNotArray",
            &["value"],
            "The specified permissions are not supported. They are expected to be \"*\" or an array, got {value}.",
        ),
        ErrorMessage::new(
            "unsupportedPermission",
            &["value", "kinds"],
            "The specified permissions are not supported: {value}. Accepted: \"*\", a service name (\"s3\"), an IAM action (\"s3:GetObject\"), an iam.PolicyStatement, Permission.grant(construct, \"grantRead\"), or a construct of a supported kind ({kinds}) or one that implements IBindable.",
        ),
        ErrorMessage::new(
            "notAGrantMethod",
            &["method", "construct"],
            "The specified grant method is incorrect: {construct} has no grant method \"{method}\". Pass the name of one of its methods that start with \"grant\" and take the grantee, for example \"grantRead\".",
        ),
    ];
    m.aliases = vec![Alias {
        name: "Permissions",
        ty: permissions_ty(),
    }];
    m.resource_kinds = resource_kinds();
    m
}

fn kind(
    name: &'static str,
    arn: &'static str,
    actions: &[&'static str],
    resources: &[&'static str],
    variables: &[(&'static str, &'static str)],
) -> ResourceKind {
    ResourceKind {
        name,
        marker: arn,
        arn,
        actions: actions.to_vec(),
        resources: resources.to_vec(),
        variables: variables.to_vec(),
    }
}

/// Each kind gets full access to its own resource only, as SST grants it. Kinds are tried in
/// this order; each marker is a property no earlier kind's constructs have.
fn resource_kinds() -> Vec<ResourceKind> {
    vec![
        kind(
            "Bucket",
            "bucketArn",
            &["s3:*"],
            &["{arn}", "{arn}/*"],
            &[("bucketName", "bucketName")],
        ),
        // `{arn}/*` covers the table's indexes and streams.
        kind(
            "Table",
            "tableArn",
            &["dynamodb:*"],
            &["{arn}", "{arn}/*"],
            &[("tableName", "tableName")],
        ),
        kind(
            "Queue",
            "queueArn",
            &["sqs:*"],
            &["{arn}"],
            &[("queueUrl", "queueUrl")],
        ),
        kind(
            "Topic",
            "topicArn",
            &["sns:*"],
            &["{arn}"],
            &[("topicArn", "topicArn")],
        ),
        kind(
            "Function",
            "functionArn",
            &["lambda:*"],
            &["{arn}"],
            &[("functionName", "functionName")],
        ),
        kind(
            "Secret",
            "secretArn",
            &["secretsmanager:*"],
            &["{arn}"],
            &[("secretArn", "secretArn")],
        ),
        kind(
            "Parameter",
            "parameterArn",
            &["ssm:*"],
            &["{arn}"],
            &[("parameterName", "parameterName")],
        ),
        kind(
            "EventBus",
            "eventBusArn",
            &["events:*"],
            &["{arn}"],
            &[("eventBusName", "eventBusName")],
        ),
        // SST's `KinesisStream`; a DynamoDB table's stream is `tableStreamArn`, not a marker.
        kind(
            "KinesisStream",
            "streamArn",
            &["kinesis:*"],
            &["{arn}"],
            &[("streamName", "streamName")],
        ),
    ]
}
