// Node handlers bundled many at a time: one esbuild build per handler folder and target for
// every handler not already in the bundle cache, instead of a build per function.
import type * as esbuildApi from "esbuild-wasm";
import * as path from "node:path";
import { Bundle, cacheKey, readCached, writeCached } from "./bundle-cache";
import { esbuild, fallBackToWasm } from "./esbuild";

/** A handler to bundle: its entry file, the folder it is resolved from and the Node target. */
export interface BundleRequest {
  readonly entry: string;
  readonly srcPath: string;
  readonly target: string;
}

/**
 * The bundle of one handler and the files it was built from: from the cache, else built on its
 * own. Throws esbuild's error when the handler does not build.
 */
export function bundle(request: BundleRequest): Bundle {
  return readCached(keyOf(request)) ?? build([request])[0];
}

/**
 * How `request` is bundled, for tools that rebuild it alone (function-source.ts): the esbuild
 * module and version, and the options besides the entry point, output names and working folder.
 */
export function bundling(request: BundleRequest): { esbuild: { module: string; version: string }; options: esbuildApi.BuildOptions } {
  const { absWorkingDir: _, ...rest } = options(request);
  return { esbuild: { module: esbuild().module, version: esbuild().version }, options: rest };
}

/**
 * Bundles ahead, in one build per folder and target, every handler not in the cache, so that
 * `bundle` then finds each in it. Never throws: when the build fails, each function's own
 * `bundle` builds its handler alone and reports its error.
 */
export function prebundle(requests: BundleRequest[]): void {
  const missing = new Map<string, BundleRequest>();
  for (const request of requests) {
    const key = keyOf(request);
    if (!missing.has(key) && readCached(key) === undefined) {
      missing.set(key, request);
    }
  }
  const groups = new Map<string, BundleRequest[]>();
  for (const request of missing.values()) {
    const group = `${request.srcPath}\0${request.target}`;
    groups.set(group, [...(groups.get(group) ?? []), request]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) {
      continue; // a lone handler gains nothing from being built ahead
    }
    try {
      build(group);
    } catch {
      // Reported by the function whose handler fails, when it bundles alone.
    }
  }
}

/** The options of every build; with the esbuild version, the cache key of its bundles. */
function options(request: BundleRequest): esbuildApi.BuildOptions {
  return {
    absWorkingDir: request.srcPath,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: request.target,
    // Minified output carries no source paths, so identical handler code in different files
    // bundles to identical bytes: one asset.
    minify: true,
    // The Node runtimes ship AWS SDK v3.
    external: ["@aws-sdk/*"],
  };
}

function keyOf(request: BundleRequest): string {
  return cacheKey({ esbuild: esbuild().version, entry: request.entry, options: options(request) });
}

/**
 * One esbuild build of `requests` (same folder and target), each bundle written to the cache
 * with the files it was built from. Returns the bundles in the order of `requests`.
 */
function build(requests: BundleRequest[]): Bundle[] {
  const { srcPath } = requests[0];
  // Never written (write: false); it only names the outputs.
  const outdir = path.join(srcPath, ".cdk-from-rust-bundles");
  const entryPoints: { [out: string]: string } = {};
  requests.forEach((request, i) => {
    entryPoints[`entry${i}`] = request.entry;
  });
  const result = runBuild({ ...options(requests[0]), entryPoints, outdir, write: false, metafile: true, logLevel: "silent" });
  const metafile = result.metafile!;
  return requests.map((request, i) => {
    const output = path.join(outdir, `entry${i}.js`);
    const code = result.outputFiles!.find((file) => file.path === output)!.text;
    const meta = metafile.outputs[path.relative(srcPath, output).split(path.sep).join("/")];
    const files = readFrom(metafile, meta.entryPoint!).map((input) => path.resolve(srcPath, input));
    writeCached(keyOf(request), files, code);
    return { code, files };
  });
}

function runBuild(buildOptions: esbuildApi.BuildOptions & { write: false; metafile: true }): esbuildApi.BuildResult {
  try {
    return esbuild().api.buildSync(buildOptions);
  } catch (e) {
    // A failure without build errors is the binary that did not start, not the handler.
    if (esbuild().native && !Array.isArray((e as { errors?: unknown }).errors)) {
      return fallBackToWasm().api.buildSync(buildOptions);
    }
    throw e;
  }
}

/**
 * Every input esbuild read for the bundle of `entry`: the import graph from it, whether or not
 * a file added bytes to the output (a re-export that now exports more would).
 */
function readFrom(metafile: esbuildApi.Metafile, entry: string): string[] {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length > 0) {
    for (const imported of metafile.inputs[queue.pop()!]?.imports ?? []) {
      if (!imported.external && !seen.has(imported.path)) {
        seen.add(imported.path);
        queue.push(imported.path);
      }
    }
  }
  return [...seen].sort();
}
