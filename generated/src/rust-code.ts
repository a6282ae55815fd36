// A `provided.al2023` handler given as a Cargo package folder: built at synth with cargo-lambda
// into the asset's `bootstrap`, for the function's architecture.
import * as cdk from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ERRORS } from "./function.generated";

/** Whether a handler folder is a Cargo package to build. */
export function isCargoPackage(dir: string): boolean {
  return fs.existsSync(path.join(dir, "Cargo.toml"));
}

/** The asset of a Cargo package's handler, and the binary it builds. */
export function rustCode(handler: string, dir: string, architecture: lambda.Architecture): { code: lambda.Code; binary: string } {
  const bin = packageName(handler, dir);
  const target = architecture.name === lambda.Architecture.ARM_64.name ? "--arm64" : "--x86-64";
  const code = lambda.Code.fromAsset(dir, {
    // Build output: the crate's own target/ (or CARGO_TARGET_DIR) is reused between syntheses
    // and is no part of the source.
    exclude: ["target"],
    // Hashing the binary: a change that compiles to the same bytes is the same asset.
    assetHashType: cdk.AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling always runs (or throws).
      image: cdk.DockerImage.fromRegistry("cdk-from-rust/local-bundling-only"),
      // Part of CDK's bundling cache key, so that two architectures of one crate differ.
      command: ["cargo-lambda", bin, target],
      local: {
        tryBundle(outputDir: string): boolean {
          build(handler, dir, bin, target, outputDir);
          return true;
        },
      },
    },
  });
  return { code, binary: bin };
}

/** The binary cargo-lambda builds: the package's name (`[package] name = "..."`). */
function packageName(handler: string, dir: string): string {
  const manifest = fs.readFileSync(path.join(dir, "Cargo.toml"), "utf8");
  const section = manifest.split(/^\[package\]\s*$/m)[1]?.split(/^\[/m)[0] ?? "";
  const name = /^\s*name\s*=\s*"([^"]+)"/m.exec(section)?.[1];
  if (name === undefined) {
    throw new Error(ERRORS.rustBuildFailed(handler, "read Cargo.toml", `${dir}/Cargo.toml has no [package] name`));
  }
  return name;
}

function build(handler: string, dir: string, bin: string, target: string, outputDir: string): void {
  const args = ["lambda", "build", "--release", target, "--manifest-path", path.join(dir, "Cargo.toml")];
  args.push("--bin", bin, "--lambda-dir", outputDir, "--flatten", bin);
  const result = spawnSync("cargo-lambda", args, { cwd: dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error !== undefined) {
    throw new Error(ERRORS.cargoLambdaMissing(handler, result.error.message));
  }
  if (result.status !== 0) {
    const command = `cargo-lambda ${args.join(" ")}`;
    const output = `${result.stdout}${result.stderr}`.trim().split("\n").slice(-40).join("\n");
    throw new Error(ERRORS.rustBuildFailed(handler, command, output));
  }
}
