// attachPermissions, attachPermissionsToRoute and permissions on WebSocketApi and Function
// (issue "Permissions and resource binding for WebSocket route functions").
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as cdk from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct, IConstruct } from "constructs";
import { Function, Permission, WebSocketApi } from "@cdk-from-rust/websocket-api";
import { freshStack, resourcesOf, statementsOf, testApp } from "./support";

const app = testApp();
const stack = app.permissions;
const template = Template.fromStack(stack);
const r = stack.resources;
const HANDLER = "handlers/node/default.main";

// ---- expected statements ------------------------------------------------------------------

const XRAY = { Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Effect: "Allow", Resource: "*" };

function idOf(construct: IConstruct): string {
  return cdk.Stack.of(construct).getLogicalId(construct.node.defaultChild as cdk.CfnElement);
}
function allow(action: string | string[], resource: unknown): object {
  return { Action: action, Effect: "Allow", Resource: resource };
}
function arn(construct: IConstruct): object {
  return { "Fn::GetAtt": [idOf(construct), "Arn"] };
}
function arnAndChildren(construct: IConstruct): object[] {
  return [arn(construct), { "Fn::Join": ["", [arn(construct), "/*"]] }];
}
function ssmArn(construct: IConstruct): object {
  return {
    "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":ssm:us-east-1:123456789012:parameter/", { Ref: idOf(construct) }]],
  };
}
/** The ManageConnections statement of an API's stage. */
function manage(api: WebSocketApi, stage = "default"): object {
  const arnParts = ["arn:", { Ref: "AWS::Partition" }, ":execute-api:us-east-1:123456789012:", { Ref: idOf(api.cdk.webSocketApi) }];
  return allow("execute-api:ManageConnections", { "Fn::Join": ["", [...arnParts, `/${stage}/*/@connections/*`]] });
}

/** The exact statements of a function's role, in any order. */
function assertStatements(fn: IConstruct, expected: object[]): void {
  const key = (s: object) => JSON.stringify(s);
  const actual = statementsOf(template, idOf(fn)).map(key).sort();
  assert.deepEqual(actual, expected.map(key).sort());
}
function envOf(fn: IConstruct): Record<string, unknown> | undefined {
  return resourcesOf(template, "AWS::Lambda::Function")[idOf(fn)].Properties!.Environment?.Variables;
}
function routeFn(api: WebSocketApi, route: string): Function {
  const fn = api.getFunction(route);
  assert.ok(fn, route);
  return fn;
}

// ---- the vocabulary ----------------------------------------------------------------------

describe("permission vocabulary", () => {
  const api = stack.vocabulary;

  it('"*" allows every action on every resource', () => {
    assertStatements(routeFn(api, "star"), [XRAY, allow("*", "*"), manage(api)]);
  });

  it('a service name ("s3") allows s3:* on every resource', () => {
    assertStatements(routeFn(api, "service"), [XRAY, allow("s3:*", "*"), manage(api)]);
  });

  it('a full action ("s3:GetObject") allows that action on every resource', () => {
    assertStatements(routeFn(api, "action"), [XRAY, allow("s3:GetObject", "*"), manage(api)]);
  });

  it("a construct gets full access to that resource only (and a table's indexes)", () => {
    assertStatements(routeFn(api, "constructs"), [
      XRAY,
      allow("s3:*", arnAndChildren(r.bucket)),
      allow("dynamodb:*", arnAndChildren(r.table)),
      allow("sqs:*", arn(r.queue)),
      allow("sns:*", { Ref: idOf(r.topic) }),
      allow("lambda:*", arn(r.worker)),
      allow("secretsmanager:*", { Ref: idOf(r.secret) }),
      allow("ssm:*", ssmArn(r.parameter)),
      allow("events:*", arn(r.bus)),
      allow("kinesis:*", arn(r.stream)),
      manage(r.notifications),
      manage(api),
    ]);
    // The table has a GSI, whose ARN is {tableArn}/index/byStatus: covered by {tableArn}/*.
    const [table] = Object.values(resourcesOf(template, "AWS::DynamoDB::Table"));
    assert.equal(table.Properties!.GlobalSecondaryIndexes[0].IndexName, "byStatus");
  });

  it('Permission.grant(bucket, "grantRead") calls the grant method', () => {
    assertStatements(routeFn(api, "grant"), [
      XRAY,
      allow(["s3:GetObject*", "s3:GetBucket*", "s3:List*"], arnAndChildren(r.bucket)),
      manage(api),
    ]);
  });

  it("an iam.PolicyStatement is added as it is, effect included", () => {
    assertStatements(routeFn(api, "statement"), [
      XRAY,
      { Action: "s3:DeleteObject", Effect: "Deny", Resource: { "Fn::Join": ["", [arn(r.bucket), "/keep/*"]] } },
      manage(api),
    ]);
  });
});

