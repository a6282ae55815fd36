// Prebuilds the Lambda code our constructs deploy (users never bundle it), and the route helper:
//   handlers/<name>.ts (Lambda handlers) -> lib/handlers/<name>/index.js  (one self-contained CJS file)
//   handlers/claims.ts (route helper)    -> lib/handlers/claims.js (+ claims.d.ts)
// Run from generated/: `node scripts/bundle-handlers.mjs`. Output is deterministic: minified
// bundles carry no absolute paths, and the folder is rebuilt from scratch each time.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const esbuild = require("esbuild-wasm");

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outRoot = path.join(root, "lib", "handlers");

/** Lambda entry points; each becomes lib/handlers/<name>/index.js with `index.handler`. */
const LAMBDA_HANDLERS = ["jwt-authorizer", "connect-bearer"];

fs.rmSync(outRoot, { recursive: true, force: true });
fs.mkdirSync(outRoot, { recursive: true });

const common = {
  absWorkingDir: root,
  platform: "node",
  format: "cjs",
  target: "node22",
  logLevel: "warning",
  charset: "utf8",
};

for (const name of LAMBDA_HANDLERS) {
  esbuild.buildSync({
    ...common,
    entryPoints: [`handlers/${name}.ts`],
    outfile: path.join(outRoot, name, "index.js"),
    bundle: true, // jose is bundled in: the function has no node_modules
    minify: true,
    // jose's MIT notice stays with its code.
    legalComments: "eof",
  });
}

// The helper route handlers import: plain, readable CJS, no bundling (it has no imports).
esbuild.buildSync({
  ...common,
  entryPoints: ["handlers/claims.ts"],
  outfile: path.join(outRoot, "claims.js"),
  bundle: false,
});
writeDeclarations("handlers/claims.ts", path.join(outRoot, "claims.d.ts"));

for (const file of listFiles(outRoot)) {
  const bytes = fs.readFileSync(file);
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
  console.log(`${path.relative(root, file)}  ${bytes.length} bytes  sha256:${hash}`);
}

/** claims.d.ts through TypeScript's declaration emitter, when TypeScript is installed (it is in dev). */
function writeDeclarations(entry, outfile) {
  let ts;
  try {
    ts = require("typescript");
  } catch {
    console.log("typescript not found: skipping claims.d.ts");
    return;
  }
  const source = fs.readFileSync(path.join(root, entry), "utf8");
  const { outputText, diagnostics } = ts.transpileDeclaration(source, {
    fileName: path.basename(entry),
    compilerOptions: { strict: true },
    reportDiagnostics: true,
  });
  if (diagnostics?.length) {
    throw new Error(`claims.d.ts: ${diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("; ")}`);
  }
  fs.writeFileSync(outfile, outputText);
}

function listFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
