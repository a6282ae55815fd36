// Where a `Function`'s code comes from, recorded for tools (`cdk-from-rust dev` rebuilds a saved
// handler alone from it) as construct metadata: it lands in the cloud assembly's manifest.json
// beside CDK's own metadata and never in the template, so that a template does not depend on the
// machine, the checkout or whether a tool ran. Paths are relative to the cloud assembly's folder.
// The format is documented for users in docs/notes/issue-23.md.
import * as cdk from "aws-cdk-lib";
import * as constructs from "constructs";
import * as path from "node:path";

/** The metadata entry's `type`. */
export const FUNCTION_SOURCE_METADATA = "cdk-from-rust:function-source";
/** Bumped on any change that a reader of the previous version would misread. */
export const FUNCTION_SOURCE_VERSION = 1;

/** What every kind records: the handler string as given and the Lambda runtime. */
interface Common {
  readonly handler: string;
  readonly runtime: string;
}

/** A Node handler bundled by esbuild into one `index.js`. */
export interface NodeBundleSource extends Common {
  readonly kind: "node-bundle";
  /** The folder esbuild resolves from (its `absWorkingDir`). */
  readonly srcPath: string;
  readonly entry: string;
  /** The esbuild module (its main file) and version that built the bundle. */
  readonly esbuild: { readonly module: string; readonly version: string };
  /** Every other build option; the entry point is named `entry0` and written to `index.js`. */
  readonly options: object;
  /** Every file esbuild read for the bundle (the import graph), sorted. */
  readonly inputs: string[];
}

/** A Python handler: its source folder, zipped without `exclude`. */
export interface PythonFolderSource extends Common {
  readonly kind: "python-folder";
  readonly srcPath: string;
  readonly exclude: string[];
}

/** A `provided.al2023` handler built by cargo-lambda from a Cargo package. */
export interface RustCargoSource extends Common {
  readonly kind: "rust-cargo";
  /** The package's folder (holding Cargo.toml). */
  readonly crate: string;
  readonly binary: string;
  readonly architecture: "x86_64" | "arm64";
}

export type FunctionSource = NodeBundleSource | PythonFolderSource | RustCargoSource;

/** Adds `source` (absolute paths) to `fn`'s metadata, its paths relative to the assembly. */
export function recordSource(fn: constructs.Construct, source: FunctionSource): void {
  const stage = cdk.Stage.of(fn);
  if (stage === undefined) {
    return; // no assembly to be relative to: nothing a tool could read
  }
  const outdir = path.resolve(stage.outdir);
  const rel = (p: string): string => path.relative(outdir, p).split(path.sep).join("/") || ".";
  let paths: object;
  switch (source.kind) {
    case "node-bundle":
      paths = { srcPath: rel(source.srcPath), entry: rel(source.entry), esbuild: { ...source.esbuild, module: rel(source.esbuild.module) }, inputs: source.inputs.map(rel) };
      break;
    case "python-folder":
      paths = { srcPath: rel(source.srcPath) };
      break;
    case "rust-cargo":
      paths = { crate: rel(source.crate) };
      break;
  }
  fn.node.addMetadata(FUNCTION_SOURCE_METADATA, { version: FUNCTION_SOURCE_VERSION, ...source, ...paths });
}