describe("unsupported permissions", () => {
  const KINDS = "Bucket, Table, Queue, Topic, Function, Secret, Parameter, EventBus, KinesisStream";
  const unsupported = (value: string) =>
    `The specified permissions are not supported: ${value}. Accepted: "*", a service name ("s3"), an IAM action ("s3:GetObject"), an iam.PolicyStatement, Permission.grant(construct, "grantRead"), or a construct of a supported kind (${KINDS}) or one that implements IBindable.`;

  function standalone(): { stack: cdk.Stack; fn: Function } {
    const s = freshStack();
    return { stack: s, fn: new Function(s, "Fn", { handler: HANDLER }) };
  }

  it('a string other than "*" that is not in an array', () => {
    const { fn } = standalone();
    assert.throws(() => fn.attachPermissions("s3"), {
      message: 'The specified permissions are not supported. They are expected to be "*" or an array, got "s3".',
    });
  });

  it("the same through a route's permissions", () => {
    const s = freshStack();
    assert.throws(
      () => new WebSocketApi(s, "Api", { accessLog: false, routes: { a: { function: { handler: HANDLER, permissions: "s3" } } } }),
      { message: 'The specified permissions are not supported. They are expected to be "*" or an array, got "s3".' },
    );
  });

  it("a plain object, a construct of no supported kind, an empty string", () => {
    const { stack: s, fn } = standalone();
    assert.throws(() => fn.attachPermissions([{ actions: ["s3:*"] } as unknown as string]), {
      message: unsupported("an object of type Object"),
    });
    const vpc = new ec2.Vpc(s, "Vpc");
    assert.throws(() => fn.attachPermissions([vpc]), { message: unsupported('"Test/Vpc"') });
    assert.throws(() => fn.attachPermissions([new Construct(s, "Plain")]), { message: unsupported('"Test/Plain"') });
    assert.throws(() => fn.attachPermissions([""]), { message: unsupported('""') });
  });

  it("a method of the construct that is not a grant method, or no method at all", () => {
    const s = freshStack();
    const bucket = new s3.Bucket(s, "Bucket");
    const notAGrant = (method: string) =>
      `The specified grant method is incorrect: "Test/Bucket" has no grant method "${method}". Pass the name of one of its methods that start with "grant" and take the grantee, for example "grantRead".`;
    assert.throws(() => Permission.grant(bucket, "addLifecycleRule"), { message: notAGrant("addLifecycleRule") });
    assert.throws(() => Permission.grant(bucket, "grantEverything"), { message: notAGrant("grantEverything") });
    assert.throws(() => Permission.grant(bucket, "grantPrincipal"), { message: notAGrant("grantPrincipal") });
  });

  it("a bad entry leaves the role as it was", () => {
    const { stack: s, fn } = standalone();
    assert.throws(() => fn.attachPermissions(["sqs:SendMessage", {} as unknown as string]));
    const statements = Template.fromStack(s).toJSON().Resources;
    assert.equal(JSON.stringify(statements).includes("sqs:SendMessage"), false);
  });

  it("permissions attached before any route exists are checked too", () => {
    const s = freshStack();
    const api = new WebSocketApi(s, "Api", { accessLog: false });
    assert.throws(
      () => {
        api.attachPermissions([new Construct(s, "Plain")]);
        api.addRoutes(s, { a: HANDLER });
      },
      { message: unsupported('"Test/Plain"') },
    );
  });
});

// ---- merging with defaults.function ------------------------------------------------------

describe("defaults.function.permissions and bind", () => {
  const api = stack.merged;

  it("apply to a route with none of its own", () => {
    assertStatements(routeFn(api, "inherits"), [
      XRAY,
      allow("sqs:SendMessage", "*"),
      allow("sqs:*", arn(r.queue)),
      manage(api),
    ]);
    assert.deepEqual(envOf(routeFn(api, "inherits")), { SST_Queue_queueUrl_Jobs: { Ref: idOf(r.queue) } });
  });

  it("concatenate with the route's, defaults first", () => {
    assertStatements(routeFn(api, "adds"), [
      XRAY,
      allow("sqs:SendMessage", "*"),
      allow("sns:Publish", "*"),
      allow("sqs:*", arn(r.queue)),
      allow("sns:*", { Ref: idOf(r.topic) }),
      manage(api),
    ]);
    assert.deepEqual(envOf(routeFn(api, "adds")), {
      SST_Queue_queueUrl_Jobs: { Ref: idOf(r.queue) },
      SST_Topic_topicArn_Events: { Ref: idOf(r.topic) },
    });
  });

  it('"*" on the route wins over the defaults\' list; bind still concatenates', () => {
    assertStatements(routeFn(api, "star"), [XRAY, allow("*", "*"), allow("sqs:*", arn(r.queue)), manage(api)]);
  });

  it('"*" in the defaults wins over the route\'s list', () => {
    const starApi = stack.defaultsStar;
    assertStatements(routeFn(starApi, "route"), [
      XRAY,
      allow("*", "*"),
      allow("s3:*", arnAndChildren(r.bucket)),
      manage(starApi),
    ]);
  });
});

