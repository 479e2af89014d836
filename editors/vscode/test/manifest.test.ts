// Checks package.json against the code: the commands it declares are registered, the settings it
// declares are read, the severities and policy types match what the server accepts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { POLICY_TYPES, RESOURCE_OF_SERVICE, SEVERITIES } from '../src/config';

const root = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const extensionSource = fs.readFileSync(path.join(root, 'src', 'extension.ts'), 'utf8');
const props = pkg.contributes.configuration.properties;

test('activates on JSON and JSONC and points at the bundle', () => {
  assert.deepEqual(pkg.activationEvents, ['onLanguage:json', 'onLanguage:jsonc', 'onLanguage:yaml']);
  assert.equal(pkg.main, './dist/extension.js');
  assert.match(pkg.scripts.bundle, /--outfile=dist\/extension\.js/);
  assert.match(pkg.scripts.bundle, /--external:vscode/);
});

test('the document selector covers json and jsonc', () => {
  for (const lang of ['json', 'jsonc']) assert.match(extensionSource, new RegExp(`language: '${lang}'`));
});

test('every declared command is registered', () => {
  const ids: string[] = pkg.contributes.commands.map((c: { command: string }) => c.command);
  assert.deepEqual(ids.sort(), ['iamPolicyLs.restartServer', 'iamPolicyLs.showOutput']);
  for (const id of ids) {
    const local = id.replace(/^iamPolicyLs\./, '');
    assert.ok(extensionSource.includes(`\`\${SECTION}.${local}\``), `${id} is not registered`);
  }
});

test('the settings are the ones the extension reads', () => {
  assert.deepEqual(Object.keys(props).sort(), [
    'iamPolicyLs.ignore',
    'iamPolicyLs.policyTypes',
    'iamPolicyLs.rules',
    'iamPolicyLs.server.path',
    'iamPolicyLs.trace.server',
  ]);
  assert.deepEqual(props['iamPolicyLs.rules'].additionalProperties.enum, [...SEVERITIES]);
  const policyType = props['iamPolicyLs.policyTypes'].additionalProperties.anyOf;
  assert.deepEqual(policyType[0].enum, [...POLICY_TYPES]);
  assert.equal(policyType[1].pattern, RESOURCE_OF_SERVICE.source);
  assert.deepEqual(props['iamPolicyLs.trace.server'].enum, ['off', 'messages', 'verbose']);
  // The language client reads `<id>.trace.server`, so the client id must be the section.
  assert.match(extensionSource, /const SECTION = 'iamPolicyLs';/);
  assert.match(extensionSource, /new LanguageClient\(SECTION,/);
});

test('the engine is one vscode-languageclient supports and @types/vscode does not exceed it', () => {
  const lc = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'vscode-languageclient', 'package.json'), 'utf8'));
  const min = (range: string) => range.replace(/^[\^~>=]+/, '').split('.').map(Number);
  const [emaj, emin] = min(pkg.engines.vscode);
  const [lmaj, lmin] = min(lc.engines.vscode);
  assert.ok(emaj > lmaj || (emaj === lmaj && emin >= lmin), `engines.vscode ${pkg.engines.vscode} < languageclient's ${lc.engines.vscode}`);
  const [tmaj, tmin] = min(pkg.devDependencies['@types/vscode']);
  assert.ok(tmaj < emaj || (tmaj === emaj && tmin <= emin), '@types/vscode is newer than engines.vscode');
});

test('the .vsix takes only the bundle, the server and the metadata', () => {
  const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8');
  assert.match(ignore, /^\*\*$/m);
  for (const keep of ['!dist/extension.js', '!server/**', '!package.json', '!README.md', '!LICENSE']) {
    assert.ok(ignore.split(/\r?\n/).includes(keep), `.vscodeignore lacks ${keep}`);
  }
});
