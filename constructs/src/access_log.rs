//! `access-log.ts`: stage access logging and the account's CloudWatch Logs role.

use crate::model::ExternalModule::*;
use crate::model::*;

pub fn module() -> Module {
    let mut m = Module::new("access-log", file!());
    m.structs = vec![Struct {
        name: "WebSocketApiAccessLogProps",
        doc: "Access log settings of a `WebSocketApi` stage.",
        fields: vec![
            Field::optional(
                "format",
                Ty::String,
                "- SST's JSON format for WebSocket APIs",
                "The access log format. A format without `$context.requestId` gets a synth warning.",
            ),
            Field::optional(
                "destinationArn",
                Ty::String,
                "- a log group this construct creates",
                "The ARN of the CloudWatch Logs log group (or Firehose stream) to send access logs to.",
            ),
            Field::optional(
                "retention",
                Ty::Literal("Retention"),
                "\"infinite\"",
                "How long the created log group keeps access logs. Ignored with `destinationArn`.",
            ),
        ],
    }];
    m.literal_sets = vec![retention()];
    m.errors = vec![ErrorMessage::new(
        "formatWithoutRequestId",
        &["format"],
        "The access log format \"{format}\" has no $context.requestId: log lines cannot be matched to requests. Add \"$context.requestId\" to the format.",
    )];
    m.constants = vec![Constant {
        name: "NAG_CLOUDWATCH_ROLE_POLICY",
        doc: "Why the account's CloudWatch Logs role uses an AWS managed policy (cdk-nag AwsSolutions-IAM4).",
        value: ConstantValue::Text("AmazonAPIGatewayPushToCloudWatchLogs is the policy API Gateway documents for the account-wide CloudWatch Logs role; that one role serves every API and stage of the account and region, so it cannot be scoped to this API's log group."),
    }, Constant {
        name: "DEFAULT_ACCESS_LOG_FORMAT",
        doc: "SST's access log format for WebSocket APIs.",
        value: ConstantValue::Text(r#"{"requestTime":"$context.requestTime","requestId":"$context.requestId","eventType":"$context.eventType","routeKey":"$context.routeKey","status":$context.status,"integrationRequestId":"$context.awsEndpointRequestId","integrationStatus":"$context.integrationStatus","integrationLatency":"$context.integrationLatency","integrationServiceStatus":"$context.integration.integrationStatus","ip":"$context.identity.sourceIp","userAgent":"$context.identity.userAgent","cognitoIdentityId":"$context.identity.cognitoIdentityId","connectedAt":"$context.connectedAt","connectionId":"$context.connectionId"}"#),
    }];
    m
}

fn retention() -> LiteralSet {
    let values = [
        ("one_day", "RetentionDays.ONE_DAY"),
        ("three_days", "RetentionDays.THREE_DAYS"),
        ("five_days", "RetentionDays.FIVE_DAYS"),
        ("one_week", "RetentionDays.ONE_WEEK"),
        ("two_weeks", "RetentionDays.TWO_WEEKS"),
        ("one_month", "RetentionDays.ONE_MONTH"),
        ("two_months", "RetentionDays.TWO_MONTHS"),
        ("three_months", "RetentionDays.THREE_MONTHS"),
        ("four_months", "RetentionDays.FOUR_MONTHS"),
        ("five_months", "RetentionDays.FIVE_MONTHS"),
        ("six_months", "RetentionDays.SIX_MONTHS"),
        ("one_year", "RetentionDays.ONE_YEAR"),
        ("thirteen_months", "RetentionDays.THIRTEEN_MONTHS"),
        ("eighteen_months", "RetentionDays.EIGHTEEN_MONTHS"),
        ("two_years", "RetentionDays.TWO_YEARS"),
        ("three_years", "RetentionDays.THREE_YEARS"),
        ("five_years", "RetentionDays.FIVE_YEARS"),
        ("six_years", "RetentionDays.SIX_YEARS"),
        ("seven_years", "RetentionDays.SEVEN_YEARS"),
        ("eight_years", "RetentionDays.EIGHT_YEARS"),
        ("nine_years", "RetentionDays.NINE_YEARS"),
        ("ten_years", "RetentionDays.TEN_YEARS"),
        ("infinite", "RetentionDays.INFINITE"),
    ];
    LiteralSet {
        name: "Retention",
        values: values
            .iter()
            .map(|(value, cdk)| Literal {
                value,
                cdk: Some(cdk),
            })
            .collect(),
        target: Some(External {
            module: Logs,
            name: "RetentionDays",
        }),
        error: ErrorMessage::new(
            "invalidRetention",
            &["value"],
            "Invalid access log retention value \"{value}\". Accepted values: {accepted}.",
        ),
    }
}
