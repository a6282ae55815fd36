// An API with as many routes as API Gateway allows (300), each with its own handler. Its
// handler files are written at synth time, under .tmp/, so that the repository does not
// carry 300 copies of one line.
import * as cdk from "aws-cdk-lib";
import * as fs from "node:fs";
import * as path from "node:path";
import { Construct } from "constructs";
import { WebSocketApi } from "@cdk-from-rust/websocket-api";
import { ENV } from "./env";

/** Writes `count` distinct handlers and returns the folder (srcPath) that holds them. */
export function writeScaleHandlers(count: number): string {
  const dir = path.resolve(__dirname, "..", ".tmp", "scale-handlers");
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `route${i}.ts`);
    const source = `export const main = async () => ({ statusCode: 200, body: "route ${i}" });\n`;
    if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== source) {
      fs.writeFileSync(file, source);
    }
  }
  return dir;
}

export class ScaleStack extends cdk.Stack {
  public readonly api: WebSocketApi;

  constructor(scope: Construct, id: string, routeCount = 300) {
    super(scope, id, { env: ENV });
    const srcPath = writeScaleHandlers(routeCount);
    const routes: { [key: string]: { function: { handler: string; srcPath: string } } } = {};
    for (let i = 0; i < routeCount; i++) {
      routes[`route${i}`] = { function: { handler: `route${i}.main`, srcPath } };
    }
    this.api = new WebSocketApi(this, "Scale", { routes });
  }
}
