// cdk.id, cdk.webSocketApi and cdk.webSocketStage, as props and as imported constructs (issue 2).
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as cdk from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { resourcesOf, testApp } from "./support";

const stack = testApp().imported;
const template = Template.fromStack(stack);

describe("cdk overrides", () => {
  it("uses cdk.id as the construct id while id stays what was passed", () => {
    assert.equal(stack.withProps.node.id, "Renamed");
    assert.equal(stack.withProps.id, "WithProps");
  });

  it("passes cdk.webSocketApi and cdk.webSocketStage props to the API and stage it creates", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Api", { Name: "custom-name", Description: "from cdk.webSocketApi" });
    template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "live",
      AutoDeploy: false,
      Description: "from cdk.webSocketStage",
    });
    template.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
  });

  it("adds routes and a stage to an imported API", () => {
    const routes = Object.values(resourcesOf(template, "AWS::ApiGatewayV2::Route")).map((r) => r.Properties!.ApiId);
    assert.deepEqual(routes.filter((id) => id === "abc123").length, 1);
    template.hasResourceProperties("AWS::ApiGatewayV2::Stage", { ApiId: "abc123", StageName: "default" });
    assert.equal(stack.intoImportedApi.cdk.webSocketApi.apiId, "abc123");
  });

  it("adds only routes to an imported API and stage, with urls built from them", () => {
    const stages = Object.values(resourcesOf(template, "AWS::ApiGatewayV2::Stage")).map((r) => r.Properties!.ApiId);
    assert.ok(!stages.includes("def456"), "no stage is created for an imported stage");
    const routes = Object.values(resourcesOf(template, "AWS::ApiGatewayV2::Route")).map((r) => r.Properties!.ApiId);
    assert.equal(routes.filter((id) => id === "def456").length, 1);
    const url = stack.resolve(stack.intoImportedStage.url);
    assert.deepEqual(url["Fn::Join"][1], ["wss://def456.execute-api.us-east-1.", { Ref: "AWS::URLSuffix" }, "/prod"]);
    const management = cdk.Stack.of(stack).resolve(stack.intoImportedStage.managementEndpoint);
    assert.equal(management["Fn::Join"][1][0], "https://def456.execute-api.us-east-1.");
  });
});
