import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { isEmpty, serverConfig, settingsPayload } from '../src/config';

const getter = (values: Record<string, unknown>) => (key: string) => values[key];

test('nothing set sends nothing, so .iam-policy-ls.toml stays in charge', () => {
  const { config, problems } = serverConfig(getter({ rules: {}, policyTypes: {}, ignore: [] }));
  assert.deepEqual(config, {});
  assert.ok(isEmpty(config));
  assert.deepEqual(problems, []);
  assert.deepEqual(serverConfig(getter({})).config, {});
});

test('settings map to the server keys', () => {
  const { config, problems } = serverConfig(
    getter({
      rules: { 'missing-version': 'Error', 'resource-mismatch': 'off' },
      policyTypes: { '**/trust/*.json': 'trust', 'scps/**': 'scp', 'ecr/**': 'resource:ecr' },
      ignore: ['node_modules/**'],
    }),
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(config, {
    rules: { 'missing-version': 'error', 'resource-mismatch': 'off' },
    'policy-types': { '**/trust/*.json': 'trust', 'scps/**': 'scp', 'ecr/**': 'resource:ecr' },
    ignore: ['node_modules/**'],
  });
  assert.deepEqual(settingsPayload(config), { iamPolicyLs: config });
});

test('bad values are dropped with a problem each, the rest is kept', () => {
  const { config, problems } = serverConfig(
    getter({
      rules: { 'unknown-action': 'loud', 'missing-version': 'hint', x: 3 },
      policyTypes: { 'a/**': 'group' },
      ignore: ['ok/**', '', 7],
    }),
  );
  assert.deepEqual(config, { rules: { 'missing-version': 'hint' }, ignore: ['ok/**'] });
  assert.equal(problems.length, 4);
  assert.match(problems[0], /unknown-action.*loud/);
  assert.match(problems.join('\n'), /group/);
});

test('settings of the wrong shape are ignored', () => {
  const { config, problems } = serverConfig(getter({ rules: ['x'], policyTypes: 'trust', ignore: 'node_modules/**' }));
  assert.deepEqual(config, {});
  assert.equal(problems.length, 3);
});
