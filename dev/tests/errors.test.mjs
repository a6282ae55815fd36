// Bad input stops `dev` before it serves anything: exit code 2 and one message naming the
// stack, API, route and function concerned.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { plainAssembly, runDevToFailure } from "./helpers.mjs";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dev-errors-"));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A copy of the fixture's assembly with its main template changed by `edit`. */
function editedAssembly(name, edit) {
  const dir = path.join(tmp, name);
  fs.cpSync(plainAssembly, dir, { recursive: true });
  const file = path.join(dir, "Plain.template.json");
  const template = JSON.parse(fs.readFileSync(file, "utf8"));
  edit(template, dir);
  fs.writeFileSync(file, JSON.stringify(template));
  return dir;
}

const resource = (template, type, idPrefix) =>
  Object.entries(template.Resources).find(([id, r]) => r.Type === type && id.startsWith(idPrefix))[1];

describe("bad input: exit 2 before serving", () => {
  test("a folder that is not a cloud assembly", async () => {
    const { code, stderr } = await runDevToFailure(["--assembly", tmp]);
    assert.equal(code, 2);
    assert.match(stderr, /not a cloud assembly \(it has no manifest\.json\)/);
  });

  test("an assembly without WebSocket APIs", async () => {
    const dir = path.join(tmp, "no-api");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ version: "40.0.0", artifacts: { Storage: { type: "aws:cloudformation:stack", environment: "aws://unknown-account/unknown-region", properties: { templateFile: "Storage.template.json" } } } }));
    fs.writeFileSync(path.join(dir, "Storage.template.json"), JSON.stringify({ Resources: { Bucket: { Type: "AWS::S3::Bucket" } } }));
    const { code, stderr } = await runDevToFailure(["--assembly", dir]);
    assert.equal(code, 2);
    assert.match(stderr, /no WebSocket API .* in stacks Storage/);
  });

  test("a missing asset names stack, API, route and function", async () => {
    const dir = editedAssembly("missing-asset", (template, dir) => {
      const asset = resource(template, "AWS::Lambda::Function", "Connect").Metadata["aws:asset:path"];
      fs.rmSync(path.join(dir, asset), { recursive: true });
    });
    const { code, stderr } = await runDevToFailure(["--assembly", dir]);
    assert.equal(code, 2);
    assert.match(stderr, /^error: stack Plain, API Plain\/\w+, route [$\w]+: function Plain\/\w+: its asset .*asset\.\w+ is missing from the assembly/m);
  });

  test("a runtime that cannot run here", async () => {
    const dir = editedAssembly("python", (template) => {
      resource(template, "AWS::Lambda::Function", "Echo").Properties.Runtime = "java21";
    });
    const { code, stderr } = await runDevToFailure(["--assembly", dir]);
    assert.equal(code, 2);
    assert.match(stderr, /^error: stack Plain, API Plain\/Main, route (echo|oneway): function Plain\/Echo: runtime java21 cannot run here; `dev` runs Node\.js \(.*\), Python \(.*\) and OS-only \(provided\.al2023, provided\.al2\) functions/m);
  });

  test("a provided.al2023 bootstrap built for another architecture", async () => {
    const dir = editedAssembly("arm-bootstrap", (template, dir) => {
      const echo = resource(template, "AWS::Lambda::Function", "Echo");
      echo.Properties.Runtime = "provided.al2023";
      // An ELF header (64-bit, little endian, executable) for aarch64: e_machine 0xb7 at offset 18.
      const elf = Buffer.alloc(64);
      elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
      elf.writeUInt16LE(2, 16);
      elf.writeUInt16LE(0xb7, 18);
      const bootstrap = path.join(dir, echo.Metadata["aws:asset:path"], "bootstrap");
      fs.writeFileSync(bootstrap, elf, { mode: 0o755 });
    });
    const { code, stderr } = await runDevToFailure(["--assembly", dir]);
    assert.equal(code, 2);
    assert.match(stderr, /^error: stack Plain, API Plain\/Main, route (echo|oneway): function Plain\/Echo: its bootstrap .*\/bootstrap is built for arm_64 and cannot run on this x86_64 machine; set the function's architecture to x86_64 to serve it locally$/m);
  });

  test("a route selection expression API Gateway would not take", async () => {
    const dir = editedAssembly("selection", (template) => {
      resource(template, "AWS::ApiGatewayV2::Api", "Main").Properties.RouteSelectionExpression = "$request.header.x";
    });
    const { code, stderr } = await runDevToFailure(["--assembly", dir]);
    assert.equal(code, 2);
    assert.match(stderr, /^error: stack Plain, API Plain\/Main: "request\.header\.x" in "\$request\.header\.x": only \$request\.body\.\* selects WebSocket routes/m);
  });

  test("a port in use names the API that wanted it", async () => {
    const server = net.createServer().listen(3602, "127.0.0.1");
    await new Promise((r) => server.on("listening", r));
    try {
      const { code, stderr } = await runDevToFailure(["--assembly", plainAssembly, "--port", "3601"]);
      assert.equal(code, 2);
      assert.match(stderr, /^error: stack Plain, API Plain\/Main: port 3602 on 127\.0\.0\.1 is not free/m);
    } finally {
      server.close();
    }
  });
});
