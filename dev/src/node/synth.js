// `dev`'s warm synthesizer: runs a TypeScript CDK app (an app model's generated app) in this
// long-lived process instead of `cdk synth` starting the CDK CLI, `tsx` and aws-cdk-lib afresh
// for every save. aws-cdk-lib, the construct library and tsx stay loaded; the app's own modules
// (its folder, outside node_modules) are loaded again each time. The app gets what the CDK CLI
// gives it: CDK_OUTDIR and the context of cdk.json and cdk.context.json with the CLI's defaults.
// One JSON request a line on stdin, one answer a line on stdout:
//   {dir, entry, outdir?} -> {ok: true, outdir} | {ok: false, error}
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const readline = require("node:readline");

let tsxLoaded = false;

// The app's own output goes to stderr, so that stdout carries only answers.
const answer = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr);

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return {};
  }
}

function synth({ dir, entry, outdir: given }) {
  if (!tsxLoaded) {
    require(require.resolve("tsx/cjs", { paths: [dir] }));
    tsxLoaded = true;
  }
  const config = readJson(path.join(dir, "cdk.json"));
  const outdir = path.resolve(dir, given || config.output || "cdk.out");
  // As the CDK CLI ranks them: cdk.json's context over cdk.context.json's.
  const context = {
    ...readJson(path.join(dir, "cdk.context.json")),
    ...(config.context || {}),
    // The CDK CLI's defaults (contextFromSettings): dev reads asset and path metadata.
    "aws:cdk:enable-path-metadata": true,
    "aws:cdk:enable-asset-metadata": true,
    "aws:cdk:version-reporting": true,
    "aws:cdk:bundling-stacks": ["**"],
  };
  // CDK keeps staged assets by source path and options for the life of a process (`cdk synth`
  // is a new process each time): forgotten, so that a changed folder is fingerprinted again.
  require(require.resolve("aws-cdk-lib", { paths: [dir] })).AssetStaging.clearAssetHashCache();
  for (const file of Object.keys(require.cache)) {
    if (file.startsWith(dir + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`)) {
      delete require.cache[file];
    }
  }
  fs.mkdirSync(outdir, { recursive: true });
  process.env.CDK_OUTDIR = outdir;
  process.env.CDK_CONTEXT_JSON = JSON.stringify(context);
  const cwd = process.cwd();
  process.chdir(dir);
  // An App synthesizes when its process is about to exit; this one does not exit, so the
  // listeners the app adds are called here, once.
  const before = new Set(process.listeners("beforeExit"));
  try {
    require(path.resolve(dir, entry));
    for (const listener of process.listeners("beforeExit").filter((l) => !before.has(l))) {
      process.removeListener("beforeExit", listener);
      listener(0);
    }
  } finally {
    for (const listener of process.listeners("beforeExit").filter((l) => !before.has(l))) {
      process.removeListener("beforeExit", listener);
    }
    process.chdir(cwd);
  }
  return outdir;
}

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  if (line.trim() === "") return;
  let result;
  try {
    result = { ok: true, outdir: synth(JSON.parse(line)) };
  } catch (e) {
    result = { ok: false, error: (e && e.stack) || String(e) };
  }
  answer(JSON.stringify(result) + "\n");
});
process.stdin.on("end", () => process.exit(0));
