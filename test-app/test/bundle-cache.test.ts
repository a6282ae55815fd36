// The bundle cache between synths: a synth with unchanged handlers takes their bundles from it,
// and a change to anything a bundle was built from (an imported module, a new file that an import
// now resolves to, a package's package.json) is in the next synth's asset.
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as cdk from "aws-cdk-lib";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { WebSocketApi } from "@cdk-from-rust/websocket-api";
import { ENV } from "./support";

let work: string;
let srcPath: string;
let cache: string;

/** Synthesizes an API of two routes (bundled in one build) and returns each route's bundle. */
function synthBundles(): { greet: string; other: string } {
  // CDK keeps staged assets by bundling options for the life of the process; a `cdk synth` is a
  // fresh process, so each synth here starts without them.
  cdk.AssetStaging.clearAssetHashCache();
  const app = new cdk.App({ outdir: fs.mkdtempSync(path.join(work, "cdk.out-")) });
  const stack = new cdk.Stack(app, "Cache", { env: ENV });
  new WebSocketApi(stack, "Api", { routes: { greet: { function: { handler: "greet.main", srcPath } }, other: { function: { handler: "other.main", srcPath } } } });
  const assembly = app.synth();
  const template = assembly.getStackByName("Cache").template;
  const bundleOf = (prefix: string): string => {
    const [, fn] = Object.entries(template.Resources).find(
      ([id, r]: [string, any]) => id.startsWith(prefix) && r.Type === "AWS::Lambda::Function",
    ) as [string, any];
    const hash = (fn.Properties.Code.S3Key as string).replace(/\.zip$/, "");
    return fs.readFileSync(path.join(assembly.directory, `asset.${hash}`, "index.js"), "utf8");
  };
  return { greet: bundleOf("Apigreet"), other: bundleOf("Apiother") };
}

function write(file: string, content: string): void {
  fs.mkdirSync(path.dirname(path.join(srcPath, file)), { recursive: true });
  fs.writeFileSync(path.join(srcPath, file), content);
}

describe("The bundle cache", () => {
  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-cache-"));
    srcPath = path.join(work, "src");
    cache = path.join(work, "cache");
    process.env.CDK_FROM_RUST_BUNDLE_CACHE = cache;
    write("greet.ts", 'import { greeting } from "./greeting";\nimport { suffix } from "dep";\nexport const main = async () => greeting + suffix;\n');
    write("greeting.js", 'export const greeting = "hello from js";\n');
    write("other.ts", 'export const main = async () => "other handler";\n');
    write("node_modules/dep/package.json", '{ "name": "dep", "main": "one.js" }\n');
    write("node_modules/dep/one.js", 'exports.suffix = "suffix one";\n');
    write("node_modules/dep/two.js", 'exports.suffix = "suffix two";\n');
  });
  after(() => {
    delete process.env.CDK_FROM_RUST_BUNDLE_CACHE;
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("serves a second synth with unchanged handlers from the cache", () => {
    const first = synthBundles();
    assert.match(first.greet, /hello from js/);
    assert.match(first.greet, /suffix one/);
    // Marks every cached bundle: a synth that took them from the cache shows the mark.
    const entries = fs.readdirSync(cache, { recursive: true }).map(String).filter((f) => f.endsWith(".json"));
    assert.equal(entries.length, 2, entries.join(", "));
    for (const entry of entries) {
      const file = path.join(cache, entry);
      const cached = JSON.parse(fs.readFileSync(file, "utf8"));
      fs.writeFileSync(file, JSON.stringify({ ...cached, code: `${cached.code}/*from the cache*/` }));
    }
    const second = synthBundles();
    assert.match(second.greet, /from the cache/);
    assert.match(second.other, /from the cache/);
  });

  it("rebuilds a bundle whose imported module changed, and only that one", () => {
    write("greeting.js", 'export const greeting = "changed greeting";\n');
    const bundles = synthBundles();
    assert.match(bundles.greet, /changed greeting/);
    assert.doesNotMatch(bundles.greet, /hello from js|from the cache/);
    assert.match(bundles.other, /from the cache/, "a bundle that does not import the module is still served");
  });

  it("rebuilds a bundle when a new file changes what an import resolves to", () => {
    // esbuild prefers greeting.ts to greeting.js; neither greet.ts nor greeting.js changes.
    write("greeting.ts", 'export const greeting = "greeting from ts";\n');
    assert.match(synthBundles().greet, /greeting from ts/);
  });

  it("rebuilds a bundle when a package's package.json points elsewhere", () => {
    write("node_modules/dep/package.json", '{ "name": "dep", "main": "two.js" }\n');
    const bundle = synthBundles().greet;
    assert.match(bundle, /suffix two/);
    assert.doesNotMatch(bundle, /suffix one/);
  });
});
