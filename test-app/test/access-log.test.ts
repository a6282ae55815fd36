// Access logs and the account's CloudWatch Logs role (issue "Access logs, custom domains,
// authorizers"). Builds only the AccessLog stack, plus fresh stacks for single cases.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as cdk from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import * as logs from "aws-cdk-lib/aws-logs";
import { WebSocketApi } from "@cdk-from-rust/websocket-api";
import { AccessLogStack, EXTERNAL_DESTINATION } from "../lib/access-log-stack";
import { freshStack, resource, resourcesOf } from "./support";

/** SST's default WebSocket access log format, copied from SST's source (apiGatewayV2AccessLog.ts). */
const SST_DEFAULT_FORMAT =
  '{"requestTime":"$context.requestTime","requestId":"$context.requestId","eventType":"$context.eventType","routeKey":"$context.routeKey","status":$context.status,"integrationRequestId":"$context.awsEndpointRequestId","integrationStatus":"$context.integrationStatus","integrationLatency":"$context.integrationLatency","integrationServiceStatus":"$context.integration.integrationStatus","ip":"$context.identity.sourceIp","userAgent":"$context.identity.userAgent","cognitoIdentityId":"$context.identity.cognitoIdentityId","connectedAt":"$context.connectedAt","connectionId":"$context.connectionId"}';

const RETENTION_VALUES =
  "one_day, three_days, five_days, one_week, two_weeks, one_month, two_months, three_months, four_months, five_months, six_months, one_year, thirteen_months, eighteen_months, two_years, three_years, five_years, six_years, seven_years, eight_years, nine_years, ten_years, infinite";

const stack = new AccessLogStack(new cdk.App(), "AccessLog");
const template = Template.fromStack(stack);

const stageOf = (prefix: string) => resource(template, "AWS::ApiGatewayV2::Stage", `${prefix}Stage`)[1];
const logGroupsOf = (prefix: string) =>
  Object.keys(resourcesOf(template, "AWS::Logs::LogGroup")).filter((id) => id.startsWith(`${prefix}LogGroup`));

describe("accessLog", () => {
  it("is on by default: a log group, and SST's JSON format byte for byte", () => {
    const [logGroupId, logGroup] = resource(template, "AWS::Logs::LogGroup", "ByDefaultLogGroup");
    const settings = stageOf("ByDefault").Properties!.AccessLogSettings;
    assert.equal(settings.Format, SST_DEFAULT_FORMAT);
    assert.deepEqual(settings.DestinationArn, { "Fn::GetAtt": [logGroupId, "Arn"] });
    // SST's name: /aws/vendedlogs/apis/{apiName}-{apiId}/{stage}; infinite retention.
    const [apiId] = resource(template, "AWS::ApiGatewayV2::Api", "ByDefaultApi");
    assert.deepEqual(logGroup.Properties!.LogGroupName, {
      "Fn::Join": ["", ["/aws/vendedlogs/apis/AccessLog-ByDefault-", { Ref: apiId }, "/default"]],
    });
    assert.equal(logGroup.Properties!.RetentionInDays, undefined);
    assert.equal(stack.byDefault.cdk.accessLogGroup?.node.path, "AccessLog/ByDefault/LogGroup");
    assert.ok(stack.byDefault.cdk.accessLogGroup instanceof logs.LogGroup);
  });

  it("is off with false: no log group, no AccessLogSettings", () => {
    assert.deepEqual(logGroupsOf("Off"), []);
    assert.equal(stageOf("Off").Properties!.AccessLogSettings, undefined);
    assert.equal(stack.off.cdk.accessLogGroup, undefined);
  });

  it("takes a string as the format, into a created log group", () => {
    const settings = stageOf("FormatString").Properties!.AccessLogSettings;
    assert.equal(settings.Format, "$context.requestId $context.routeKey $context.status");
    assert.equal(logGroupsOf("FormatString").length, 1);
    assert.deepEqual(settings.DestinationArn, { "Fn::GetAtt": [logGroupsOf("FormatString")[0], "Arn"] });
  });

  it("takes format and retention from props", () => {
    assert.equal(stageOf("WithProps").Properties!.AccessLogSettings.Format, '{"id":"$context.requestId","route":"$context.routeKey"}');
    const [, logGroup] = resource(template, "AWS::Logs::LogGroup", "WithPropsLogGroup");
    assert.equal(logGroup.Properties!.RetentionInDays, 7);
    assert.ok(stack.withProps.cdk.accessLogGroup !== undefined);
  });

  it("sends logs to destinationArn without creating a log group", () => {
    const settings = stageOf("ToDestination").Properties!.AccessLogSettings;
    assert.equal(settings.DestinationArn, EXTERNAL_DESTINATION);
    assert.equal(settings.Format, SST_DEFAULT_FORMAT);
    assert.deepEqual(logGroupsOf("ToDestination"), []);
    assert.equal(stack.toDestination.cdk.accessLogGroup, undefined);
  });

  it("creates one log group per API with logs to a created group", () => {
    const ids = Object.keys(resourcesOf(template, "AWS::Logs::LogGroup")).sort();
    assert.deepEqual(
      ids.map((id) => id.replace(/LogGroup.*$/, "")),
      ["ByDefault", "FormatString", "WithProps", "WithoutRole"],
    );
  });

  it("maps every retention literal, lower-cased CDK RetentionDays keys, as SST", () => {
    const stack = freshStack();
    const days: Record<string, number | undefined> = { one_day: 1, two_weeks: 14, ten_years: 3653, infinite: undefined };
    for (const retention of Object.keys(days)) {
      new WebSocketApi(stack, `Api_${retention}`, { accessLog: { retention }, cloudWatchRole: false });
    }
    const t = Template.fromStack(stack);
    for (const [retention, expected] of Object.entries(days)) {
      const [, group] = resource(t, "AWS::Logs::LogGroup", `Api${retention.replace("_", "")}LogGroup`);
      assert.equal(group.Properties!.RetentionInDays, expected, retention);
    }
  });

  it("rejects an unknown retention with SST's message and the accepted values", () => {
    const stack = freshStack();
    const message = `Invalid access log retention value "one_weak". Accepted values: ${RETENTION_VALUES}.`;
    assert.throws(() => new WebSocketApi(stack, "Api", { accessLog: { retention: "one_weak" } }), { message });
    assert.ok(message.startsWith('Invalid access log retention value "one_weak".'));
    // SST's values are lower case only.
    assert.throws(() => new WebSocketApi(stack, "Upper", { accessLog: { retention: "ONE_WEEK" } }), {
      message: `Invalid access log retention value "ONE_WEEK". Accepted values: ${RETENTION_VALUES}.`,
    });
  });

  it("warns, without failing, about a format without $context.requestId", () => {
    const stack = freshStack();
    const api = new WebSocketApi(stack, "Api", { accessLog: "$context.routeKey $context.status" });
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning(
      "/Test/Api",
      'The access log format "$context.routeKey $context.status" has no $context.requestId: log lines cannot be matched to requests. Add "$context.requestId" to the format. [ack: @cdk-from-rust/websocket-api:accessLogFormat]',
    );
    annotations.hasNoError("*", Match.anyValue());
    assert.ok(api.cdk.accessLogGroup !== undefined);
    Template.fromStack(stack).hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      AccessLogSettings: { Format: "$context.routeKey $context.status" },
    });
  });

  it("does not warn about formats with $context.requestId, or formats only known at deploy time", () => {
    Annotations.fromStack(stack).hasNoWarning("*", Match.anyValue());
    const fresh = freshStack();
    const format = new cdk.CfnParameter(fresh, "Format").valueAsString;
    new WebSocketApi(fresh, "Api", { accessLog: { format } });
    Annotations.fromStack(fresh).hasNoWarning("*", Match.anyValue());
  });
});

