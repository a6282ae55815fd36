// One measured synthesis, in a process of its own so that no in-process cache carries over:
// `synth-once.ts construct|l2|nodejs|floor ROUTES OUTDIR` prints {"ms", "rssMiB"} on its last
// line: synth time after imports, and the process's peak resident memory.
import * as cdk from "aws-cdk-lib";
import { ScaleStack } from "../lib/scale-stack";
import { L2ScaleStack } from "./l2-stack";
import { FloorStack, NodejsScaleStack } from "./nodejs-stack";

const [kind, routes, outdir] = process.argv.slice(2);
const started = process.hrtime.bigint();
const app = new cdk.App({ outdir });
if (kind === "construct") {
  new ScaleStack(app, "Scale", Number(routes));
} else if (kind === "l2") {
  new L2ScaleStack(app, "Scale", Number(routes));
} else if (kind === "nodejs") {
  new NodejsScaleStack(app, "Scale", Number(routes));
} else if (kind === "floor") {
  new FloorStack(app, "Scale");
} else {
  throw new Error(`Unknown kind "${kind}": use construct, l2, nodejs or floor.`);
}
app.synth();
const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log(JSON.stringify({ ms, rssMiB: process.resourceUsage().maxRSS / 1024 }));
