// cdk-nag's AwsSolutions pack on every stack of the test app: nothing the construct creates is
// reported, and what it suppresses (in `cdk_nag` metadata, with reasons) is exactly the list
// below, so that a new finding or a new suppression fails here. What the test app itself does
// on purpose (its own buckets, queues and functions, wildcard permissions, public $connect,
// access logs turned off) is suppressed in this file only, on the in-process app, so that the
// CLI's templates (and the Python twin's) carry no test-only metadata.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as cdk from "aws-cdk-lib";
import { Annotations, Match } from "aws-cdk-lib/assertions";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { Function, WebSocketApi } from "@cdk-from-rust/websocket-api";
import {
  AwsSolutionsChecks,
  INagLogger,
  NagLoggerComplianceData,
  NagLoggerErrorData,
  NagLoggerNonComplianceData,
  NagLoggerNotApplicableData,
  NagLoggerSuppressedData,
  NagLoggerSuppressedErrorData,
  NagSuppressions,
} from "cdk-nag";
import { buildApp } from "../lib/app";
import { ENV } from "./support";

const TEST_APP = "Test app:";

/** The suppressed findings cdk-nag met, by resource. */
class SuppressedFindings implements INagLogger {
  public readonly found: NagLoggerSuppressedData[] = [];
  onCompliance(_data: NagLoggerComplianceData): void {}
  onNonCompliance(_data: NagLoggerNonComplianceData): void {}
  onSuppressed(data: NagLoggerSuppressedData): void {
    this.found.push(data);
  }
  onError(_data: NagLoggerErrorData): void {}
  onSuppressedError(_data: NagLoggerSuppressedErrorData): void {}
  onNotApplicable(_data: NagLoggerNotApplicableData): void {}
}

function checked(app: cdk.App): SuppressedFindings {
  const logger = new SuppressedFindings();
  cdk.Aspects.of(app).add(new AwsSolutionsChecks({ reports: false, additionalLoggers: [logger] }));
  app.synth();
  return logger;
}

/** `path: rule[finding]` of the unsuppressed AwsSolutions errors and warnings of a stack. */
function reported(stack: cdk.Stack): string[] {
  const annotations = Annotations.fromStack(stack);
  const rule = Match.stringLikeRegexp("AwsSolutions-.*");
  return [...annotations.findError("*", rule), ...annotations.findWarning("*", rule)].map(
    (m) => `${m.id}: ${/^AwsSolutions-[A-Za-z0-9]+(\[.*?\])?(?=: )/.exec(String(m.entry.data))?.[0]}`,
  );
}

/** Bundling is skipped: cdk-nag reads no code, and bundling would print. */
function nagApp(): cdk.App {
  return new cdk.App({ context: { "aws:cdk:bundling-stacks": [] } });
}

const WILDCARD_GRANTS = [
  { regex: "/^Action::([a-z0-9-]+:)?\\*$/" },
  { regex: "/^Action::s3:(GetObject|GetBucket|List)\\*$/" },
  "Resource::*",
  { regex: "/^Resource::[^:]*(:Exports[A-Za-z0-9]+)?(<[^>]+>)?\\/\\*$/" },
];

/** The test app's deliberate findings, suppressed narrowly and on the in-process app only. */
function suppressTestAppFindings(app: cdk.App): void {
  for (const node of app.node.findAll()) {
    const path = node.node.path;
    const stack = path.split("/")[0];
    if (node instanceof apigwv2.CfnStage && node.accessLogSettings === undefined) {
      NagSuppressions.addResourceSuppressions(node, [
        { id: "AwsSolutions-APIG1", reason: `${TEST_APP} access logging is turned off on purpose (accessLog: false) in stacks that test other features` },
      ]);
    }
    if (node instanceof apigwv2.CfnRoute && node.routeKey === "$connect" && node.authorizationType === "NONE") {
      NagSuppressions.addResourceSuppressions(node, [
        { id: "AwsSolutions-APIG4", reason: `${TEST_APP} these test APIs are public on purpose (authorizer "none")` },
      ]);
    }
    // The permissions and bind tests grant SST's service-wide wildcards on purpose.
    if (node instanceof iam.CfnPolicy && ["Permissions", "Binding", "CrossApi", "CrossRoutes"].includes(stack)) {
      NagSuppressions.addResourceSuppressions(node, [
        { id: "AwsSolutions-IAM5", reason: `${TEST_APP} the permissions and bind tests grant wildcards on purpose`, appliesTo: WILDCARD_GRANTS },
      ]);
    }
    // The test app's own resources, made only to be bound or granted: not the construct's.
    if (
      // (The JWT authorizer's function is the construct's, not the test app's: never suppressed here.)
      node instanceof lambda.Function && !(node instanceof Function) && node.node.id !== "JwtAuthorizerFunction" ||
      /^(Binding\/(my-bucket|jobs|alerts|api-key|orders-table|clicks)|Permissions\/Resources\/(Uploads|Jobs|Events|ApiKey|Orders|Clicks)|CrossApi\/uploads)$/.test(path)
    ) {
      NagSuppressions.addResourceSuppressions(
        node,
        ["S1", "S10", "SQS3", "SQS4", "SNS3", "SMG4", "DDB3", "KDS3", "L1", "IAM4"].map((rule) => ({
          id: `AwsSolutions-${rule}`,
          reason: `${TEST_APP} a bare resource for the bind and permissions tests, never deployed for use`,
        })),
        true,
      );
    }
  }
  NagSuppressions.addResourceSuppressionsByPath(
    cdk.Stack.of(app.node.findChild("Jwt")),
    "/Jwt/Users",
    ["COG1", "COG2", "COG3", "COG7", "COG8"].map((rule) => ({
      id: `AwsSolutions-${rule}`,
      reason: `${TEST_APP} a bare user pool, referenced by the user pool authorizer test, never deployed for use`,
    })),
    true,
  );
  NagSuppressions.addResourceSuppressionsByPath(cdk.Stack.of(app.node.findChild("Runtimes")), "/Runtimes/Runtimes/python/Resource", [
    { id: "AwsSolutions-L1", reason: `${TEST_APP} the runtimes test deploys python3.12 on purpose` },
  ]);
}

