import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { isEmpty, type ServerConfig, serverConfig, settingsPayload } from './config';
import { checkServer, nodeHost, resolveServer } from './server';

const SECTION = 'iamPolicyLs';
const NAME = 'IAM Policy Language Server';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let traceOutput: vscode.LogOutputChannel;
let extensionPath = '';
let sentConfig: ServerConfig = {};
// Starts and stops run one after the other.
let queue: Promise<void> = Promise.resolve();

function log(line: string): void {
  output.info(line);
}

function currentConfig(): ServerConfig {
  const settings = vscode.workspace.getConfiguration(SECTION);
  const { config, problems } = serverConfig((key) => settings.get(key));
  for (const p of problems) log(`settings: ${p}`);
  return config;
}

async function showError(message: string): Promise<void> {
  log(message);
  const choice = await vscode.window.showErrorMessage(`${NAME}: ${message}`, 'Open Settings', 'Show Output');
  if (choice === 'Open Settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.server.path`);
  } else if (choice === 'Show Output') {
    output.show(true);
  }
}

async function start(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const configured = vscode.workspace.getConfiguration(SECTION).get<string>('server.path');
  const resolved = resolveServer({ configured, extensionPath, workspaceFolder: folder }, nodeHost(process.platform, process.env, os.homedir()));
  if (!resolved.ok) {
    log(`looked for the server in: ${resolved.tried.join(', ')}`);
    void showError(resolved.message);
    return;
  }
  let version: string;
  try {
    version = await checkServer(resolved.path);
  } catch (e) {
    void showError(`${(e as Error).message} Install a working binary, or point iamPolicyLs.server.path at one.`);
    return;
  }
  log(`starting ${version} from ${resolved.path} (${resolved.source})`);

  // TransportKind.stdio makes the client pass `--stdio` itself.
  const serverOptions: ServerOptions = {
    command: resolved.path,
    transport: TransportKind.stdio,
  };
  sentConfig = currentConfig();
  const clientOptions: LanguageClientOptions = {
    // The server decides which JSON documents are policies; it stays quiet on the others.
    documentSelector: [
      { scheme: 'file', language: 'json' },
      { scheme: 'file', language: 'jsonc' },
      { scheme: 'untitled', language: 'json' },
      { scheme: 'untitled', language: 'jsonc' },
      // CloudFormation/SAM templates and Serverless files: the server finds the policies in
      // them and stays silent elsewhere, so the YAML and CloudFormation extensions keep working.
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    initializationOptions: settingsPayload(sentConfig),
    outputChannel: output,
    // The client traces (per iamPolicyLs.trace.server) only while this channel's log level is
    // Trace (Output panel, gear icon), so it gets a channel of its own.
    traceOutputChannel: traceOutput,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    initializationFailedHandler: (error) => {
      void showError(`the server failed to initialize: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    },
  };
  const c = new LanguageClient(SECTION, NAME, serverOptions, clientOptions);
  try {
    await c.start();
    client = c;
  } catch (e) {
    client = undefined;
    void showError(`the server did not start: ${(e as Error).message ?? String(e)}`);
    try {
      await c.dispose();
    } catch {
      // already gone
    }
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (!c) return;
  try {
    await c.stop(5000);
  } catch (e) {
    log(`stopping the server: ${(e as Error).message}`);
  }
  try {
    await c.dispose();
  } catch {
    // already gone
  }
}

function enqueue(job: () => Promise<void>): Promise<void> {
  queue = queue.then(job, job);
  return queue;
}

async function restartNow(): Promise<void> {
  log('restarting the server');
  await stop();
  await start();
}

/** Stops the server (if running), finds the binary again and starts it. */
export function restart(): Promise<void> {
  return enqueue(restartNow);
}

async function configurationChanged(e: vscode.ConfigurationChangeEvent): Promise<void> {
  if (e.affectsConfiguration(`${SECTION}.server.path`)) {
    await restartNow();
    return;
  }
  if (!['rules', 'policyTypes', 'ignore'].some((k) => e.affectsConfiguration(`${SECTION}.${k}`))) return;
  const config = currentConfig();
  log(`settings changed: ${JSON.stringify(config)}`);
  if (isEmpty(config) && !isEmpty(sentConfig)) {
    // The server ignores empty settings, so going back to "nothing set" (and so to the
    // workspace's .iam-policy-ls.toml) takes a fresh server.
    await restartNow();
    return;
  }
  sentConfig = config;
  if (client?.isRunning()) {
    await client.sendNotification(DidChangeConfigurationNotification.type, { settings: settingsPayload(config) });
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionPath = context.extensionPath;
  output = vscode.window.createOutputChannel(NAME, { log: true });
  traceOutput = vscode.window.createOutputChannel(`${NAME} Trace`, { log: true });
  context.subscriptions.push(
    output,
    traceOutput,
    vscode.commands.registerCommand(`${SECTION}.restartServer`, () => restart()),
    vscode.commands.registerCommand(`${SECTION}.showOutput`, () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => enqueue(() => configurationChanged(e))),
  );
  await enqueue(start);
}

export function deactivate(): Promise<void> {
  return enqueue(stop);
}
