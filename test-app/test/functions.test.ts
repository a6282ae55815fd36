// How Function packages each runtime, read from the templates and assets the CDK CLI wrote
// to cdk.out (the test command runs `cdk synth` first).
import * as cdk from "aws-cdk-lib";
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { cliTemplate } from "./support";

const cdkOut = path.join(__dirname, "..", "cdk.out");

function fn(stack: string, prefix: string): any {
  const template = cliTemplate(stack);
  const found = Object.entries(template.Resources).filter(
    ([id, r]: [string, any]) => id.startsWith(prefix) && r.Type === "AWS::Lambda::Function",
  );
  assert.equal(found.length, 1, `${stack}/${prefix}`);
  return (found[0][1] as any).Properties;
}

/** The staged folder of a function's code asset. */
function assetDir(props: any): string {
  const hash = (props.Code.S3Key as string).replace(/\.zip$/, "");
  return path.join(cdkOut, `asset.${hash}`);
}

describe("Node handlers", () => {
  it("are bundled by esbuild into one index.js that inlines local imports", () => {
    const props = fn("Routes", "ChatsendMessage");
    assert.equal(props.Handler, "index.main");
    assert.equal(props.Runtime, "nodejs22.x");
    const dir = assetDir(props);
    assert.deepEqual(fs.readdirSync(dir), ["index.js"]);
    const bundle = fs.readFileSync(path.join(dir, "index.js"), "utf8");
    assert.match(bundle, /`hello \$\{\w+\}`/, "the imported helper is inlined");
    assert.doesNotMatch(bundle, /handlers\/node/, "minified: no source paths");
    assert.doesNotMatch(bundle, /require\("\.\/shared\/greeting"\)/);
  });

  it("are staged under the hash CDK gives the folder, with CDK's asset metadata", () => {
    const template = cliTemplate("Routes");
    const resource: any = Object.entries(template.Resources).find(
      ([id, r]: [string, any]) => id.startsWith("ChatsendMessage") && r.Type === "AWS::Lambda::Function",
    )![1];
    const dir = assetDir(resource.Properties);
    // What Code.fromAsset with AssetHashType.OUTPUT computes for the bundle's folder.
    const expected = cdk.FileSystem.fingerprint(dir, { exclude: [".is_custom_resource"] });
    assert.equal(resource.Properties.Code.S3Key, `${expected}.zip`);
    assert.equal(resource.Metadata["aws:asset:path"], path.basename(dir));
    assert.equal(resource.Metadata["aws:asset:is-bundled"], true);
    assert.equal(resource.Metadata["aws:asset:property"], "Code");
  });

  it("target the runtime's Node version and honour architecture and tracing", () => {
    const props = fn("Runtimes", "Runtimesnode");
    assert.equal(props.Runtime, "nodejs24.x");
    assert.deepEqual(props.Architectures, ["arm64"]);
    assert.equal(props.TracingConfig, undefined, "tracing disabled renders no TracingConfig");
  });

  it("share one asset when the handler is the same", () => {
    const keys = new Set([fn("Routes", "Chatdefault").Code.S3Key, fn("Imported", "Renameddefault").Code.S3Key, fn("CrossRoutes", "later").Code.S3Key]);
    assert.equal(keys.size, 1);
    assert.notEqual(fn("Routes", "Chatdefault").Code.S3Key, fn("Routes", "Chatconnect").Code.S3Key);
  });

  it("share one asset when two files hold the same code (the bundle is minified, without paths)", () => {
    assert.equal(fn("Routes", "Chatdefault").Code.S3Key, fn("Routes", "Shared").Code.S3Key);
  });

  it("are zipped as they are with bundle: false", () => {
    const props = fn("Runtimes", "Runtimesplain");
    assert.equal(props.Handler, "plain/index.main");
    const files = fs.readdirSync(assetDir(props), { recursive: true }).map(String).sort();
    assert.ok(files.includes(path.join("plain", "index.js")), files.join(", "));
    assert.ok(!files.some((f) => f.includes("node_modules")));
  });
});

describe("Python and provided.al2023 handlers", () => {
  it("zip srcPath for Python, with Lambda's handler string", () => {
    const props = fn("Runtimes", "Runtimespython");
    assert.equal(props.Handler, "chat.main");
    assert.equal(props.Runtime, "python3.12");
    assert.deepEqual(fs.readdirSync(assetDir(props)), ["chat.py"]);
  });

  it("deploy the cargo-lambda folder with its bootstrap", () => {
    const props = fn("Runtimes", "Runtimesrust");
    assert.equal(props.Handler, "bootstrap");
    assert.equal(props.Runtime, "provided.al2023");
    assert.deepEqual(fs.readdirSync(assetDir(props)), ["bootstrap"]);
  });
});
