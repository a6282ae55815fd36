// Bundles kept between synths, so that a synth whose handlers did not change runs no esbuild.
// An entry is found by what esbuild was asked (its version, the options, the entry file) and
// is served only while everything the bundle was built from is unchanged: the content of every
// file esbuild read for it, the names in the folders those files sit in (a new `util.ts` beside
// `util.js` changes what `./util` resolves to), and the nearest package.json and tsconfig.json
// of each (package versions, `exports`, `paths`).
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Changes when the entry format does, so that older entries are never read as current. */
const FORMAT = 2;

/** What a cached bundle depends on: absolute path -> digest, for files and for folders. */
type Inputs = { [file: string]: string };

interface Entry {
  readonly format: number;
  readonly inputs: Inputs;
  /** The files esbuild read (the import graph), as the function's source metadata lists them. */
  readonly files: string[];
  readonly code: string;
}

/** A bundle and the absolute paths of the files it was built from. */
export interface Bundle {
  readonly code: string;
  readonly files: string[];
}

/**
 * The cache folder: `CDK_FROM_RUST_BUNDLE_CACHE` if set, else `node_modules/.cache/cdk-from-rust`
 * in the working directory when it has a `node_modules` (as babel and eslint keep theirs), else
 * the cache folder of the cdk-from-rust CLI (`$CDK_FROM_RUST_CACHE`, `$XDG_CACHE_HOME/cdk-from-rust`
 * or `~/.cache/cdk-from-rust`). Bundles go to its `bundles` folder; delete it any time.
 */
function cacheDir(): string {
  const env = (name: string): string | undefined => process.env[name] || undefined;
  const configured = env("CDK_FROM_RUST_BUNDLE_CACHE");
  if (configured !== undefined) {
    return path.resolve(configured);
  }
  const nodeModules = path.join(process.cwd(), "node_modules");
  if (fs.existsSync(nodeModules)) {
    return path.join(nodeModules, ".cache", "cdk-from-rust");
  }
  return env("CDK_FROM_RUST_CACHE") ?? path.join(env("XDG_CACHE_HOME") ?? path.join(os.homedir(), ".cache"), "cdk-from-rust");
}

/** The cache key of a bundle request, from everything esbuild is told. */
export function cacheKey(request: object): string {
  return sha256(JSON.stringify({ format: FORMAT, request }));
}

/** The cached bundle of `key`, if there is one and nothing it was built from has changed. */
export function readCached(key: string): Bundle | undefined {
  let entry: Entry;
  try {
    entry = JSON.parse(fs.readFileSync(entryFile(key), "utf8")) as Entry;
  } catch {
    return undefined;
  }
  if (entry.format !== FORMAT) {
    return undefined;
  }
  for (const [file, digest] of Object.entries(entry.inputs)) {
    if (digestOf(file) !== digest) {
      return undefined;
    }
  }
  return { code: entry.code, files: entry.files };
}

/**
 * Stores the bundle of `key`, built from `files` (absolute paths of everything esbuild read).
 * Best effort: a cache that cannot be written only makes the next synth slower.
 */
export function writeCached(key: string, files: string[], code: string): void {
  const inputs: Inputs = {};
  for (const file of files) {
    const digest = digestOf(file);
    if (digest === undefined) {
      // Not a file on disk (a virtual module): nothing to check it by, so never served.
      return;
    }
    inputs[file] = digest;
    for (const dependency of resolutionInputs(path.dirname(file))) {
      inputs[dependency] = digestOf(dependency) ?? "";
    }
  }
  const file = entryFile(key);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, JSON.stringify({ format: FORMAT, inputs, files, code } satisfies Entry));
    // Atomic: a synth running beside this one reads a whole entry or none.
    fs.renameSync(temporary, file);
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}

function entryFile(key: string): string {
  return path.join(cacheDir(), "bundles", key.slice(0, 2), `${key}.json`);
}

/**
 * Besides a file's content, what decides how imports from its folder resolve: the folder's
 * names and the nearest package.json and tsconfig.json above it.
 */
function resolutionInputs(dir: string): string[] {
  const found = [dir];
  for (const name of ["package.json", "tsconfig.json"]) {
    for (let at = dir; ; at = path.dirname(at)) {
      const candidate = path.join(at, name);
      if (fs.existsSync(candidate)) {
        found.push(candidate);
        break;
      }
      if (path.dirname(at) === at) {
        break;
      }
    }
  }
  return found;
}

/** Digests by path, reused while the file's or folder's stat is unchanged. */
const digests = new Map<string, { stamp: string; digest: string }>();

/** sha256 of a file's bytes or of a folder's sorted names; undefined when it does not exist. */
function digestOf(file: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return undefined;
  }
  const stamp = `${stat.mtimeMs}:${stat.ctimeMs}:${stat.size}:${stat.ino}`;
  const known = digests.get(file);
  if (known !== undefined && known.stamp === stamp) {
    return known.digest;
  }
  const digest = stat.isDirectory()
    ? sha256(fs.readdirSync(file).sort().join("\n"))
    : sha256(fs.readFileSync(file));
  digests.set(file, { stamp, digest });
  return digest;
}

function sha256(data: string | Buffer): string {
  return crypto.createHash("sha256").update(data).digest("hex");
}
