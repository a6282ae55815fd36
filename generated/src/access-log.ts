// Stage access logging and the account's CloudWatch Logs role.
import * as cdk from "aws-cdk-lib";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import * as constructs from "constructs";
import {
  DEFAULT_ACCESS_LOG_FORMAT,
  ERRORS,
  NAG_CLOUDWATCH_ROLE_POLICY,
  WEB_SOCKET_API_ACCESS_LOG_PROPS_DEFAULTS,
  WEB_SOCKET_API_ACCESS_LOG_PROPS_KEYS,
  WebSocketApiAccessLogProps,
  toRetention,
} from "./access-log.generated";
import { addNagSuppressions } from "./nag";
import { checkKnownKeys } from "./props";

/** Construct ids of the stack-wide CloudWatch role setup: one per stack, shared by its APIs. */
const ACCOUNT_ROLE_ID = "WebSocketApiCloudWatchRole";
const ACCOUNT_ID = "WebSocketApiAccount";

/**
 * Turns on access logging of the stage, unless `accessLog` is `false`, and returns the log
 * group it created (none with `destinationArn`).
 */
export function configureAccessLog(
  scope: constructs.Construct,
  apiName: string,
  stage: apigwv2.WebSocketStage,
  accessLog: boolean | string | WebSocketApiAccessLogProps | undefined,
  cloudWatchRole: boolean,
): logs.ILogGroup | undefined {
  if (accessLog === false) {
    return undefined;
  }
  const settings: WebSocketApiAccessLogProps = typeof accessLog === "object" ? accessLog : {};
  checkKnownKeys(settings, WEB_SOCKET_API_ACCESS_LOG_PROPS_KEYS, "accessLog");
  const format = typeof accessLog === "string" ? accessLog : (settings.format ?? DEFAULT_ACCESS_LOG_FORMAT);
  // A token (a parameter, an import) cannot be read at synth time: no warning for it.
  if (!cdk.Token.isUnresolved(format) && !format.includes("$context.requestId")) {
    cdk.Annotations.of(scope).addWarningV2("@cdk-from-rust/websocket-api:accessLogFormat", ERRORS.formatWithoutRequestId(format));
  }
  const retention = toRetention(settings.retention ?? WEB_SOCKET_API_ACCESS_LOG_PROPS_DEFAULTS.retention);
  let logGroup: logs.LogGroup | undefined;
  let destinationArn = settings.destinationArn;
  if (destinationArn === undefined) {
    logGroup = new logs.LogGroup(scope, "LogGroup", {
      // SST's name: vended-logs prefix, the API's name and id, then the stage.
      logGroupName: `/aws/vendedlogs/apis/${cleanLogGroupName(apiName)}-${stage.api.apiId}/${cleanLogGroupName(stage.stageName)}`,
      retention,
    });
    destinationArn = logGroup.logGroupArn;
  }
  const cfnStage = stage.node.defaultChild as apigwv2.CfnStage;
  cfnStage.accessLogSettings = { destinationArn, format };
  if (cloudWatchRole) {
    cfnStage.node.addDependency(accountCloudWatchRole(scope));
  }
  return logGroup;
}

function cleanLogGroupName(name: string): string {
  return cdk.Token.isUnresolved(name) ? name : name.replace(/[^.\-_/#A-Za-z0-9]/g, "");
}

/**
 * API Gateway writes access logs only once the account has a CloudWatch Logs role ("CloudWatch
 * Logs role ARN must be set in account settings"). Sets it once per stack; the role and the
 * setting are retained, since other stacks' APIs rely on the account setting.
 */
function accountCloudWatchRole(scope: constructs.Construct): cdk.CfnResource {
  const stack = cdk.Stack.of(scope);
  const existing = stack.node.tryFindChild(ACCOUNT_ID);
  if (existing !== undefined) {
    return existing as cdk.CfnResource;
  }
  const role = new iam.Role(stack, ACCOUNT_ROLE_ID, {
    assumedBy: new iam.ServicePrincipal("apigateway.amazonaws.com"),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("service-role/AmazonAPIGatewayPushToCloudWatchLogs")],
  });
  addNagSuppressions(role, [
    {
      id: "AwsSolutions-IAM4",
      reason: NAG_CLOUDWATCH_ROLE_POLICY,
      appliesTo: ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"],
    },
  ]);
  role.applyRemovalPolicy(cdk.RemovalPolicy.RETAIN);
  // A CfnResource, not apigateway's CfnAccount: importing aws-cdk-lib/aws-apigateway (the REST
  // API module) for this one resource costs every synth about 25 ms.
  const account = new cdk.CfnResource(stack, ACCOUNT_ID, {
    type: "AWS::ApiGateway::Account",
    properties: { CloudWatchRoleArn: role.roleArn },
  });
  account.applyRemovalPolicy(cdk.RemovalPolicy.RETAIN);
  return account;
}
