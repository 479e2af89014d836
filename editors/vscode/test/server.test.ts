import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { binaryName, checkServer, expandPath, findOnPath, type Host, nodeHost, resolveServer } from '../src/server';

/** A host over a fake file system: `files` maps paths to whether they are executable. */
function fakeHost(files: Record<string, boolean>, env: NodeJS.ProcessEnv = {}, platform: NodeJS.Platform = 'linux'): Host & { chmodded: string[] } {
  const chmodded: string[] = [];
  return {
    platform,
    env,
    homedir: '/home/me',
    chmodded,
    isFile: (f) => f in files,
    isExecutable: (f) => files[f] === true,
    makeExecutable: (f) => {
      chmodded.push(f);
      return false;
    },
  };
}

test('binaryName has .exe on Windows only', () => {
  assert.equal(binaryName('linux'), 'iam-policy-ls');
  assert.equal(binaryName('darwin'), 'iam-policy-ls');
  assert.equal(binaryName('win32'), 'iam-policy-ls.exe');
});

test('expandPath expands ~ and ${workspaceFolder} and anchors relative paths at the folder', () => {
  assert.equal(expandPath('~/bin/iam-policy-ls', '/home/me'), '/home/me/bin/iam-policy-ls');
  assert.equal(expandPath('${workspaceFolder}/tools/ls', '/home/me', '/ws'), '/ws/tools/ls');
  assert.equal(expandPath('target/release/iam-policy-ls', '/home/me', '/ws'), '/ws/target/release/iam-policy-ls');
  assert.equal(expandPath('  /opt/ls  ', '/home/me', '/ws'), '/opt/ls');
});

test('findOnPath finds the first executable match', () => {
  const host = fakeHost({ '/a/iam-policy-ls': false, '/b/iam-policy-ls': true, '/c/iam-policy-ls': true }, { PATH: '/a::/b:/c' });
  assert.equal(findOnPath('iam-policy-ls', host), '/b/iam-policy-ls');
  assert.equal(findOnPath('other', host), undefined);
});

test('resolveServer prefers the setting', () => {
  const host = fakeHost({ '/opt/ls': true, '/ext/server/iam-policy-ls': true }, { PATH: '/usr/bin' });
  assert.deepEqual(resolveServer({ configured: '/opt/ls', extensionPath: '/ext' }, host), { ok: true, path: '/opt/ls', source: 'setting' });
});

test('resolveServer looks a bare name in the setting up on the PATH', () => {
  const host = fakeHost({ '/usr/local/bin/my-ls': true }, { PATH: '/usr/bin:/usr/local/bin' });
  assert.deepEqual(resolveServer({ configured: 'my-ls', extensionPath: '/ext' }, host), { ok: true, path: '/usr/local/bin/my-ls', source: 'setting' });
});

test('a setting that points nowhere is an error, not a silent fallback', () => {
  const host = fakeHost({ '/ext/server/iam-policy-ls': true });
  const r = resolveServer({ configured: '/nope/iam-policy-ls', extensionPath: '/ext' }, host);
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.message : '', /iamPolicyLs\.server\.path.*\/nope\/iam-policy-ls.*no such file/);
});

test('a setting that points at a file that cannot be made executable is an error', () => {
  const host = fakeHost({ '/opt/ls': false });
  const r = resolveServer({ configured: '/opt/ls', extensionPath: '/ext' }, host);
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.message : '', /not executable/);
  assert.deepEqual(host.chmodded, ['/opt/ls']);
});

test('resolveServer uses the bundled binary, then the PATH', () => {
  const both = fakeHost({ '/ext/server/iam-policy-ls': true, '/usr/bin/iam-policy-ls': true }, { PATH: '/usr/bin' });
  assert.deepEqual(resolveServer({ configured: '', extensionPath: '/ext' }, both), { ok: true, path: '/ext/server/iam-policy-ls', source: 'bundled' });
  const pathOnly = fakeHost({ '/usr/bin/iam-policy-ls': true }, { PATH: '/usr/bin' });
  assert.deepEqual(resolveServer({ configured: undefined, extensionPath: '/ext' }, pathOnly), { ok: true, path: '/usr/bin/iam-policy-ls', source: 'PATH' });
});

test('on Windows the bundled binary and the PATH lookup use .exe', () => {
  const host = fakeHost({ [path.join('C:/ext', 'server', 'iam-policy-ls.exe')]: true }, {}, 'win32');
  const r = resolveServer({ configured: '', extensionPath: 'C:/ext' }, host);
  assert.equal(r.ok && r.source, 'bundled');
});

test('no binary anywhere gives a message that says what to do', () => {
  const r = resolveServer({ configured: '', extensionPath: '/ext' }, fakeHost({}, { PATH: '/usr/bin' }));
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.match(r.message, /not found/);
    assert.match(r.message, /cargo install/);
    assert.match(r.message, /iamPolicyLs\.server\.path/);
    assert.deepEqual(r.tried, ['/ext/server/iam-policy-ls', 'iam-policy-ls on the PATH']);
  }
});

test('the real host makes a bundled binary that lost its mode executable', { skip: process.platform === 'win32' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-ext-'));
  try {
    fs.mkdirSync(path.join(dir, 'server'));
    const bin = path.join(dir, 'server', 'iam-policy-ls');
    fs.writeFileSync(bin, '#!/bin/sh\necho iam-policy-ls 0.0.0\n', { mode: 0o644 });
    const r = resolveServer({ configured: '', extensionPath: dir }, nodeHost(process.platform, { PATH: '' }, os.homedir()));
    assert.deepEqual(r, { ok: true, path: bin, source: 'bundled' });
    assert.ok(fs.statSync(bin).mode & 0o100);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function script(body: string, mode = 0o755): { file: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-ext-'));
  const file = path.join(dir, 'iam-policy-ls');
  fs.writeFileSync(file, body, { mode });
  return { file, dir };
}

test('checkServer accepts a binary whose --version names iam-policy-ls', { skip: process.platform === 'win32' }, async () => {
  const { file, dir } = script('#!/bin/sh\n[ "$1" = --version ] && echo "iam-policy-ls 0.1.0 (catalog 2026-10-27)"\n');
  try {
    assert.equal(await checkServer(file), 'iam-policy-ls 0.1.0 (catalog 2026-10-27)');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('checkServer explains a broken binary', { skip: process.platform === 'win32' }, async () => {
  const cases: Array<[string, number, RegExp]> = [
    ['#!/bin/sh\necho "error while loading shared libraries: libfoo.so" >&2\nexit 127\n', 0o755, /cannot be run: .*libfoo/],
    ['#!/bin/sh\necho hello\n', 0o755, /does not look like iam-policy-ls/],
    ['#!/bin/sh\necho iam-policy-ls\n', 0o644, /permission denied/],
    ['\x7fELF garbage that is not a program', 0o755, /cannot be run/],
  ];
  for (const [body, mode, re] of cases) {
    const { file, dir } = script(body, mode);
    try {
      await assert.rejects(checkServer(file), re);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  await assert.rejects(checkServer('/nonexistent/iam-policy-ls'), /does not exist/);
});

test('checkServer gives up on a binary that hangs', { skip: process.platform === 'win32' }, async () => {
  const { file, dir } = script('#!/bin/sh\nexec sleep 30\n');
  try {
    await assert.rejects(checkServer(file, 300), /did not answer/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