// ---- the whole API vs one route -----------------------------------------------------------

describe("attachPermissions and attachPermissionsToRoute on the API", () => {
  const api = stack.scoped;
  // attachPermissions([bus]) and bind([table]) on the API, after first/second and before third.
  const shared = () => [XRAY, manage(api), allow("events:*", arn(r.bus)), allow("dynamodb:*", arnAndChildren(r.table))];

  it("attachPermissions applies to existing routes and to routes added later", () => {
    assert.deepEqual(api.routes, ["first", "second", "third"]);
    assertStatements(routeFn(api, "third"), shared());
  });

  it("attachPermissionsToRoute affects that route only", () => {
    assertStatements(routeFn(api, "first"), [...shared(), allow("sns:*", { Ref: idOf(r.topic) })]);
    assertStatements(routeFn(api, "second"), [...shared(), allow("sqs:*", arn(r.queue))]);
  });

  it("an unknown route throws", () => {
    const s = freshStack();
    const fresh = new WebSocketApi(s, "Api", { accessLog: false, routes: { $connect: HANDLER } });
    assert.throws(() => fresh.attachPermissionsToRoute("$disconnect", ["s3"]), {
      message: 'Failed to attach permissions. Route "$disconnect" does not exist.',
    });
    assert.throws(() => fresh.attachPermissionsToRoute("connect", "*"), {
      message: 'Failed to attach permissions. Route "connect" does not exist.',
    });
  });
});

describe("Function", () => {
  it("takes permissions and bind as props, and attachPermissions and bind as methods", () => {
    const fn = stack.standalone;
    assertStatements(fn, [
      XRAY,
      allow("sns:*", { Ref: idOf(r.topic) }),
      allow("events:*", arn(r.bus)),
      allow("secretsmanager:*", { Ref: idOf(r.secret) }),
      allow(["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"], arn(r.queue)),
      allow("ssm:*", ssmArn(r.parameter)),
    ]);
    assert.deepEqual(envOf(fn), {
      SST_EventBus_eventBusName_Bus: { Ref: idOf(r.bus) },
      SST_Parameter_parameterName_Config: { Ref: idOf(r.parameter) },
    });
  });

  it("attachPermissions(\"*\") on a Function", () => {
    const s = freshStack();
    const fn = new Function(s, "Fn", { handler: HANDLER });
    fn.attachPermissions("*");
    fn.attachPermissions(["*"]);
    const policies = Object.values(resourcesOf(Template.fromStack(s), "AWS::IAM::Policy"));
    const statements = policies.flatMap((p) => p.Properties!.PolicyDocument.Statement);
    assert.deepEqual(statements, [XRAY, allow("*", "*")]);
  });

  it("accepts an iam.PolicyStatement and a grant together", () => {
    const s = freshStack();
    const bucket = new s3.Bucket(s, "Bucket");
    const fn = new Function(s, "Fn", { handler: HANDLER, tracing: "disabled" });
    fn.attachPermissions([
      new iam.PolicyStatement({ actions: ["s3:PutObject"], resources: [bucket.arnForObjects("in/*")] }),
      Permission.grant(bucket, "grantDelete"),
    ]);
    const t = Template.fromStack(s);
    const statements = Object.values(resourcesOf(t, "AWS::IAM::Policy")).flatMap((p) => p.Properties!.PolicyDocument.Statement);
    const bucketArn = { "Fn::GetAtt": [cdk.Stack.of(bucket).getLogicalId(bucket.node.defaultChild as cdk.CfnElement), "Arn"] };
    assert.deepEqual(statements, [
      allow("s3:PutObject", { "Fn::Join": ["", [bucketArn, "/in/*"]] }),
      allow("s3:DeleteObject*", { "Fn::Join": ["", [bucketArn, "/*"]] }),
    ]);
  });
});

// ---- least privilege over the whole test app -------------------------------------------------

