// Which esbuild bundles Node handlers: the app's own native esbuild when it resolves one (it
// starts in milliseconds, where the WebAssembly build takes about half a second to compile
// before its first byte), else the esbuild-wasm shipped with this package, which runs
// wherever Node does, including the jsii kernel of Python, Java and Go apps.
import type * as esbuildApi from "esbuild-wasm";
import * as path from "node:path";

/** An esbuild API, its version, whether it is the native binary and the file it was loaded from. */
export interface Esbuild {
  readonly api: typeof esbuildApi;
  readonly version: string;
  readonly native: boolean;
  readonly module: string;
}

let chosen: Esbuild | undefined;

/**
 * The native `esbuild` package resolved from the working directory (the app's), else from
 * this package's own location (a hoisted install), else esbuild-wasm. Loaded once a process,
 * and only when something must be bundled: a synth whose bundles are all cached starts none.
 */
export function esbuild(): Esbuild {
  chosen ??= nativeEsbuild() ?? wasmEsbuild();
  return chosen;
}

/**
 * Called when the native binary could not run (a missing platform package, say): esbuild-wasm
 * does the rest of this process's bundling.
 */
export function fallBackToWasm(): Esbuild {
  chosen = wasmEsbuild();
  return chosen;
}

function nativeEsbuild(): Esbuild | undefined {
  for (const from of [process.cwd(), __dirname]) {
    let resolved: string;
    try {
      resolved = require.resolve("esbuild", { paths: [from] });
    } catch {
      continue;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = path.resolve(resolved);
    const api = withoutWorkerThread(() => require(loaded) as typeof esbuildApi);
    if (typeof api.buildSync === "function" && typeof api.version === "string") {
      return { api, version: api.version, native: true, module: loaded };
    }
  }
  return undefined;
}

function wasmEsbuild(): Esbuild {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const api = require("esbuild-wasm") as typeof esbuildApi;
  return { api, version: api.version, native: false, module: require.resolve("esbuild-wasm") };
}

/**
 * Loads the native esbuild so that its synchronous API runs the binary directly instead of
 * starting a worker thread first (about 60 ms, worth it only across many calls; a synth makes
 * one build per handler folder). esbuild reads `ESBUILD_WORKER_THREADS` once, when loaded; a
 * value the user set is kept.
 */
function withoutWorkerThread<T>(load: () => T): T {
  if (process.env.ESBUILD_WORKER_THREADS !== undefined) {
    return load();
  }
  process.env.ESBUILD_WORKER_THREADS = "0";
  try {
    return load();
  } finally {
    delete process.env.ESBUILD_WORKER_THREADS;
  }
}
