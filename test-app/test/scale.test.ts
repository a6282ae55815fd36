// 300 routes with distinct handlers in one WebSocketApi deploy: every template stays under
// CloudFormation's 500 resources and 1 MB, with SST's one-function-per-route semantics (issue 8).
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as fs from "node:fs";
import * as path from "node:path";
import * as cdk from "aws-cdk-lib";
import { ScaleStack } from "../lib/scale-stack";

const app = new cdk.App();
const stack = new ScaleStack(app, "Scale");
stack.api.attachPermissionsToRoute("route250", ["sqs:SendMessage"]);
const assembly = app.synth();
const templates = fs
  .readdirSync(assembly.directory)
  .filter((f) => f.endsWith(".template.json"))
  .map((f) => ({ file: f, path: path.join(assembly.directory, f), json: JSON.parse(fs.readFileSync(path.join(assembly.directory, f), "utf8")) }));

function count(type: string): number {
  return templates.reduce((n, t) => n + Object.values<any>(t.json.Resources).filter((r) => r.Type === type).length, 0);
}

describe("300 routes", () => {
  it("keeps every template under 500 resources and 1 MB", () => {
    assert.ok(templates.length > 1, "routes spread over nested stacks");
    for (const t of templates) {
      const resources = Object.keys(t.json.Resources).length;
      assert.ok(resources < 500, `${t.file}: ${resources} resources`);
      assert.ok(fs.statSync(t.path).size < 1024 * 1024, `${t.file}: ${fs.statSync(t.path).size} bytes`);
    }
  });

  it("creates one function, route, integration and invoke permission per route", () => {
    assert.equal(stack.api.routes.length, 300);
    assert.equal(count("AWS::ApiGatewayV2::Route"), 300);
    assert.equal(count("AWS::ApiGatewayV2::Integration"), 300);
    assert.equal(count("AWS::Lambda::Function"), 300);
    assert.equal(count("AWS::Lambda::Permission"), 300);
  });

  it("keeps the first 40 routes in the API's own stack, so small APIs keep their logical ids", () => {
    const parent = templates.find((t) => t.file === "Scale.template.json")!;
    const routes = Object.values<any>(parent.json.Resources).filter((r) => r.Type === "AWS::ApiGatewayV2::Route");
    assert.equal(routes.length, 40);
    assert.equal(stack.api.getFunction("route0")!.stack, stack);
    assert.ok(stack.api.getFunction("route299")!.stack.nested);
  });

  it("scopes per-route permissions to that route's function, in whichever stack it is", () => {
    const withSqs = templates.flatMap((t) =>
      Object.values<any>(t.json.Resources).filter(
        (r) => r.Type === "AWS::IAM::Policy" && JSON.stringify(r.Properties.PolicyDocument).includes("sqs:SendMessage"),
      ),
    );
    assert.equal(withSqs.length, 1);
    const nested = templates.filter((t) => t.file !== "Scale.template.json");
    const manage = nested.flatMap((t) =>
      Object.values<any>(t.json.Resources).filter(
        (r) => r.Type === "AWS::IAM::Policy" && JSON.stringify(r.Properties.PolicyDocument).includes("execute-api:ManageConnections"),
      ),
    );
    assert.equal(manage.length, 260, "every nested route may manage connections");
  });
});
