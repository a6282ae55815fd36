// The hand-written equivalent of ScaleStack on aws-cdk-lib's own L2 constructs: one
// lambda.Function per route, packaged exactly as our Function packages Node handlers
// (esbuild-wasm, minified, one index.js), a WebSocketLambdaIntegration per route, and the
// same ManageConnections statement, and routes spread over nested stacks as WebSocketApi
// spreads them (CDK refuses a stack of more than 500 resources). It is what a user writes
// without this library.
import * as cdk from "aws-cdk-lib";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import * as integrations from "aws-cdk-lib/aws-apigatewayv2-integrations";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import * as esbuild from "esbuild-wasm";
import * as path from "node:path";
import { Construct } from "constructs";
import { ENV } from "../lib/env";
import { writeScaleHandlers } from "../lib/scale-stack";

function bundledCode(srcPath: string, file: string): lambda.Code {
  return lambda.Code.fromAsset(srcPath, {
    assetHashType: cdk.AssetHashType.OUTPUT,
    bundling: {
      image: cdk.DockerImage.fromRegistry("local-bundling-only"),
      command: ["esbuild", file],
      local: {
        tryBundle(outputDir: string): boolean {
          esbuild.buildSync({
            entryPoints: [path.join(srcPath, file)],
            absWorkingDir: srcPath,
            bundle: true,
            platform: "node",
            format: "cjs",
            target: "node22",
            outfile: path.join(outputDir, "index.js"),
            external: ["@aws-sdk/*"],
            minify: true,
            logLevel: "silent",
          });
          return true;
        },
      },
    },
  });
}

export class L2ScaleStack extends cdk.Stack {
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
      const fn = new lambda.Function(routeScope, `route${i}`, {
        runtime: lambda.Runtime.NODEJS_22_X,
        handler: "index.main",
        code: bundledCode(srcPath, `route${i}.ts`),
        timeout: cdk.Duration.seconds(10),
        memorySize: 1024,
        tracing: lambda.Tracing.ACTIVE,
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
