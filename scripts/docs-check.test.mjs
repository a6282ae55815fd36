// Tests of scripts/docs-check.mjs on a small repository of its own, with a stand-in CLI whose
// --help texts have clap's layout: good docs pass and run, each kind of mistake is named.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { check, slug } from "./docs-check.mjs";

const HELP = {
  "": "Usage: cdk-from-rust [COMMAND]\n\nCommands:\n  app          Generate an app\n  connections  Live connections\n  help         Print help\n\nOptions:\n  -h, --help     Print help\n  -V, --version  Print version\n",
  app: "Usage: cdk-from-rust app [OPTIONS] <MODEL>\n\nArguments:\n  <MODEL>\n          The model\n\nOptions:\n      --out <DIR>\n          The app's folder\n      --lang <LANG>\n          The language\n  -h, --help\n          Print help\n",
  connections: "Usage: cdk-from-rust connections [OPTIONS] <COMMAND>\n\nCommands:\n  list  List\n  help  Print help\n\nOptions:\n      --inspector <URL>\n          The inspector\n  -h, --help\n          Print help\n",
  "connections list": "Usage: cdk-from-rust connections list [OPTIONS]\n\nOptions:\n      --json  The API's answer\n  -h, --help  Print help\n",
};

const roots = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A repository with a workspace, a script, an example, a stand-in CLI and the given docs. */
function repository(readme, docs = {}) {
  const root = mkdtempSync(path.join(tmpdir(), "docs-check-test-"));
  roots.push(root);
  const write = (file, text, mode) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
    if (mode !== undefined) chmodSync(path.join(root, file), mode);
  };
  write("Cargo.toml", '[workspace]\nmembers = ["cli", "codegen"]\n');
  write("cli/Cargo.toml", '[package]\nname = "cdk-from-rust"\n');
  write("codegen/Cargo.toml", '[package]\nname = "cdk-from-rust-codegen"\n');
  write("codegen/tests/goldens.rs", "");
  write("examples/chat/app.yaml", "app: chat\n");
  write("scripts/test-all.sh", "#!/bin/sh\n", 0o755);
  write("scripts/not-executable.sh", "#!/bin/sh\n", 0o644);
  const cases = Object.entries(HELP)
    .map(([args, text]) => `  "${args}") printf '%b' ${JSON.stringify(text).replace(/\$/g, "\\$")} ;;`)
    .join("\n");
  // `--help` after the words of a level prints that level's help; `app MODEL --out DIR` writes DIR/app.
  write(
    "bin/cdk-from-rust",
    `#!/usr/bin/env bash\nif [ "\${@: -1}" = --help ]; then\n  set -- "\${@:1:$#-1}"\n  case "$*" in\n${cases}\n  esac\n  exit 0\nfi\nif [ "$1" = app ]; then mkdir -p "$4" && echo "$2" > "$4/app"; exit 0; fi\nexit 1\n`,
    0o755,
  );
  write("README.md", readme);
  for (const [name, text] of Object.entries(docs)) write(`docs/${name}`, text);
  if (Object.keys(docs).length === 0) mkdirSync(path.join(root, "docs"));
  return root;
}

const run = (root) => check(root, path.join(root, "bin/cdk-from-rust"), () => {});

test("anchors are GitHub's", () => {
  assert.equal(slug("The local server: `cargo run -- dev`"), "the-local-server-cargo-run----dev");
  assert.equal(slug("Structs in Python: union props and their companions"), "structs-in-python-union-props-and-their-companions");
  assert.equal(slug("JWT and Cognito authorizers (SST v1 and v3)"), "jwt-and-cognito-authorizers-sst-v1-and-v3");
  assert.equal(slug("`defaults.function`, merged"), "defaultsfunction-merged");
});

