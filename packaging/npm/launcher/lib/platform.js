'use strict';
// Which package holds the binary for a platform: one package per platform, installed as an
// optional dependency of this one (npm, pnpm and yarn skip those whose os/cpu/libc do not match).

const SCOPE = '@cdk-from-rust';

// process.platform-process.arch -> the platform package's suffix. Linux binaries link glibc.
const PLATFORMS = {
  'linux-x64': { name: 'cli-linux-x64', os: 'linux', cpu: 'x64', libc: 'glibc' },
  'linux-arm64': { name: 'cli-linux-arm64', os: 'linux', cpu: 'arm64', libc: 'glibc' },
  'darwin-x64': { name: 'cli-darwin-x64', os: 'darwin', cpu: 'x64' },
  'darwin-arm64': { name: 'cli-darwin-arm64', os: 'darwin', cpu: 'arm64' },
  'win32-x64': { name: 'cli-win32-x64', os: 'win32', cpu: 'x64' },
};

/** The C library of this Linux machine: 'glibc' or 'musl' (Alpine); null elsewhere. */
function currentLibc() {
  if (process.platform !== 'linux') return null;
  const header = process.report && process.report.getReport().header;
  return header && header.glibcVersionRuntime ? 'glibc' : 'musl';
}

/** The package name for a platform, or an Error saying what is supported and what to do. */
function packageFor(platform, arch, libc) {
  const entry = PLATFORMS[`${platform}-${arch}`];
  const supported = Object.keys(PLATFORMS).join(', ');
  if (!entry) {
    return new Error(`cdk-from-rust has no binary for ${platform}-${arch} (there are: ${supported}); build it from source with \`cargo install --locked --git https://github.com/cdk-from-rust/cdk-from-rust cdk-from-rust\``);
  }
  if (entry.libc && libc !== entry.libc) {
    return new Error(`cdk-from-rust's ${platform}-${arch} binary needs ${entry.libc}, and this machine has ${libc} (Alpine?); build it from source with \`cargo install --locked --git https://github.com/cdk-from-rust/cdk-from-rust cdk-from-rust\``);
  }
  return `${SCOPE}/${entry.name}`;
}

/** The binary's path inside a platform package. */
function binaryName(platform) {
  return platform === 'win32' ? 'bin/cdk-from-rust.exe' : 'bin/cdk-from-rust';
}

module.exports = { PLATFORMS, SCOPE, currentLibc, packageFor, binaryName };
