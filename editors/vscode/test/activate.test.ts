// Activates the extension against a stand-in `vscode` module to check what a user sees when the
// server binary is missing or broken. (The real editor is exercised by e2e/e2e.mjs.)
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require('node:module') as { _load: (request: string, ...rest: unknown[]) => unknown };

interface Fake {
  vscode: unknown;
  errors: string[];
  logs: string[];
  commands: Map<string, (...args: unknown[]) => unknown>;
  executed: unknown[][];
  answer: string | undefined;
}

/** A `vscode` module: whatever the language client touches at load time is a harmless stand-in. */
function fakeVscode(settings: Record<string, unknown>): Fake {
  const fake: Fake = { vscode: undefined, errors: [], logs: [], commands: new Map(), executed: [], answer: undefined };
  const stub = (): unknown =>
    new Proxy(function () {}, {
      get: (t, p) => (p === 'prototype' ? (t as { prototype: unknown }).prototype : typeof p === 'symbol' ? undefined : stub()),
      construct: () => ({}),
      apply: () => undefined,
    });
  const channel = {
    info: (l: string) => fake.logs.push(l),
    appendLine: (l: string) => fake.logs.push(l),
    show: () => undefined,
    dispose: () => undefined,
  };
  const api: Record<string, unknown> = {
    window: {
      createOutputChannel: () => channel,
      showErrorMessage: async (message: string) => {
        fake.errors.push(message);
        return fake.answer;
      },
    },
    workspace: {
      workspaceFolders: undefined,
      getConfiguration: () => ({ get: (key: string) => settings[key] }),
      onDidChangeConfiguration: () => ({ dispose: () => undefined }),
    },
    commands: {
      registerCommand: (id: string, f: (...args: unknown[]) => unknown) => {
        fake.commands.set(id, f);
        return { dispose: () => undefined };
      },
      executeCommand: async (...args: unknown[]) => {
        fake.executed.push(args);
      },
    },
  };
  fake.vscode = new Proxy(api, { get: (t, p) => (p in t ? t[p as string] : typeof p === 'symbol' ? undefined : stub()) });
  return fake;
}

async function activateWith(settings: Record<string, unknown>, extensionPath: string, answer?: string): Promise<Fake> {
  const fake = fakeVscode(settings);
  fake.answer = answer;
  const load = Module._load;
  Module._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? fake.vscode : load.call(this, request, ...rest);
  };
  const savedPath = process.env.PATH;
  process.env.PATH = '';
  try {
    const file = require.resolve('../src/extension');
    delete require.cache[file];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ext = require(file) as { activate(ctx: unknown): Promise<void> };
    await ext.activate({ extensionPath, subscriptions: [] });
    // The notification's answer is handled asynchronously.
    await new Promise((r) => setTimeout(r, 10));
  } finally {
    process.env.PATH = savedPath;
    Module._load = load;
  }
  return fake;
}

test('no binary anywhere: an error notification says what to do, and the commands still exist', async () => {
  const fake = await activateWith({ 'server.path': '' }, '/nonexistent-extension-dir');
  assert.equal(fake.errors.length, 1);
  assert.match(fake.errors[0], /^IAM Policy Language Server: The iam-policy-ls binary was not found/);
  assert.match(fake.errors[0], /cargo install/);
  assert.match(fake.errors[0], /iamPolicyLs\.server\.path/);
  assert.deepEqual([...fake.commands.keys()].sort(), ['iamPolicyLs.restartServer', 'iamPolicyLs.showOutput']);
  assert.ok(fake.logs.some((l) => l.includes('/nonexistent-extension-dir/server/iam-policy-ls')));
});

test('"Open Settings" on the notification opens the server path setting', async () => {
  const fake = await activateWith({ 'server.path': '/nope/iam-policy-ls' }, '/nonexistent-extension-dir', 'Open Settings');
  assert.match(fake.errors[0], /iamPolicyLs\.server\.path is "\/nope\/iam-policy-ls", but there is no such file/);
  assert.deepEqual(fake.executed, [['workbench.action.openSettings', 'iamPolicyLs.server.path']]);
});

test('a broken binary: the notification says it cannot be run and why', { skip: process.platform === 'win32' }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-ext-'));
  try {
    const bin = path.join(dir, 'iam-policy-ls');
    fs.writeFileSync(bin, '#!/bin/sh\necho "error while loading shared libraries: libssl.so.3" >&2\nexit 127\n', { mode: 0o755 });
    const fake = await activateWith({ 'server.path': bin }, '/nonexistent-extension-dir');
    assert.equal(fake.errors.length, 1);
    assert.match(fake.errors[0], /cannot be run: .*libssl\.so\.3/);
    assert.match(fake.errors[0], /point iamPolicyLs\.server\.path at one/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