test("good docs pass, and their runnable blocks run with cdk-from-rust on the PATH", () => {
  const root = repository(
    [
      "# Project",
      "See [the guide](docs/guide.md#two-commands), [its second part](docs/guide.md#part-1) and [the example](examples/chat/app.yaml).",
      "Paths: `examples/chat/app.yaml`, `scripts/`, `built/lib/index.js` (ignored by git), `src/{name}.ts`, `target/x/y`, `a/b c`.",
      "```sh",
      "cargo run -- app examples/chat/app.yaml --lang python   # a comment --not-a-flag",
      "cdk-from-rust connections --inspector http://127.0.0.1:3000 list --json",
      "CDK_FROM_RUST_CACHE=/tmp/x npx cdk-from-rust app MODEL --out=DIR && scripts/test-all.sh",
      "cargo test -p cdk-from-rust-codegen --test goldens",
      "```",
      "```sh runnable",
      "cdk-from-rust app examples/chat/app.yaml --out target/docs",
      "```",
      "```",
      "[not a link](nowhere.md) inside a plain block",
      "```",
    ].join("\n"),
    { "guide.md": "# Guide\n\n## Two commands\n\n## Part\n\n## Part\n\nBack to [the README](../README.md#project) or [here](#guide); `[code](nowhere.md)`.\n" },
  );
  mkdirSync(path.join(root, "built"));
  writeFileSync(path.join(root, ".gitignore"), "/built/lib\n");
  execFileSync("git", ["init", "--quiet"], { cwd: root });
  assert.deepEqual(run(root), []);
  assert.equal(readFileSync(path.join(root, "target/docs/app"), "utf8"), "examples/chat/app.yaml\n");
});

test("every kind of mistake is named with its file and line", () => {
  const root = repository(
    [
      "# Project",
      "[gone](docs/missing.md), [no anchor](docs/guide.md#nowhere), [outside](../elsewhere.md), `codegen/src/dev/` moved",
      "```sh",
      "cargo run -- dev",
      "cdk-from-rust app examples/chat/app.yaml --port 3001",
      "cdk-from-rust connections lsit",
      "cdk-from-rust app examples/missing/app.toml && scripts/not-executable.sh",
      "cargo test -p cdk-from-rust-dev",
      "cargo test -p cdk-from-rust-codegen --test app_goldens",
      "```",
      "```sh runnable",
      "touch ran-although-other-problems",
      "```",
    ].join("\n"),
    { "guide.md": "# Guide\n" },
  );
  const problems = run(root);
  const expected = [
    /^README\.md:2: link docs\/missing\.md: docs\/missing\.md does not exist/,
    /^README\.md:2: link docs\/guide\.md#nowhere: docs\/guide\.md has no heading with the anchor #nowhere/,
    /^README\.md:2: link \.\.\/elsewhere\.md: \.\.\/elsewhere\.md does not exist in the repository/,
    /^README\.md:3: cargo run -- dev: cdk-from-rust: no command dev \(its --help lists app, connections, help\)/,
    /^README\.md:3: cdk-from-rust app .*: cdk-from-rust app: no flag --port/,
    /^README\.md:3: cdk-from-rust connections lsit: cdk-from-rust connections: no command lsit/,
    /^README\.md:3: cdk-from-rust app examples\/missing\/app\.toml: examples\/missing\/app\.toml does not exist/,
    /^README\.md:3: scripts\/not-executable\.sh: scripts\/not-executable\.sh is not executable/,
    /^README\.md:3: cargo test -p cdk-from-rust-dev: no workspace package cdk-from-rust-dev/,
    /^README\.md:3: cargo test .*: package cdk-from-rust-codegen has no test target app_goldens \(codegen\/tests\/app_goldens\.rs\)/,
    /^README\.md:2: `codegen\/src\/dev\/` does not exist$/,
  ];
  assert.equal(problems.length, expected.length, problems.join("\n"));
  expected.forEach((pattern, i) => assert.match(problems[i], pattern));
  assert.equal(existsSync(path.join(root, "ran-although-other-problems")), false);
});

test("a runnable block that fails is reported with its output", () => {
  const failing = repository("# Project\n\n```sh runnable\necho before\nfalse\necho after\n```\n");
  const [problem, ...rest] = run(failing);
  assert.deepEqual(rest, []);
  assert.match(problem, /^README\.md:3: the runnable block failed \(exit 1, [0-9.]+ s\):\necho before\nfalse\necho after\nbefore\n$/);
});