/** The kind of construct resource a suppression is on. */
function kindOf(resource: cdk.CfnResource): string {
  if (resource instanceof apigwv2.CfnRoute) return "route";
  if (resource instanceof lambda.CfnFunction) return "function";
  if (resource instanceof iam.CfnPolicy) return "function policy";
  if (resource instanceof iam.CfnRole) {
    return resource.node.path.includes("WebSocketApiCloudWatchRole") ? "account CloudWatch role" : "function role";
  }
  return resource.cfnResourceType;
}

function normalized(findingId: string): string {
  return /^Resource::arn:<AWS::Partition>:execute-api:.*\/\*\/@connections\/\*$/.test(findingId)
    ? "Resource::{api}/{stage}/*/@connections/*"
    : findingId;
}

test("cdk-nag AwsSolutions: no unsuppressed finding, and exactly the construct's suppressions", () => {
  const app = nagApp();
  const stacks = Object.values(buildApp(app)) as cdk.Stack[];
  suppressTestAppFindings(app);
  const logger = checked(app);

  assert.deepEqual(stacks.flatMap(reported), []);

  const byKind: Record<string, Set<string>> = {};
  for (const s of logger.found) {
    if (s.suppressionReason.includes(TEST_APP)) continue;
    assert.ok(s.suppressionReason.length > 80, `reason of ${s.ruleId} on ${s.resource.node.path}: ${s.suppressionReason}`);
    const rule = s.findingId ? `${s.ruleId}[${normalized(s.findingId)}]` : s.ruleId;
    (byKind[kindOf(s.resource)] ??= new Set()).add(rule);
  }
  assert.deepEqual(
    Object.fromEntries(Object.entries(byKind).map(([kind, rules]) => [kind, [...rules].sort()])),
    {
      "account CloudWatch role": [
        "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]",
      ],
      function: ["AwsSolutions-L1"],
      "function policy": ["AwsSolutions-IAM5[Resource::*]", "AwsSolutions-IAM5[Resource::{api}/{stage}/*/@connections/*]"],
      "function role": ["AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]"],
      route: ["AwsSolutions-APIG4"],
    },
  );
});

test("cdk-nag: the construct's suppressions are visible and can be dropped; user choices stay reported", () => {
  const app = nagApp();
  const stack = new cdk.Stack(app, "Nag", { env: ENV });
  const api = new WebSocketApi(stack, "Api", {
    routes: {
      $connect: "handlers/node/default.main",
      sendMessage: { function: { handler: "handlers/node/default.main", runtime: "nodejs22.x", permissions: ["s3:GetObject"] } },
    },
  });
  const route = api.getRoute("sendMessage")!.node.defaultChild as cdk.CfnResource;
  assert.equal(route.getMetadata("cdk_nag").rules_to_suppress[0].id, "AwsSolutions-APIG4");
  delete route.cfnOptions.metadata!.cdk_nag;
  checked(app);
  assert.deepEqual(reported(stack).map((r) => r.replace(/^\/Nag\/Api\//, "")).sort(), [
    // A public $connect, the dropped suppression, an explicit older runtime, and a user grant on *.
    "Route_$connect/Resource: AwsSolutions-APIG4",
    "Route_sendMessage/Resource: AwsSolutions-APIG4",
    "sendMessage/Resource: AwsSolutions-L1",
    "sendMessage/ServiceRole/DefaultPolicy/Resource: AwsSolutions-IAM5[Resource::*]",
  ]);
});
