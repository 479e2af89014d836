// End-to-end test of the packaged extension in a real VS Code: code-server on 127.0.0.1, driven by
// Playwright with the system's Chromium. Installs the .vsix, opens a policy from the Explorer and
// checks what a person would see: the server's diagnostic in the Problems panel, its hover, and
// its completion list.
//
//   node e2e.mjs --vsix FILE.vsix [--code-server BIN] [--chromium /usr/bin/chromium]
//                [--out DIR] [--pidfile FILE] [--keep]
//
// Everything code-server writes (config, user data, extensions, HOME) lives in a temporary
// directory. Screenshots and logs go to --out (default: a temporary directory). Prints one line
// per check; exits 0 when all pass, 1 otherwise.

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const vsix = opt('vsix');
const codeServer = opt('code-server', path.join(here, 'node_modules', '.bin', 'code-server'));
const chromiumPath = opt('chromium', '/usr/bin/chromium');
const keep = args.includes('--keep');
// How long to wait for any one thing to show up on screen.
const UI_TIMEOUT = Number(process.env.E2E_UI_TIMEOUT_MS || 60_000);
const START_TIMEOUT = Number(process.env.E2E_START_TIMEOUT_MS || 120_000);

if (!vsix || !fs.existsSync(vsix)) {
  console.error(`e2e: --vsix FILE is required (got ${vsix})`);
  process.exit(2);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-policy-ls-e2e-'));
const outDir = path.resolve(opt('out', path.join(tmp, 'out')));
fs.mkdirSync(outDir, { recursive: true });
const home = path.join(tmp, 'home');
const userData = path.join(tmp, 'user-data');
const extensions = path.join(tmp, 'extensions');
const ws = path.join(tmp, 'workspace');
const config = path.join(tmp, 'config.yaml');
for (const d of [home, path.join(userData, 'User'), extensions, ws]) fs.mkdirSync(d, { recursive: true });
fs.writeFileSync(config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
fs.writeFileSync(
  path.join(userData, 'User', 'settings.json'),
  JSON.stringify(
    {
      // The chat side bar would take the keyboard focus.
      'chat.disableAIFeatures': true,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.enableExperiments': false,
      'workbench.welcomePage.walkthroughs.openOnInstall': false,
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'extensions.ignoreRecommendations': true,
      'git.enabled': false,
      'json.schemaDownload.enable': false,
      // Completion only when asked (Ctrl+Space), so the test knows when the list opens.
      'editor.quickSuggestions': { other: false, comments: false, strings: false },
      'editor.suggestOnTriggerCharacters': false,
      'editor.hover.delay': 200,
      'editor.minimap.enabled': false,
      'window.zoomLevel': 0,
    },
    null,
    2,
  ),
);
const policyLines = [
  '{',
  '  "Version": "2012-10-17",',
  '  "Statement": [',
  '    {',
  '      "Sid": "WriteLogs",',
  '      "Effect": "Allow",',
  '      "Action": [',
  '        "logs:CreateLogStream",',
  '        "logs:PutLogEvent"',
  '      ],',
  '      "Resource": "arn:aws:logs:*:*:log-group:/app/*"',
  '    }',
  '  ]',
  '}',
  '',
];
fs.writeFileSync(path.join(ws, 'policy.json'), policyLines.join('\n'));
// A CloudFormation template in YAML: its policies get the same features.
const templateLines = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Resources:',
  '  AppRole:',
  '    Type: AWS::IAM::Role',
  '    Properties:',
  '      AssumeRolePolicyDocument:',
  '        Version: "2012-10-17"',
  '        Statement:',
  '          - Effect: Allow',
  '            Principal:',
  '              Service: lambda.amazonaws.com',
  '            Action: sts:AssumeRole',
  '      Policies:',
  '        - PolicyName: app',
  '          PolicyDocument:',
  '            Version: "2012-10-17"',
  '            Statement:',
  '              - Effect: Allow',
  '                Action: s3:GetObjekt',
  '                Resource: "*"',
  '',
];
fs.writeFileSync(path.join(ws, 'template.yaml'), templateLines.join('\n'));

const env = {
  ...process.env,
  HOME: home,
  XDG_CONFIG_HOME: path.join(home, '.config'),
  XDG_DATA_HOME: path.join(home, '.local', 'share'),
  XDG_CACHE_HOME: path.join(home, '.cache'),
  XDG_STATE_HOME: path.join(home, '.local', 'state'),
  // No extension marketplace: point code-server's gallery at a closed local port.
  EXTENSIONS_GALLERY: JSON.stringify({
    serviceUrl: 'http://127.0.0.1:9/gallery',
    itemUrl: 'http://127.0.0.1:9/item',
    resourceUrlTemplate: 'http://127.0.0.1:9/{publisher}/{name}/{version}/{path}',
  }),
};
const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];

