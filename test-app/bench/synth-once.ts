// One measured synthesis, in a process of its own so that no in-process cache carries over:
// `synth-once.ts construct|l2|nodejs|floor ROUTES OUTDIR` prints {"ms", "rssMiB", "phases"} on
// its last line: synth time after imports, the process's peak resident memory, and where the
// time went (construct, validator build, validation, rest of synth; milliseconds).
import * as cdk from "aws-cdk-lib";
import * as path from "node:path";
import { ScaleStack } from "../lib/scale-stack";
import { L2ScaleStack } from "./l2-stack";
import { FloorStack, NodejsScaleStack } from "./nodejs-stack";

// aws-cdk-lib builds its template validator once a process, at the first synth (about 2 s, the
// same work for every app, and the noisiest part of each time), then validates every template.
// Both are timed apart by wrapping the plugin's (private) methods: a diagnostic for this pinned
// aws-cdk-lib, which changes no result.
const timed = { engine: 0, validation: 0 };
const Validator = require(path.join(path.dirname(require.resolve("aws-cdk-lib")), "core/lib/validation/cloudformation-validate-plugin.js")).CloudFormationValidatePlugin;
const wrap = (owner: any, method: string, phase: keyof typeof timed): void => {
  const original = owner[method];
  owner[method] = function (this: unknown, ...args: unknown[]) {
    const start = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      timed[phase] += performance.now() - start;
    }
  };
};
wrap(Validator, "_singletonInstance", "engine");
wrap(Validator.prototype, "validate", "validation");

const [kind, routes, outdir] = process.argv.slice(2);
const started = process.hrtime.bigint();
const startedAt = performance.now();
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
const built = performance.now();
app.synth();
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const phases = {
  construct: built - startedAt,
  engine: timed.engine,
  validation: timed.validation,
  rest: startedAt + ms - built - timed.engine - timed.validation,
};
console.log(JSON.stringify({ ms, rssMiB: process.resourceUsage().maxRSS / 1024, phases }));
