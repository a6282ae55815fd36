// A handler string as Lambda code: Node handlers bundled with esbuild (bundler.ts), Python
// handlers as their source folder, `provided.al2023` as a Cargo package (rust-code.ts) or the
// folder that holds `bootstrap`.
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as fs from "node:fs";
import * as path from "node:path";
import { BundleCode } from "./bundle-code";
import { Bundle } from "./bundle-cache";
import { BundleRequest, bundle, bundling } from "./bundler";
import { ERRORS } from "./function.generated";
import { FunctionSource } from "./function-source";
import { isCargoPackage, rustCode } from "./rust-code";

/** Handler file extensions tried for Node runtimes, in SST's order. */
const NODE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

/** Left out of zipped folders: installs, build output and caches never belong in a function. */
const ZIP_EXCLUDES = ["node_modules", "cdk.out", ".git", "__pycache__", ".venv", "*.pyc"];

/**
 * A function's code and handler, and, where a tool could rebuild it alone, where it comes from
 * (function-source.ts; known once the code is bound, which bundles a Node handler).
 */
export interface HandlerCode {
  readonly code: lambda.Code;
  readonly handler: string;
  readonly source?: () => FunctionSource | undefined;
}

export function codeFor(
  handler: string,
  srcPath: string,
  runtime: lambda.Runtime,
  bundleHandler: boolean,
  architecture: lambda.Architecture,
): HandlerCode {
  if (runtime.family === lambda.RuntimeFamily.NODEJS) {
    return nodeCode(handler, srcPath, runtime, bundleHandler);
  }
  if (runtime.family === lambda.RuntimeFamily.PYTHON) {
    const { file } = splitHandler(handler);
    findFile(handler, srcPath, file, [".py"]);
    return {
      code: lambda.Code.fromAsset(srcPath, { exclude: ZIP_EXCLUDES }),
      handler,
      source: () => ({ kind: "python-folder", handler, runtime: runtime.name, srcPath, exclude: ZIP_EXCLUDES }),
    };
  }
  // provided.al2023: the handler names a Cargo package to build, or the folder cargo-lambda
  // built, holding `bootstrap`.
  const dir = path.resolve(srcPath, handler);
  if (isCargoPackage(dir)) {
    const { code, binary } = rustCode(handler, dir, architecture);
    const arch = architecture.name === lambda.Architecture.ARM_64.name ? "arm64" : "x86_64";
    return {
      code,
      handler: "bootstrap",
      source: () => ({ kind: "rust-cargo", handler, runtime: runtime.name, crate: dir, binary, architecture: arch }),
    };
  }
  if (!fs.existsSync(path.join(dir, "bootstrap"))) {
    throw new Error(ERRORS.missingBootstrap(handler, dir));
  }
  return { code: lambda.Code.fromAsset(dir), handler: "bootstrap" };
}

function splitHandler(handler: string): { file: string; exportName: string } {
  const dot = handler.lastIndexOf(".");
  const slash = handler.lastIndexOf("/");
  if (dot <= slash + 1 || dot === handler.length - 1) {
    throw new Error(ERRORS.badHandlerFormat(handler));
  }
  return { file: handler.slice(0, dot), exportName: handler.slice(dot + 1) };
}

function findFile(handler: string, srcPath: string, file: string, extensions: string[]): string {
  const found = extensions.map((ext) => path.join(srcPath, file + ext)).find((p) => fs.existsSync(p));
  if (found === undefined) {
    const tried = extensions.map((ext) => file + ext).join(", ");
    throw new Error(ERRORS.handlerFileNotFound(handler, srcPath, tried) + kernelHint(srcPath));
  }
  return found;
}

/**
 * From Python, Java or Go, `process.cwd()` is the jsii kernel's, fixed when it started: where a
 * path under it was not found, say so.
 */
function kernelHint(srcPath: string): string {
  const agent = process.env.JSII_AGENT;
  const cwd = process.cwd();
  const underCwd = srcPath === cwd || srcPath.startsWith(cwd + path.sep);
  return agent !== undefined && underCwd ? ` ${ERRORS.relativeToKernel(agent, cwd)}` : "";
}

/** What bundling a Node handler asks esbuild for; throws when the handler file is missing. */
export function bundleRequest(handler: string, srcPath: string, runtime: lambda.Runtime): BundleRequest {
  const { file } = splitHandler(handler);
  return {
    entry: findFile(handler, srcPath, file, NODE_EXTENSIONS),
    srcPath,
    target: runtime.name.replace(/^nodejs/, "node").replace(/\.x$/, ""),
  };
}

function nodeCode(handler: string, srcPath: string, runtime: lambda.Runtime, bundleHandler: boolean): HandlerCode {
  const { exportName } = splitHandler(handler);
  const request = bundleRequest(handler, srcPath, runtime);
  if (!bundleHandler) {
    return { code: lambda.Code.fromAsset(srcPath, { exclude: ZIP_EXCLUDES }), handler };
  }
  let built: Bundle | undefined;
  return {
    // Staged by this package: the bundle comes from the cache, hashed as CDK would hash it.
    code: new BundleCode(() => {
      try {
        built = bundle(request);
        return built.code;
      } catch (e) {
        throw new Error(ERRORS.bundleFailed(handler, e instanceof Error ? e.message : String(e)));
      }
    }),
    handler: `index.${exportName}`,
    source: () =>
      built && { kind: "node-bundle", handler, runtime: runtime.name, srcPath, entry: request.entry, ...bundling(request), inputs: built.files },
  };
}