describe("account CloudWatch role", () => {
  it("is created once per stack, however many APIs log, and retained", () => {
    const accounts = Object.entries(resourcesOf(template, "AWS::ApiGateway::Account"));
    assert.equal(accounts.length, 1);
    const [accountId, account] = accounts[0];
    assert.equal(accountId, "WebSocketApiAccount");
    assert.equal(account.DeletionPolicy, "Retain");
    const roleId = account.Properties!.CloudWatchRoleArn["Fn::GetAtt"][0];
    const role = resourcesOf(template, "AWS::IAM::Role")[roleId];
    assert.equal(role.DeletionPolicy, "Retain");
    assert.deepEqual(role.Properties!.AssumeRolePolicyDocument.Statement, [
      { Action: "sts:AssumeRole", Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" } },
    ]);
    assert.deepEqual(role.Properties!.ManagedPolicyArns, [
      {
        "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"]],
      },
    ]);
  });

  it("is a dependency of every logging stage, but not of stages that opt out or do not log", () => {
    for (const prefix of ["ByDefault", "FormatString", "WithProps", "ToDestination"]) {
      assert.deepEqual(stageOf(prefix).DependsOn, ["WebSocketApiAccount"], prefix);
    }
    assert.equal(stageOf("WithoutRole").DependsOn, undefined);
    assert.ok(stageOf("WithoutRole").Properties!.AccessLogSettings !== undefined);
    assert.equal(stageOf("Off").DependsOn, undefined);
  });

  it("is not created with cloudWatchRole: false", () => {
    const stack = freshStack();
    new WebSocketApi(stack, "A", { cloudWatchRole: false });
    new WebSocketApi(stack, "B", { accessLog: "$context.requestId", cloudWatchRole: false });
    const t = Template.fromStack(stack);
    t.resourceCountIs("AWS::ApiGateway::Account", 0);
    t.resourceCountIs("AWS::IAM::Role", 0);
    t.resourceCountIs("AWS::Logs::LogGroup", 2);
  });

  it("is not created when no API of the stack logs", () => {
    const stack = freshStack();
    new WebSocketApi(stack, "A", { accessLog: false });
    new WebSocketApi(stack, "B", { accessLog: false });
    const t = Template.fromStack(stack);
    t.resourceCountIs("AWS::ApiGateway::Account", 0);
    t.resourceCountIs("AWS::IAM::Role", 0);
  });

  it("is created in each stack that has logging APIs", () => {
    const app = new cdk.App();
    const one = new cdk.Stack(app, "One");
    const two = new cdk.Stack(app, "Two");
    new WebSocketApi(one, "A");
    new WebSocketApi(one, "B");
    new WebSocketApi(two, "C");
    Template.fromStack(one).resourceCountIs("AWS::ApiGateway::Account", 1);
    Template.fromStack(two).resourceCountIs("AWS::ApiGateway::Account", 1);
  });
});
