// Assemblies as scripts and `cdk synth --no-asset-metadata` write them: no aws:asset:path
// metadata, so `dev` finds each function's code (and each nested stack's template) through the
// stacks' asset manifests. regional-app/ (eu-west-1, synthesized with app.synth(), no CDK CLI)
// has a table that a Node handler (SDK v3) and a Python one (boto3) write and read in the local
// DynamoDB `dev` starts, in the stack's region and account.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ask, connect, runDevToFailure, startDev, stopDev, workspace } from "./helpers.mjs";

const regional = process.env.REGIONAL_ASSEMBLY || path.join(workspace, "target/dev-tests/regional.out");
const bare = process.env.BARE_ASSEMBLY || path.join(workspace, "target/dev-tests/plain-bare.out");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dev-regional-"));
// The user's own DynamoDB endpoint, if any, is left out: `dev` starts moto.
const env = Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith("AWS_ENDPOINT_URL")).map((k) => [k, ""]));
const started = [];
after(async () => {
  for (const dev of started) await stopDev(dev);
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Whether any JSON file of an assembly records asset metadata. */
const hasAssetMetadata = (dir) =>
  fs.readdirSync(dir).filter((f) => f.endsWith(".json")).some((f) => fs.readFileSync(path.join(dir, f), "utf8").includes("aws:asset:path"));

describe("app.synth() in eu-west-1: code from the asset manifest, the table in the stack's region", () => {
  let dev;
  before(async () => {
    dev = await startDev(["--assembly", regional, "--port", "3971", "--no-watch"], { env, timeoutMs: 240_000 });
    started.push(dev);
  });

  test("Node (SDK v3) and Python (boto3) handlers write and read the same table", async () => {
    assert.equal(hasAssetMetadata(regional), false, "synthesized without asset metadata");
    const ws = await connect(dev.urls[0]);
    const fromNode = await ask(ws, { action: "node", id: "n1", text: "from node", read: "p1" }, 60_000);
    const arn = /^arn:aws:dynamodb:eu-west-1:111122223333:table\/Regional-Items\w+$/;
    assert.equal(fromNode.region, "eu-west-1");
    assert.equal(fromNode.read, null, "nothing from Python yet");
    assert.match(fromNode.tableArn, arn, "moto keeps the table in the stack's region and account");
    assert.equal(fromNode.tableArn, fromNode.envArn, "the ARN the handler's environment names");
    const fromPy = await ask(ws, { action: "py", id: "p1", text: "from python", read: "n1" }, 60_000);
    assert.deepEqual(fromPy, { region: "eu-west-1", read: "from node", tableArn: fromNode.tableArn, envArn: fromNode.envArn });
    assert.equal((await ask(ws, { action: "node", id: "n2", text: "again", read: "p1" })).read, "from python");
    ws.close();
  });
});

describe("cdk synth --no-asset-metadata: every function and the nested stack found", () => {
  test("the three APIs, a Node, a Python and a nested stack's handler answer", async () => {
    assert.equal(hasAssetMetadata(bare), false, "synthesized without asset metadata");
    // Started as `cargo run` starts it (CARGO and the package's variables set): the inspector
    // hint says `cargo run --`, the command such a user has.
    const cargoEnv = { ...env, CARGO: "cargo", CARGO_PKG_NAME: "cdk-from-rust" };
    const dev = await startDev(["--assembly", bare, "--port", "3981", "--no-watch"], { apis: 3, env: cargoEnv });
    started.push(dev);
    assert.match(dev.stdout, /^inspector http:\/\/127\.0\.0\.1:3980 \(cargo run -- connections list --inspector http:\/\/127\.0\.0\.1:3980\)$/m);
    const [templated, main] = dev.urls;
    const good = { headers: { "X-Team": "blue" } };
    const ws = await connect(`${main}?token=good`, good);
    assert.equal((await ask(ws, { action: "echo" })).requestContext.routeKey, "echo");
    assert.equal((await ask(ws, { action: "py" }, 30_000)).routeKey, "py");
    ws.close();
    const nested = await connect(templated);
    assert.equal(await ask(nested, { service: "chat", action: "join" }), `chat/join:${JSON.stringify({ service: "chat", action: "join" })}`);
    nested.close();
  });

  /** A copy of the bare assembly whose Connect function's Code is `code`. */
  function withCode(name, code) {
    const dir = path.join(tmp, name);
    fs.cpSync(bare, dir, { recursive: true });
    const file = path.join(dir, "Plain.template.json");
    const template = JSON.parse(fs.readFileSync(file, "utf8"));
    const [, fn] = Object.entries(template.Resources).find(([id, r]) => r.Type === "AWS::Lambda::Function" && id.startsWith("Connect"));
    fn.Properties.Code = code;
    fs.writeFileSync(file, JSON.stringify(template));
    return dir;
  }

  test("inline code and an S3 object of another bucket keep a clear error", async () => {
    const inline = await runDevToFailure(["--assembly", withCode("inline", { ZipFile: "exports.handler = async () => ({})" })]);
    assert.equal(inline.code, 2);
    assert.match(inline.stderr, /function Plain\/Connect: its code is inline \(Code\.ZipFile\); `dev` runs code from the assembly's asset folders/);
    const other = await runDevToFailure(["--assembly", withCode("s3", { S3Bucket: "my-releases", S3Key: "connect/v1.zip" })]);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /function Plain\/Connect: its code is the S3 object my-releases\/connect\/v1\.zip, which no asset manifest of the assembly lists/);
  });
});
