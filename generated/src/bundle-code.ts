// A Node handler's bundle as Lambda code, staged by this package rather than by CDK's asset
// staging: the bundle is already in memory (bundler.ts), so the temporary folder, the copy, the
// folder's fingerprint and the S3 bucket import of `Code.fromAsset` are work for nothing (a few
// milliseconds a function, and aws-cdk-lib's region tables loaded at the first).
import * as cdk from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as cxapi from "aws-cdk-lib/cx-api";
import * as constructs from "constructs";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/** CDK's context key of the salt it adds to every asset hash (not exported by aws-cdk-lib). */
const ASSET_HASH_SALT_CONTEXT = "@aws-cdk/core:assetHashSalt";

/** A folder holding one `index.js`, staged in the cloud assembly as `asset.{hash}`. */
export class BundleCode extends lambda.Code {
  public readonly isInline = false;
  private staged?: { stack: cdk.Stack; assetPath: string; config: lambda.CodeConfig };

  /** `produce` returns the bundle; called once, when a function first binds the code. */
  constructor(private readonly produce: () => string) {
    super();
  }

  public bind(scope: constructs.Construct): lambda.CodeConfig {
    const stack = cdk.Stack.of(scope);
    if (this.staged !== undefined) {
      if (this.staged.stack !== stack) {
        throw new Error(`Asset is already associated with another stack '${this.staged.stack.stackName}'. Create a new Code instance for every stack.`);
      }
      return this.staged.config;
    }
    const stage = cdk.Stage.of(scope);
    if (stage === undefined) {
      throw new Error('unable to determine cloud assembly asset output directory. Assets must be defined indirectly within a "Stage" or an "App" scope');
    }
    const code = this.produce();
    const salt: unknown = scope.node.tryGetContext(ASSET_HASH_SALT_CONTEXT);
    const hash = outputHash(code, typeof salt === "string" ? salt : "");
    const staged = path.resolve(stage.assetOutdir, `asset.${hash}`);
    stageOnce(staged, code);
    // As CDK's staging: relative to the stack's assembly, absolute when staging is disabled.
    const assetPath = scope.node.tryGetContext(cxapi.DISABLE_ASSET_STAGING_CONTEXT)
      ? staged
      : path.relative(cdk.Stage.of(stack)!.outdir, staged);
    const location = stack.synthesizer.addFileAsset({
      packaging: cdk.FileAssetPackaging.ZIP_DIRECTORY,
      sourceHash: hash,
      fileName: assetPath,
      deployTime: true,
      displayName: `${cdk.Names.stackRelativeConstructPath(scope)}/Code`,
    });
    const config = { s3Location: { bucketName: location.bucketName, objectKey: location.objectKey } };
    this.staged = { stack, assetPath, config };
    return config;
  }

  /** The asset metadata SAM and the CDK CLI read, as `Code.fromAsset` writes it. */
  public bindToResource(resource: cdk.CfnResource, options: lambda.ResourceBindOptions = {}): void {
    if (this.staged === undefined) {
      throw new Error("bindToResource() must be called after bind()");
    }
    if (!resource.node.tryGetContext(cxapi.ASSET_RESOURCE_METADATA_ENABLED_CONTEXT)) {
      return;
    }
    resource.cfnOptions.metadata = {
      ...resource.cfnOptions.metadata,
      [cxapi.ASSET_RESOURCE_METADATA_PATH_KEY]: this.staged.assetPath,
      [cxapi.ASSET_RESOURCE_METADATA_IS_BUNDLED_KEY]: true,
      [cxapi.ASSET_RESOURCE_METADATA_PROPERTY_KEY]: options.resourceProperty ?? "Code",
    };
  }
}

/** Writes `dir/index.js` unless `dir` exists: its name is its content's hash. */
function stageOnce(dir: string, code: string): void {
  if (fs.existsSync(dir)) {
    return;
  }
  // Renamed whole into place, so that a folder of that name is always complete.
  const building = `${dir}.${process.pid}.building`;
  fs.rmSync(building, { recursive: true, force: true });
  fs.mkdirSync(building, { recursive: true });
  fs.writeFileSync(path.join(building, "index.js"), code);
  try {
    fs.renameSync(building, dir);
  } catch (e) {
    fs.rmSync(building, { recursive: true, force: true });
    if (!fs.existsSync(dir)) {
      throw e;
    }
  }
}

/**
 * The hash CDK gives a folder holding only `index.js` under `AssetHashType.OUTPUT` (aws-cdk-lib's
 * `FileSystem.fingerprint`, with its text normalization), so that S3 keys are those of
 * `Code.fromAsset`; test-app/test/functions.test.ts checks the two agree.
 */
export function outputHash(code: string, salt: string): string {
  const hash = crypto.createHash("sha256");
  const field = (header: string, value: string): void => {
    hash.update("\x01").update(header).update("\x02").update(value).update("\x03");
  };
  field("options.extra", salt);
  field("options.follow", "external");
  field("file:index.js", contentFingerprint(Buffer.from(code)));
  return hash.digest("hex");
}

/** CDK's fingerprint of a file's bytes, read 8 KiB at a time with CRLF made LF in text. */
function contentFingerprint(bytes: Buffer): string {
  const CHUNK = 8 * 1024;
  const hash = crypto.createHash("sha256");
  let size = 0;
  let binary = false;
  let carried = "";
  for (let at = 0; at < bytes.length; at += CHUNK) {
    const chunk = bytes.subarray(at, at + CHUNK);
    if (size === 0) {
      binary = chunk.includes(0);
    }
    if (binary) {
      size += chunk.length;
      hash.update(chunk);
      continue;
    }
    const text = chunk.toString();
    if (text.endsWith("\r")) {
      carried += text;
      continue;
    }
    const normalized = Buffer.from((carried + text).replace(/\r\n/g, "\n"));
    carried = "";
    size += normalized.length;
    hash.update(normalized);
  }
  if (carried !== "") {
    hash.update(Buffer.from(carried));
  }
  return `${size}:${hash.digest("hex")}`;
}
