// A CDK app in eu-west-1 (account 111122223333) synthesized the way a script or a test does it,
// with `app.synth()` and no CDK CLI: its assembly has no aws:asset:path metadata, so `dev` finds
// the handlers' code through the stack's asset manifest. A table, written and read by a Node
// handler (AWS SDK v3) and a Python one (boto3). Usage: tsx app.ts OUTDIR
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import * as cdk from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import { WebSocketLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = process.argv[2];
if (!outdir) throw new Error("usage: tsx app.ts OUTDIR");
const app = new cdk.App({ outdir });
const stack = new cdk.Stack(app, "Regional", { env: { account: "111122223333", region: "eu-west-1" } });
const table = new dynamodb.Table(stack, "Items", { partitionKey: { name: "id", type: dynamodb.AttributeType.STRING } });
const code = lambda.Code.fromAsset(path.join(here, "handlers"));
const environment = { TABLE_NAME: table.tableName, TABLE_ARN: table.tableArn };
const node = new lambda.Function(stack, "NodeItems", { runtime: lambda.Runtime.NODEJS_22_X, handler: "items.handler", code, environment });
const py = new lambda.Function(stack, "PyItems", { runtime: lambda.Runtime.PYTHON_3_12, handler: "items.handler", code, environment });
table.grantReadWriteData(node);
table.grantReadWriteData(py);
const api = new apigwv2.WebSocketApi(stack, "Api");
new apigwv2.WebSocketStage(stack, "Stage", { webSocketApi: api, stageName: "dev", autoDeploy: true });
api.addRoute("node", { integration: new WebSocketLambdaIntegration("Node", node), returnResponse: true });
api.addRoute("py", { integration: new WebSocketLambdaIntegration("Py", py), returnResponse: true });
app.synth();
