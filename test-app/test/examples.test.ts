// The apps generated from examples/*/ against their hand-written twins (lib/examples/).
// scripts/examples-check.sh synthesizes each generated app with the CDK CLI and names the cloud
// assemblies in CDK_FROM_RUST_EXAMPLES ("name=dir name=dir ...", one example may be named
// twice: its TypeScript and its Python app). Each twin is synthesized here, in-process, with the
// context the CLI gives test-app (cdk.context.json), and every stack must have the same
// template once asset hashes and CDK metadata are removed. Without the variable (a plain
// `npm test`) there is nothing to compare and the test says so.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import * as cdk from "aws-cdk-lib";
import { TWINS } from "../lib/examples";

type Template = { Resources?: Record<string, { Type: string; Metadata?: unknown }>; Conditions?: Record<string, unknown> };

const HASH = /[0-9a-f]{64}/g;

/** Stack name -> template, from a cloud assembly folder. */
function templates(outdir: string): Record<string, Template> {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
  const out: Record<string, Template> = {};
  for (const [id, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type === "aws:cloudformation:stack") {
      out[id] = JSON.parse(fs.readFileSync(path.join(outdir, artifact.properties.templateFile), "utf8"));
    }
  }
  return out;
}

/** What differs between two syntheses of the same app: asset hashes and CDK metadata. */
function normalized(template: Template): Template {
  const copy: Template = JSON.parse(JSON.stringify(template).replace(HASH, "<asset-hash>"));
  for (const [id, resource] of Object.entries(copy.Resources ?? {})) {
    if (resource.Type === "AWS::CDK::Metadata") {
      delete copy.Resources![id];
    } else {
      delete resource.Metadata;
    }
  }
  delete copy.Conditions?.CDKMetadataAvailable;
  if (copy.Conditions && Object.keys(copy.Conditions).length === 0) {
    delete copy.Conditions;
  }
  return copy;
}

function twinTemplates(name: string): Record<string, Template> {
  const build = TWINS[name];
  assert.ok(build, `no twin for example "${name}" in lib/examples/index.ts`);
  const context = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "cdk.context.json"), "utf8"));
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `twin-${name}-`));
  try {
    const app = new cdk.App({ outdir, context });
    build(app);
    app.synth();
    return templates(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const generated = (process.env.CDK_FROM_RUST_EXAMPLES ?? "").split(/\s+/).filter(Boolean);

describe("generated example apps", () => {
  it("are given by scripts/examples-check.sh", { skip: generated.length === 0 && "run scripts/examples-check.sh" }, () => {
    assert.ok(generated.every((entry) => /^[\w-]+=.+/.test(entry)), `entries are name=dir: ${generated.join(" ")}`);
  });

  for (const entry of generated) {
    const [name, outdir] = entry.split(/=(.*)/s);
    it(`${name}: ${path.relative(process.cwd(), outdir)} synthesizes the twin's templates`, () => {
      const actual = templates(outdir);
      const expected = twinTemplates(name);
      assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), "the same stacks");
      for (const stack of Object.keys(expected)) {
        assert.deepEqual(normalized(actual[stack]), normalized(expected[stack]), `stack ${stack}`);
      }
    });
  }
});
