// The construct's side of the differential test (codegen/tests/differential.rs): every case of
// codegen/tests/fixtures/differential/cases.json becomes the props a CDK user would write (resource
// ids as constructs, grants as Permission.grant, an authorizer's handler as a Function), and
// `new WebSocketApi` either accepts it or throws. Prints one JSON line per case:
// `{ "name": ..., "verdict": "accepted" | <the error message> }`.
import * as cdk from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as sns from "aws-cdk-lib/aws-sns";
import * as sqs from "aws-cdk-lib/aws-sqs";
import * as fs from "node:fs";
import * as path from "node:path";
import { Function, Permission, WebSocketApi } from "@cdk-from-rust/websocket-api";

type Data = null | boolean | number | string | Data[] | { [key: string]: Data };
type Case = { name: string; api: { [key: string]: Data }; resources?: { [id: string]: { type: string; partitionKey?: { name: string } } } };

const root = path.resolve(__dirname, "../../..");
const { cases } = JSON.parse(fs.readFileSync(path.join(root, "codegen/tests/fixtures/differential/cases.json"), "utf8")) as { cases: Case[] };
// Handler paths of the cases are relative to examples/minimal, as in its model.
process.chdir(path.join(root, "examples/minimal"));

const ENV = { account: "123456789012", region: "us-east-1" };
const CONTEXT = { "hosted-zone:account=123456789012:domainName=example.com:region=us-east-1": { Id: "/hostedzone/Z0EXAMPLE", Name: "example.com." } };

function resource(stack: cdk.Stack, id: string, type: string, key?: { name: string }): object {
  switch (type) {
    case "bucket":
      return new s3.Bucket(stack, id);
    case "queue":
      return new sqs.Queue(stack, id);
    case "topic":
      return new sns.Topic(stack, id);
    default:
      return new dynamodb.Table(stack, id, { partitionKey: { name: key!.name, type: dynamodb.AttributeType.STRING } });
  }
}

/** Data as the construct takes it, by the same rules as the generated apps (codegen/src/app/code.rs). */
function props(value: Data, key: string, stack: cdk.Stack, resources: Map<string, object>): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => {
      if (key === "bind" && typeof item === "string") {
        return resources.get(item);
      }
      if (key === "permissions" && typeof item === "object" && item !== null && !Array.isArray(item)) {
        const construct = resources.get(item.resource as string) as never;
        return item.grant === undefined ? construct : Permission.grant(construct, item.grant as string);
      }
      return props(item, key, stack, resources);
    });
  }
  if (typeof value !== "object" || value === null) {
    return value;
  }
  const out: { [key: string]: unknown } = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      key === "authorizer" && k === "function" && typeof v === "string"
        ? new Function(stack, "ApiAuthorizerFunction", { handler: v })
        : props(v, k, stack, resources);
  }
  return out;
}

for (const c of cases) {
  let verdict = "accepted";
  try {
    const app = new cdk.App({ context: CONTEXT });
    const stack = new cdk.Stack(app, "Diff", { env: ENV });
    const resources = new Map(Object.entries(c.resources ?? {}).map(([id, r]) => [id, resource(stack, id, r.type, r.partitionKey)]));
    new WebSocketApi(stack, "Api", props(c.api, "", stack, resources) as never);
    app.synth();
  } catch (e) {
    verdict = e instanceof Error ? e.message : String(e);
  }
  console.log(JSON.stringify({ name: c.name, verdict }));
}
