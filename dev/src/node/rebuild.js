// `dev`'s bundler: rebuilds a Node function's bundle alone, from the source metadata our
// `Function` records (the esbuild module and version, the options, the entry), keeping one
// incremental esbuild context per bundle warm, so that a saved handler rebuilds in milliseconds.
// One JSON request a line on stdin, one JSON answer a line on stdout, matched by `id`:
//   {id, key, module, version, options, srcPath, entry}
//   -> {id, ok: true, code, inputs} | {id, ok: false, errors: [{file, line, column, text}]}
// `inputs` are absolute paths of every file the build read (one entry: its import graph).
"use strict";
const path = require("node:path");
const readline = require("node:readline");

/** key -> Promise of an esbuild context. */
const contexts = new Map();

function answer(message) {
  process.stdout.write(JSON.stringify(message) + "\n");
}

function load(module, version) {
  const api = require(module);
  if (api.version !== version) {
    throw new Error(`${module} is esbuild ${api.version}, but the bundle was built with ${version}; synthesize again`);
  }
  return api;
}

/** The context of one bundle: the options the library used, the entry named as it names it. */
function context(request) {
  let ctx = contexts.get(request.key);
  if (ctx === undefined) {
    const api = load(request.module, request.version);
    ctx = api.context({
      ...request.options,
      absWorkingDir: request.srcPath,
      entryPoints: { entry0: request.entry },
      // Never written (write: false); it only names the output, as the library's does.
      outdir: path.join(request.srcPath, ".cdk-from-rust-bundles"),
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    contexts.set(request.key, ctx);
    // A context that could not be created is not kept: the next save tries again.
    ctx.catch(() => contexts.delete(request.key));
  }
  return ctx;
}

async function rebuild(request) {
  try {
    const ctx = await context(request);
    const result = await ctx.rebuild();
    const output = result.outputFiles.find((file) => path.basename(file.path) === "entry0.js");
    const inputs = Object.keys(result.metafile.inputs)
      .filter((input) => !input.includes(":")) // namespaced virtual modules are no files
      .map((input) => path.resolve(request.srcPath, input))
      .sort();
    answer({ id: request.id, ok: true, code: output.text, inputs });
  } catch (e) {
    const errors = Array.isArray(e && e.errors) && e.errors.length > 0
      ? e.errors.map((m) => ({
          file: m.location ? path.resolve(request.srcPath, m.location.file) : null,
          line: m.location ? m.location.line : null,
          column: m.location ? m.location.column : null,
          text: m.text,
        }))
      : [{ file: null, line: null, column: null, text: String((e && e.message) || e) }];
    answer({ id: request.id, ok: false, errors });
  }
}

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  if (line.trim() !== "") rebuild(JSON.parse(line));
});
// dev ended (its end of the pipe closed): dispose of the contexts, which ends esbuild's service.
process.stdin.on("end", async () => {
  for (const ctx of contexts.values()) {
    await ctx.then((c) => c.dispose(), () => {});
  }
  process.exit(0);
});
