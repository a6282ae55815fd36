// The peer of the benchmark: what a CDK user writes instead of WebSocketApi, aws-cdk-lib's
// NodejsFunction (local bundling with the native esbuild from npm, minified) and a
// WebSocketLambdaIntegration per route, each route beside its function, in nested stacks past
// the first 40 routes as in L2ScaleStack (CloudFormation refuses a stack of more than 500
// resources). Same handlers, settings and ManageConnections statement as ScaleStack.
import * as cdk from "aws-cdk-lib";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import * as integrations from "aws-cdk-lib/aws-apigatewayv2-integrations";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import * as path from "node:path";
import { Construct } from "constructs";
import { ENV } from "../lib/env";
import { writeScaleHandlers } from "../lib/scale-stack";

export class NodejsScaleStack extends cdk.Stack {
  constructor(scope: Construct, id: string, routeCount: number) {
    super(scope, id, { env: ENV });
    const srcPath = writeScaleHandlers(routeCount);
    const api = new apigwv2.WebSocketApi(this, "Api", { apiName: `${this.stackName}-Scale` });
    const stage = new apigwv2.WebSocketStage(this, "Stage", { webSocketApi: api, stageName: "default", autoDeploy: true });
    const logGroup = new logs.LogGroup(this, "LogGroup");
    (stage.node.defaultChild as apigwv2.CfnStage).accessLogSettings = {
      destinationArn: logGroup.logGroupArn,
      format: "$context.requestId",
    };
    const manage = new iam.PolicyStatement({
      actions: ["execute-api:ManageConnections"],
      resources: [this.formatArn({ service: "execute-api", resource: api.apiId, resourceName: "default/*/@connections/*" })],
    });
    for (let i = 0; i < routeCount; i++) {
      const routeScope = i < 40 ? this : this.routesStack(`Routes${Math.floor((i - 40) / 60) + 1}`);
      const fn = new nodejs.NodejsFunction(routeScope, `route${i}`, {
        entry: path.join(srcPath, `route${i}.ts`),
        handler: "main",
        runtime: lambda.Runtime.NODEJS_22_X,
        timeout: cdk.Duration.seconds(10),
        memorySize: 1024,
        tracing: lambda.Tracing.ACTIVE,
        bundling: { minify: true },
      });
      fn.addToRolePolicy(manage);
      new apigwv2.WebSocketRoute(routeScope, `Route_route${i}`, {
        webSocketApi: api,
        routeKey: `route${i}`,
        integration: new integrations.WebSocketLambdaIntegration(`Integration_route${i}`, fn),
      });
    }
  }

  private routesStack(id: string): Construct {
    return (this.node.tryFindChild(id) as Construct | undefined) ?? new cdk.NestedStack(this, id);
  }
}

/** The floor: an aws-cdk-lib WebSocket API and stage with no routes, nothing to bundle. */
export class FloorStack extends cdk.Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    const api = new apigwv2.WebSocketApi(this, "Api", { apiName: `${this.stackName}-Scale` });
    new apigwv2.WebSocketStage(this, "Stage", { webSocketApi: api, stageName: "default", autoDeploy: true });
  }
}
