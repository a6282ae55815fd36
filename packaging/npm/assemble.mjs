// Assembles the npm packages of the cdk-from-rust command and packs them into OUT, as they are
// published: the launcher (`cdk-from-rust`, with the platform packages as optional
// dependencies) and/or one platform package holding a binary.
// Usage: node packaging/npm/assemble.mjs OUT [--launcher] [--platform linux-x64 --binary PATH]
// Prints the tarballs' paths.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import platforms from './launcher/lib/platform.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { launcher: { type: 'boolean' }, platform: { type: 'string' }, binary: { type: 'string' } },
});
const [out] = positionals;
if (!out || (!values.launcher && !values.platform) || Boolean(values.platform) !== Boolean(values.binary)) {
  console.error('usage: assemble.mjs OUT [--launcher] [--platform KEY --binary PATH]');
  process.exit(2);
}

// The crate's version is the packages' version: `cdk-from-rust --version` prints it.
const cargo = readFileSync(path.join(root, 'cli/Cargo.toml'), 'utf8');
const version = cargo.match(/^version = "([^"]+)"/m)[1];
const repository = { type: 'git', url: 'https://github.com/cdk-from-rust/cdk-from-rust.git', directory: 'packaging/npm' };
const common = { version, license: 'Apache-2.0', repository, homepage: 'https://github.com/cdk-from-rust/cdk-from-rust#readme' };

const stage = mkdtempSync(path.join(tmpdir(), 'cdk-from-rust-npm-'));
mkdirSync(out, { recursive: true });
const tarballs = [];
function pack(dir) {
  // npm is npm.cmd on Windows, which only a shell runs.
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', path.resolve(out)], { cwd: dir, encoding: 'utf8', shell: process.platform === 'win32' }).trim().split('\n').pop();
  tarballs.push(path.resolve(out, name));
}
function writePackage(dir, manifest, readme) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(path.join(dir, 'README.md'), readme);
  copyFileSync(path.join(root, 'packaging/LICENSE'), path.join(dir, 'LICENSE'));
}

try {
  if (values.launcher) {
    const dir = path.join(stage, 'launcher');
    const optionalDependencies = Object.fromEntries(Object.values(platforms.PLATFORMS).map((p) => [`${platforms.SCOPE}/${p.name}`, version]));
    writePackage(dir, {
      name: 'cdk-from-rust',
      description: 'The cdk-from-rust command: serve a CDK app\'s API Gateway WebSocket APIs locally (`npx cdk-from-rust dev`), generate and synthesize CDK apps from app models',
      ...common,
      keywords: ['aws-cdk', 'websocket', 'api-gateway', 'lambda', 'local'],
      bin: { 'cdk-from-rust': 'bin/cdk-from-rust.js' },
      files: ['bin/cdk-from-rust.js', 'lib/platform.js'],
      engines: { node: '>=18' },
      optionalDependencies,
    }, readFileSync(path.join(here, 'launcher/README.md'), 'utf8'));
    mkdirSync(path.join(dir, 'bin'));
    mkdirSync(path.join(dir, 'lib'));
    copyFileSync(path.join(here, 'launcher/bin/cdk-from-rust.js'), path.join(dir, 'bin/cdk-from-rust.js'));
    chmodSync(path.join(dir, 'bin/cdk-from-rust.js'), 0o755);
    copyFileSync(path.join(here, 'launcher/lib/platform.js'), path.join(dir, 'lib/platform.js'));
    pack(dir);
  }
  if (values.platform) {
    const entry = platforms.PLATFORMS[values.platform];
    if (!entry) {
      console.error(`assemble.mjs: --platform ${values.platform} is not one of ${Object.keys(platforms.PLATFORMS).join(', ')}`);
      process.exit(2);
    }
    const dir = path.join(stage, entry.name);
    const binary = platforms.binaryName(entry.os);
    writePackage(dir, {
      name: `${platforms.SCOPE}/${entry.name}`,
      description: `The ${values.platform} binary of the cdk-from-rust command; install cdk-from-rust, which runs it`,
      ...common,
      os: [entry.os],
      cpu: [entry.cpu],
      ...(entry.libc ? { libc: [entry.libc] } : {}),
      files: [binary],
      // Package managers that zip packages (Yarn PnP) must leave a binary on disk.
      preferUnplugged: true,
    }, `# ${platforms.SCOPE}/${entry.name}\n\nThe ${values.platform} binary of the \`cdk-from-rust\` command. Do not install it yourself: install [\`cdk-from-rust\`](https://www.npmjs.com/package/cdk-from-rust), which depends on it (and on the packages of the other platforms) optionally and runs it.\n`);
    mkdirSync(path.join(dir, 'bin'));
    copyFileSync(values.binary, path.join(dir, binary));
    chmodSync(path.join(dir, binary), 0o755);
    pack(dir);
  }
} finally {
  rmSync(stage, { recursive: true, force: true });
}
console.log(tarballs.join('\n'));