let server; // the code-server process (leader of its own process group)
let browser;
let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) passed++;
  else failed++;
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${!ok && detail ? `: ${detail}` : ''}`);
  return ok;
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

async function cleanup() {
  if (browser) {
    const b = browser;
    browser = undefined;
    await Promise.race([b.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
  }
  if (server?.pid) {
    const pid = server.pid;
    server = undefined;
    killGroup(pid, 'SIGTERM');
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      try {
        process.kill(-pid, 0);
      } catch {
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    killGroup(pid, 'SIGKILL');
  }
  if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    cleanup().finally(() => process.exit(130));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function get(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

async function waitForHttp(url, timeout) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if ((await get(url)) === 200) return true;
    if (server?.exitCode !== null && server?.exitCode !== undefined) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/** Polls a condition on the UI state until it holds or UI_TIMEOUT passes; returns whether it held. */
async function waitUntil(condition, timeout = UI_TIMEOUT) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

// The box of an element that the editor may re-render (semantic tokens arrive after the first
// paint and split a string into new spans): polled until it is laid out.
async function boxOf(locator) {
  let box = null;
  await waitUntil(async () => (box = await locator.boundingBox({ timeout: 1000 }).catch(() => null)) !== null);
  if (!box) throw new Error('element never laid out');
  return box;
}

async function shot(page, name) {
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(`       screenshot: ${file}`);
  return file;
}

async function main() {
  // 1. Install the packaged extension the way a user would.
  const install = spawnSync(codeServer, [...common, '--install-extension', path.resolve(vsix)], { env, encoding: 'utf8', timeout: 120_000 });
  const installed = fs.readdirSync(extensions).find((d) => d.startsWith('iam-policy-ls.iam-policy-ls-'));
  if (!check('code-server --install-extension installs the .vsix', install.status === 0 && installed, `${install.stdout}\n${install.stderr}`)) return;
  const bundled = path.join(extensions, installed, 'server', 'iam-policy-ls');
  check('the bundled server binary is installed and executable', fs.existsSync(bundled) && (fs.statSync(bundled).mode & 0o111) !== 0);
  // The README's screenshot is in the .vsix and its link stays relative (vsce once rewrote it
  // to a repository URL that did not exist: a broken image on the extension's page).
  // (vsce writes it as readme.md.)
  const readmeName = fs.readdirSync(path.join(extensions, installed)).find((f) => f.toLowerCase() === 'readme.md') || 'README.md';
  const readme = fs.readFileSync(path.join(extensions, installed, readmeName), 'utf8');
  const image = (readme.match(/!\[[^\]]*\]\(([^)]+)\)/) || [])[1] || '';
  check('the README image is packaged and linked relatively', image !== '' && !/^https?:/.test(image) && fs.existsSync(path.join(extensions, installed, image)), image);

  // 2. Start code-server in its own process group.
  const port = await freePort();
  const log = fs.openSync(path.join(outDir, 'code-server.log'), 'w');
  server = spawn(
    codeServer,
    [...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', ws],
    { env, detached: true, stdio: ['ignore', log, log] },
  );
  if (opt('pidfile')) fs.writeFileSync(opt('pidfile'), String(server.pid));
  const up = await waitForHttp(`http://127.0.0.1:${port}/healthz`, START_TIMEOUT);
  if (!check('code-server answers on 127.0.0.1', up, fs.readFileSync(path.join(outDir, 'code-server.log'), 'utf8').slice(-2000))) return;

  // 3. Open the workspace in Chromium.
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // Chromium writes crash-report settings under $XDG_CONFIG_HOME: keep them in the temp dir too.
    env: env,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT);
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
  await page.locator('.monaco-workbench').waitFor();

  // 4. Open policy.json from the Explorer.
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'policy.json' });
  await row.waitFor();
  await row.dblclick();
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-line', { hasText: 'logs:PutLogEvent' }).waitFor();
  check('policy.json opens from the Explorer', true);

  // 5. The server's diagnostic: a squiggle, then the Problems panel.
  await editor.locator('.squiggly-error').first().waitFor();
  check('the misspelled action gets an error squiggle', true);
  await page.locator('[id="status.problems"]').click();
  const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'logs:PutLogEvents' }).first();
  await problem.waitFor();
  const problemText = await problem.innerText();
  check('the Problems panel shows the unknown action with the suggestion', /PutLogEvent/.test(problemText) && /logs:PutLogEvents/.test(problemText), problemText);
  check('the problem comes from iam-policy-ls with code unknown-action', /iam-policy-ls/.test(problemText) && /unknown-action/.test(problemText), problemText);
  // Each problem counted once (the server once pushed diagnostics to a client that also
  // pulled them: every count was doubled). What the server finds, from its own `check`:
  const checked = JSON.parse(spawnSync(bundled, ['check', '--format', 'json', path.join(ws, 'policy.json')], { encoding: 'utf8' }).stdout || '{"files":[]}');
  const findings = checked.files.flatMap((f) => f.findings);
  const expected = { errors: findings.filter((f) => f.severity === 'error').length, warnings: findings.filter((f) => f.severity === 'warning').length };
  await waitUntil(async () => (await page.locator('.markers-panel .monaco-list-row', { hasText: 'iam-policy-ls' }).count()) >= findings.length);
  const problemRows = await page.locator(".markers-panel .monaco-list-row", { hasText: "iam-policy-ls" }).count();
  check(`the Problems panel lists each of the ${findings.length} findings once`, findings.length > 0 && problemRows === findings.length, `${problemRows} rows`);
  const status = (await page.locator('[id="status.problems"]').innerText()).replace(/\s+/g, ' ');
  const counts = (status.match(/\d+/g) || []).map(Number);
  check(`the status bar counts ${expected.errors} error(s) and ${expected.warnings} warning(s)`, counts[0] === expected.errors && counts[1] === expected.warnings, status);
  const badge = await page.locator('.panel .composite-bar .badge, .part.panel .badge-content').first().innerText().catch(() => '');
  check('the Problems tab badge counts each finding once', badge === '' || Number(badge) === findings.length, badge);

  // 6. Hover on a real action (semantic tokens colour the service and the action name as
  // separate spans, so the span to point at holds the action name). The code lenses come after
  // the first paint and push the lines down: wait for both before measuring where to point.
  await waitUntil(async () => (await editor.locator('.codelens-decoration').count()) >= 2);
  const token = editor.locator('.view-line span span', { hasText: /^CreateLogStream$/ }).filter({ visible: true }).first();
  const box = await boxOf(token);
  await page.mouse.move(box.x + box.width + 200, box.y - 100);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
  const hover = page.locator('.monaco-hover', { hasText: 'Write' }).first();
  let hoverOk = true;
  try {
    await hover.waitFor({ state: 'visible' });
  } catch {
    hoverOk = false;
  }
  const hoverText = hoverOk ? await hover.innerText() : '';
  check('hover on logs:CreateLogStream shows its access level', hoverOk && /logs:CreateLogStream/.test(hoverText) && /Write/.test(hoverText), hoverText);
  await shot(page, 'hover');

  // Hover on the misspelled action shows the diagnostic. First close the action's hover: it
  // opens below line 8 and covers the misspelled action on line 9.
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  await page.locator('.monaco-hover', { hasText: 'logs:CreateLogStream' }).first().waitFor({ state: 'hidden' }).catch(() => {});
  const bad = editor.locator('.view-line span span', { hasText: /^PutLogEvent$/ }).filter({ visible: true }).first();
  const badBox = await boxOf(bad);
  await page.mouse.move(badBox.x + badBox.width / 2, badBox.y + badBox.height / 2, { steps: 5 });
  const diagHover = page.locator('.monaco-hover', { hasText: 'did you mean' }).first();
  try {
    await diagHover.waitFor({ state: 'visible' });
    check('hover on the misspelled action shows the diagnostic', true);
    const text = await diagHover.innerText();
    const times = (text.match(/is not an action of logs/g) || []).length;
    check('the hover shows the diagnostic message once', times === 1, `${times} times: ${text}`);
  } catch {
    check('hover on the misspelled action shows the diagnostic', false, 'no hover with "did you mean"');
  }
  await shot(page, 'diagnostic-hover');
  await page.mouse.move(5, 5);

  // 7. Completion: a new element "logs:Put, then Ctrl+Space.
  await bad.click();
  await page.keyboard.press('End');
  await page.keyboard.type(',');
  await page.keyboard.press('Enter');
  // Typing the closing quote too works whether or not the editor auto-closed the first one.
  await page.keyboard.type('"logs:Put"');
  await editor.locator('.view-line', { hasText: '"logs:Put"' }).waitFor();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Control+Space');
  const suggest = page.locator('.editor-widget.suggest-widget.visible');
  const rows = suggest.locator('.monaco-list-row');
  await rows.filter({ hasText: 'logs:Put' }).first().waitFor();
  const first = (await rows.first().getAttribute('aria-label')) ?? '';
  check('the completion list opens with our items first', first.startsWith('logs:Put'), first);
  // Walk down the list to logs:PutLogEvents (the list only renders the rows in view).
  let focused = '';
  for (let i = 0; i < 40; i++) {
    focused = (await suggest.locator('.monaco-list-row.focused').getAttribute('aria-label')) ?? '';
    if (focused.startsWith('logs:PutLogEvents')) break;
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(
      (prev) => document.querySelector('.editor-widget.suggest-widget.visible .monaco-list-row.focused')?.getAttribute('aria-label') !== prev,
      focused,
    );
  }
  check('completion after "logs:Put offers logs:PutLogEvents', focused.startsWith('logs:PutLogEvents'), focused);
  const details = page.locator('.suggest-details', { hasText: 'PutLogEvents' });
  if (!(await details.isVisible())) await page.keyboard.press('Control+Space');
  try {
    await details.filter({ hasText: 'Write' }).waitFor({ state: 'visible' });
    check('its documentation shows the access level', true);
  } catch {
    check('its documentation shows the access level', false, 'no details pane with "Write"');
  }
  const screenshot = await shot(page, 'completion');
  await page.keyboard.press('Enter');
  const accepted = editor.locator('.view-line', { hasText: '"logs:PutLogEvents"' });
  try {
    await accepted.waitFor();
    check('accepting inserts "logs:PutLogEvents"', true);
  } catch {
    check('accepting inserts "logs:PutLogEvents"', false);
  }
  // The accepted action is valid: only the old misspelling stays in the Problems panel.
  const unknownRows = page.locator('.markers-panel .monaco-list-row', { hasText: 'unknown-action' });
  const partialRows = page.locator('.markers-panel .monaco-list-row', { hasText: 'action-not-in-catalog' });
  let count = -1;
  await waitUntil(async () => (count = await unknownRows.count()) === 1 && (await partialRows.count()) === 0);
  check('after the edit, the diagnostics follow (one unknown-action left)', count === 1, `${count} rows`);

  // 8. Settings, edited as a user does (Preferences: Open User Settings (JSON), then save):
  // iamPolicyLs.rules reaches the server, and removing it restores the default.
  async function command(title) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }
  const settingsFile = path.join(userData, 'User', 'settings.json');
  const readSettings = () => {
    try {
      return JSON.stringify(JSON.parse(fs.readFileSync(settingsFile, 'utf8')));
    } catch {
      return '';
    }
  };
  async function editUserSettings(settings) {
    await command('Preferences: Open User Settings (JSON)');
    // Recent VS Code opens it in a modal editor, older ones in a tab: wait for the focused editor.
    const settingsEditor = page.locator('.monaco-editor.focused', { hasText: 'chat.disableAIFeatures' });
    await settingsEditor.waitFor();
    await page.keyboard.press('Control+A');
    // Pasted, as typing would auto-close brackets and quotes.
    await page.evaluate((text) => navigator.clipboard.writeText(text), JSON.stringify(settings, null, 2));
    await page.keyboard.press('Control+V');
    // VS Code may write a setting of its own while the file is dirty ("Unable to write into
    // user settings because the file has unsaved changes"), which can swallow the save: save
    // again, a few times, until the file holds exactly what was pasted.
    let saved = false;
    for (let attempt = 0; attempt < 3 && !saved; attempt++) {
      await page.locator('.monaco-editor', { hasText: 'chat.disableAIFeatures' }).first().click();
      await page.keyboard.press('Control+S');
      saved = await waitUntil(async () => readSettings() === JSON.stringify(settings));
    }
    if (!saved) throw new Error('settings.json was not saved');
    const closeModal = page.locator('.modal-editor-part [aria-label^="Close Modal Editor"]');
    if (await closeModal.count()) await closeModal.first().click();
    else await command('View: Close Editor');
    await page.locator('.monaco-editor', { hasText: 'chat.disableAIFeatures' }).waitFor({ state: 'detached' });
  }
  const baseSettings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
  await editUserSettings({ ...baseSettings, 'iamPolicyLs.rules': { 'unknown-action': 'off' } });
  const off = await waitUntil(async () => (count = await unknownRows.count()) === 0);
  check('"iamPolicyLs.rules": {"unknown-action": "off"} in settings.json clears the diagnostic', off, `${count} rows`);
  await editUserSettings(baseSettings);
  const back = await waitUntil(async () => (count = await unknownRows.count()) === 1);
  check('removing the setting brings it back', back, `${count} rows`);
  await editor.locator('.view-line', { hasText: 'logs:CreateLogStream' }).waitFor();

  // 9. The commands: restart the server, then show its output channel.
  await command('IAM Policy: Restart Server');
  await command('IAM Policy: Show Output');
  const outputView = page.locator('.output-view, .panel .monaco-editor');
  try {
    await outputView.locator('.view-line', { hasText: 'restarting the server' }).first().waitFor();
    // One start line before the restart, one after.
    const started = await waitUntil(async () => (await outputView.locator('.view-line', { hasText: '(bundled)' }).count()) >= 2);
    if (!started) throw new Error('no second start');
    check('"Restart Server" restarts it, "Show Output" shows the channel saying so', true);
  } catch {
    check('"Restart Server" restarts it, "Show Output" shows the channel saying so', false, await page.locator('.panel').innerText().catch(() => ''));
  }
  // The restarted server answers.
  await page.mouse.move(5, 5);
  const again = await token.boundingBox();
  await page.mouse.move(again.x + again.width / 2, again.y + again.height / 2, { steps: 5 });
  try {
    await page.locator('.monaco-hover', { hasText: 'Write' }).first().waitFor({ state: 'visible' });
    check('after the restart, hover works again', true);
  } catch {
    check('after the restart, hover works again', false);
  }
  await shot(page, 'after-restart');

  // 10. A CloudFormation template in YAML: the misspelled action in its inline policy gets its
  // diagnostic, and a hover in its trust policy works.
  await page.mouse.move(5, 5);
  const trow = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'template.yaml' });
  await trow.dblclick();
  const teditor = page.locator('.editor-instance .monaco-editor', { hasText: 'AWSTemplateFormatVersion' }).first();
  await teditor.locator('.view-line', { hasText: 's3:GetObjekt' }).waitFor();
  // The Output panel is in front since step 9: bring the Problems panel back.
  await page.locator('[id="status.problems"]').click();
  const yamlProblem = page.locator('.markers-panel .monaco-list-row', { hasText: 's3:GetObject' }).first();
  try {
    await yamlProblem.waitFor();
    const text = await yamlProblem.innerText();
    check('template.yaml: the Problems panel shows the misspelled action at line 19', /unknown-action/.test(text) && /Ln 19, Col 25/.test(text), text);
  } catch {
    check('template.yaml: the Problems panel shows the misspelled action at line 19', false, await page.locator('.markers-panel').innerText().catch(() => ''));
  }
  await waitUntil(async () => (await teditor.locator('.codelens-decoration').count()) >= 2);
  const assume = teditor.locator('.view-line span span', { hasText: /^(sts:)?AssumeRole$/ }).filter({ visible: true }).first();
  const abox = await boxOf(assume);
  await page.mouse.move(abox.x + abox.width / 2, abox.y + abox.height / 2, { steps: 5 });
  const thover = page.locator('.monaco-hover', { hasText: 'sts:AssumeRole' }).first();
  try {
    await thover.waitFor({ state: 'visible' });
    check('template.yaml: hover on sts:AssumeRole in the trust policy', true);
  } catch {
    check('template.yaml: hover on sts:AssumeRole in the trust policy', false, 'no hover naming sts:AssumeRole');
  }
  await shot(page, 'template');
  console.log(`       representative screenshot: ${screenshot}`);
}

let crashed;
try {
  await main();
} catch (e) {
  crashed = e;
  check('the test ran to the end', false, e?.stack ?? String(e));
  try {
    const pages = browser?.contexts().flatMap((c) => c.pages()) ?? [];
    if (pages[0]) await shot(pages[0], 'failure');
  } catch {
    // no screenshot
  }
} finally {
  await cleanup();
}
console.log(`vscode e2e: ${passed} checks passed, ${failed} failed`);
process.exit(failed === 0 && !crashed ? 0 : 1);
