// Shared helpers of the template tests: in-process synthesis with the same app the CLI
// synthesizes, and small readers of templates.
import * as cdk from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildApp, TestApp } from "../lib/app";
import { ENV } from "../lib/env";

export { ENV };

let built: TestApp | undefined;

/** The test app's stacks, built once per test file, in-process. */
export function testApp(): TestApp {
  built ??= buildApp(new cdk.App());
  return built;
}

/** A fresh stack in a fresh app, for tests that build their own API. */
export function freshStack(context: Record<string, unknown> = {}): cdk.Stack {
  const app = new cdk.App({ context });
  return new cdk.Stack(app, "Test", { env: ENV });
}

/** Asserts that `build` throws an error whose message is exactly `message`. */
export function throwsExactly(build: () => unknown, message: string): void {
  assert.throws(build, (e: Error) => {
    assert.equal(e.message, message);
    return true;
  });
}

/** Runs `build` as if under a jsii host of `agent` (the kernel sets JSII_AGENT). */
export function under<T>(agent: string, build: () => T): T {
  process.env.JSII_AGENT = agent;
  try {
    return build();
  } finally {
    delete process.env.JSII_AGENT;
  }
}

export type Resource = { Type: string; Properties?: Record<string, any>; DependsOn?: string[]; DeletionPolicy?: string };

/** Resources of one CloudFormation type, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

/** The one resource of a type whose logical id starts with `prefix`. */
export function resource(template: Template, type: string, prefix: string): [string, Resource] {
  const found = Object.entries(resourcesOf(template, type)).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) {
    throw new Error(`expected one ${type} starting with ${prefix}, found ${found.map(([id]) => id).join(", ") || "none"}`);
  }
  return found[0];
}

/** The statements of the default policy of the role of a function (by logical id prefix). */
export function statementsOf(template: Template, functionPrefix: string): any[] {
  const [, fn] = resource(template, "AWS::Lambda::Function", functionPrefix);
  const roleId = fn.Properties!.Role["Fn::GetAtt"][0] as string;
  const policies = Object.values(resourcesOf(template, "AWS::IAM::Policy")).filter((p) =>
    (p.Properties!.Roles as any[]).some((r) => r.Ref === roleId),
  );
  return policies.flatMap((p) => p.Properties!.PolicyDocument.Statement);
}

/** Statements of a function that grant a given action. */
export function statementsWith(template: Template, functionPrefix: string, action: string): any[] {
  return statementsOf(template, functionPrefix).filter((s) => [s.Action].flat().includes(action));
}

/** The templates `cdk synth` wrote (the test command runs the CLI before the tests). */
export function cliTemplate(stack: string): any {
  const file = path.join(__dirname, "..", "cdk.out", `${stack}.template.json`);
  return JSON.parse(fs.readFileSync(file, "utf8"));
}
