#!/usr/bin/env node
'use strict';
// Runs the binary of the installed platform package with this process's arguments, standard
// streams and environment, passes on the signals that stop it and exits as it exits.

const { spawn } = require('node:child_process');
const path = require('node:path');
const { packageFor, binaryName, currentLibc } = require('../lib/platform.js');

function binary() {
  // For trying a locally built binary through the launcher.
  if (process.env.CDK_FROM_RUST_BINARY) return process.env.CDK_FROM_RUST_BINARY;
  const name = packageFor(process.platform, process.arch, currentLibc());
  if (name instanceof Error) throw name;
  let dir;
  try {
    dir = path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    throw new Error(`cdk-from-rust: the package ${name}, which holds the binary for this platform, is not installed; it is an optional dependency of cdk-from-rust, so reinstall without --omit=optional / --no-optional (or add ${name} yourself)`);
  }
  return path.join(dir, binaryName(process.platform));
}

let file;
try {
  file = binary();
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
const child = spawn(file, process.argv.slice(2), { stdio: 'inherit' });
const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP'];
for (const signal of forwarded) {
  process.on(signal, () => child.kill(signal));
}
child.on('error', (e) => {
  console.error(`cdk-from-rust: cannot run ${file}: ${e.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) {
    // Ends the same way the binary ended, so a caller sees the signal.
    for (const s of forwarded) process.removeAllListeners(s);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
