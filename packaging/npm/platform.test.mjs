// The launcher's choice of platform package: process.platform, process.arch and the C library
// to the package that holds the binary, or an error that says what to do.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import platforms from './launcher/lib/platform.js';

const { packageFor, binaryName, currentLibc } = platforms;

test('each supported platform maps to its package', () => {
  const table = [
    ['linux', 'x64', 'glibc', '@cdk-from-rust/cli-linux-x64'],
    ['linux', 'arm64', 'glibc', '@cdk-from-rust/cli-linux-arm64'],
    ['darwin', 'x64', null, '@cdk-from-rust/cli-darwin-x64'],
    ['darwin', 'arm64', null, '@cdk-from-rust/cli-darwin-arm64'],
    ['win32', 'x64', null, '@cdk-from-rust/cli-win32-x64'],
  ];
  for (const [platform, arch, libc, name] of table) {
    assert.equal(packageFor(platform, arch, libc), name, `${platform} ${arch} ${libc}`);
  }
});

test('unsupported platforms and musl get an error naming them and cargo install', () => {
  const table = [
    ['linux', 'x64', 'musl', /needs glibc, and this machine has musl/],
    ['linux', 'arm64', 'musl', /needs glibc/],
    ['win32', 'arm64', null, /no binary for win32-arm64 \(there are: linux-x64, linux-arm64, darwin-x64, darwin-arm64, win32-x64\)/],
    ['freebsd', 'x64', null, /no binary for freebsd-x64/],
    ['linux', 'ia32', 'glibc', /no binary for linux-ia32/],
  ];
  for (const [platform, arch, libc, message] of table) {
    const result = packageFor(platform, arch, libc);
    assert.ok(result instanceof Error, `${platform} ${arch} ${libc}: ${result}`);
    assert.match(result.message, message);
    assert.match(result.message, /cargo install/);
  }
});

test('the binary is an .exe on Windows only', () => {
  assert.equal(binaryName('win32'), 'bin/cdk-from-rust.exe');
  assert.equal(binaryName('linux'), 'bin/cdk-from-rust');
  assert.equal(binaryName('darwin'), 'bin/cdk-from-rust');
});

test('this machine is one the launcher supports', () => {
  const name = packageFor(process.platform, process.arch, currentLibc());
  assert.equal(typeof name, 'string', String(name));
});
