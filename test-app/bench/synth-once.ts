// One measured synthesis, in a process of its own so that no cache carries over:
// `synth-once.ts construct|l2 ROUTES OUTDIR` prints {"ms": ...} on its last line.
import * as cdk from "aws-cdk-lib";
import { ScaleStack } from "../lib/scale-stack";
import { L2ScaleStack } from "./l2-stack";

const [kind, routes, outdir] = process.argv.slice(2);
const started = process.hrtime.bigint();
const app = new cdk.App({ outdir });
if (kind === "construct") {
  new ScaleStack(app, "Scale", Number(routes));
} else {
  new L2ScaleStack(app, "Scale", Number(routes));
}
app.synth();
console.log(JSON.stringify({ ms: Number(process.hrtime.bigint() - started) / 1e6 }));