/** Statements whose Resource is "*" or contains "*" as a whole resource, as "{function or role}: actions". */
function wildcardStatements(s: cdk.Stack): string[] {
  const t = Template.fromStack(s).toJSON();
  const resources = t.Resources as Record<string, { Type: string; Properties?: any }>;
  const fnByRole = new Map<string, string>();
  for (const [id, res] of Object.entries(resources)) {
    if (res.Type === "AWS::Lambda::Function") {
      fnByRole.set(res.Properties.Role["Fn::GetAtt"][0], id);
    }
  }
  const owner = (roleId: string) => fnByRole.get(roleId) ?? `role ${roleId}`;
  const found: string[] = [];
  const collect = (who: string, statements: any[]) => {
    for (const st of statements) {
      if ([st.Resource].flat().includes("*")) {
        found.push(`${s.stackName}/${who}: ${st.Effect} ${[st.Action].flat().join(",")}`);
      }
    }
  };
  for (const [id, res] of Object.entries(resources)) {
    if (res.Type === "AWS::IAM::Policy" || res.Type === "AWS::IAM::ManagedPolicy") {
      const roles = (res.Properties.Roles ?? []) as Array<{ Ref: string }>;
      const who = roles.length > 0 ? roles.map((role) => owner(role.Ref)).join("+") : id;
      collect(who, res.Properties.PolicyDocument.Statement);
    }
    if (res.Type === "AWS::IAM::Role") {
      for (const policy of res.Properties.Policies ?? []) {
        collect(owner(id), policy.PolicyDocument.Statement);
      }
    }
  }
  return found;
}

describe("least privilege", () => {
  it('lists every statement on Resource "*" in the test app, each with a reason', () => {
    const stacks = Object.values(app) as cdk.Stack[];
    const found = stacks.flatMap(wildcardStatements).map((line) => line.replace(/[0-9A-F]{8}(?=[:+])/g, ""));
    const XRAY_ACTIONS = "Allow xray:PutTraceSegments,xray:PutTelemetryRecords";
    // X-Ray tracing ("active" by default, as in SST): these two actions take no resource.
    const tracing = [
      "Routes/Chatconnect",
      "Routes/Chatdisconnect",
      "Routes/ChatsendMessage",
      "Routes/Chatdefault",
      "Routes/Shared",
      "Runtimes/Runtimesplain",
      "Runtimes/Runtimespython",
      "Runtimes/Runtimesrust",
      "CrossApi/Apiconnect",
      "CrossRoutes/later",
      "Imported/Renameddefault",
      "Imported/IntoImportedApidefault",
      "Imported/IntoImportedStagedefault",
      "Permissions/Vocabularystar",
      "Permissions/Vocabularyservice",
      "Permissions/Vocabularyaction",
      "Permissions/Vocabularyconstructs",
      "Permissions/Vocabularygrant",
      "Permissions/Vocabularystatement",
      "Permissions/Mergedinherits",
      "Permissions/Mergedadds",
      "Permissions/Mergedstar",
      "Permissions/DefaultsStarroute",
      "Permissions/Scopedfirst",
      "Permissions/Scopedsecond",
      "Permissions/third",
      "Permissions/Standalone",
      "Binding/Bounddefault",
      "Binding/Standalone",
      "Domain/ByNamedefault",
      "Authorizer/AuthorizerFn",
      "Authorizer/Handler",
      // The JWT stack's route handler, and the $connect the construct adds for subprotocol tokens
      // (the prebuilt JWT authorizer itself is not traced and grants nothing on *).
      "Jwt/Handler",
      "Jwt/Subprotocolconnect",
    ].map((fn) => `${fn}: ${XRAY_ACTIONS}`);
    const onPurpose = [
      // CrossApi attaches "sqs:SendMessage" (an action: every resource) to all routes.
      "CrossApi/Apiconnect: Allow sqs:SendMessage",
      "CrossRoutes/later: Allow sqs:SendMessage",
      // The permissions stack's vocabulary and defaults.function routes.
      "Permissions/Vocabularystar: Allow *",
      "Permissions/Vocabularyservice: Allow s3:*",
      "Permissions/Vocabularyaction: Allow s3:GetObject",
      "Permissions/Mergedinherits: Allow sqs:SendMessage",
      "Permissions/Mergedadds: Allow sqs:SendMessage",
      "Permissions/Mergedadds: Allow sns:Publish",
      "Permissions/Mergedstar: Allow *",
      "Permissions/DefaultsStarroute: Allow *",
    ];
    assert.deepEqual(found.slice().sort(), [...tracing, ...onPurpose].sort());
    assert.equal(found.length, 44);
  });
});
