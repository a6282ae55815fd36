// What is attached or bound on an API reaches routes added later from another stack, through
// cross-stack references (lib/cross-stack.ts), in the templates the CDK CLI wrote.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cliTemplate } from "./support";

const api = cliTemplate("CrossApi");
const routes = cliTemplate("CrossRoutes");

type Resources = Record<string, { Type: string; Properties?: any }>;

function only(resources: Resources, type: string): [string, any] {
  const found = Object.entries(resources).filter(([, r]) => r.Type === type);
  assert.equal(found.length, 1, `one ${type}, found ${found.map(([id]) => id).join(", ")}`);
  return found[0];
}

/** The CrossApi export whose value is `value`, as the Fn::ImportValue CrossRoutes uses. */
function importOf(value: object): object {
  const outputs = Object.values(api.Outputs ?? {}) as Array<{ Value: unknown; Export?: { Name: string } }>;
  const found = outputs.filter((o) => JSON.stringify(o.Value) === JSON.stringify(value));
  assert.equal(found.length, 1, `one CrossApi export of ${JSON.stringify(value)}`);
  return { "Fn::ImportValue": found[0].Export!.Name };
}

/** The statements of the role of the stack's only function. */
function functionOf(resources: Resources): { env: Record<string, unknown>; statements: any[] } {
  const [, fn] = only(resources, "AWS::Lambda::Function");
  const roleId = fn.Properties.Role["Fn::GetAtt"][0];
  const statements = Object.values(resources)
    .filter((r) => r.Type === "AWS::IAM::Policy" && r.Properties.Roles.some((role: any) => role.Ref === roleId))
    .flatMap((r) => r.Properties.PolicyDocument.Statement);
  return { env: fn.Properties.Environment?.Variables ?? {}, statements };
}

function expectedStatements(apiId: object, bucketArn: object): object[] {
  return [
    { Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Effect: "Allow", Resource: "*" },
    {
      Action: "execute-api:ManageConnections",
      Effect: "Allow",
      Resource: {
        "Fn::Join": [
          "",
          ["arn:", { Ref: "AWS::Partition" }, ":execute-api:us-east-1:123456789012:", apiId, "/default/*/@connections/*"],
        ],
      },
    },
    { Action: "sqs:SendMessage", Effect: "Allow", Resource: "*" },
    { Action: "s3:*", Effect: "Allow", Resource: [bucketArn, { "Fn::Join": ["", [bucketArn, "/*"]] }] },
  ];
}

const sorted = (statements: object[]) => statements.map((s) => JSON.stringify(s)).sort();

describe("attachPermissions and bind across stacks", () => {
  const [apiId] = only(api.Resources, "AWS::ApiGatewayV2::Api");
  const [bucketId] = only(api.Resources, "AWS::S3::Bucket");

  it("the route the API was created with gets them with local references", () => {
    const { env, statements } = functionOf(api.Resources);
    assert.deepEqual(sorted(statements), sorted(expectedStatements({ Ref: apiId }, { "Fn::GetAtt": [bucketId, "Arn"] })));
    assert.deepEqual(env, { SST_Bucket_bucketName_uploads: { Ref: bucketId } });
  });

  it("the route added later in CrossRoutes gets the same, through Fn::ImportValue", () => {
    const { env, statements } = functionOf(routes.Resources);
    const apiRef = importOf({ Ref: apiId });
    const bucketArn = importOf({ "Fn::GetAtt": [bucketId, "Arn"] });
    assert.deepEqual(sorted(statements), sorted(expectedStatements(apiRef, bucketArn)));
    assert.deepEqual(env, { SST_Bucket_bucketName_uploads: importOf({ Ref: bucketId }) });
  });

  it("references the API's resources instead of copying them", () => {
    const types = Object.values(routes.Resources as Resources)
      .map((r) => r.Type)
      .filter((type) => type !== "AWS::CDK::Metadata")
      .sort();
    assert.deepEqual(types, [
      "AWS::ApiGatewayV2::Integration",
      "AWS::ApiGatewayV2::Route",
      "AWS::IAM::Policy",
      "AWS::IAM::Role",
      "AWS::Lambda::Function",
      "AWS::Lambda::Permission",
    ]);
    const [, route] = only(routes.Resources, "AWS::ApiGatewayV2::Route");
    assert.equal(route.Properties.RouteKey, "later");
    assert.deepEqual(route.Properties.ApiId, importOf({ Ref: apiId }));
  });
});
