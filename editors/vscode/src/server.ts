// Finding and checking the iam-policy-ls binary. No `vscode` import here, so the unit tests can
// run this module under plain Node.

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export type ServerSource = 'setting' | 'bundled' | 'PATH';

export type Resolution =
  | { ok: true; path: string; source: ServerSource }
  | { ok: false; message: string; tried: string[] };

export interface Host {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  homedir: string;
  /** Whether `file` exists and is a regular file. */
  isFile(file: string): boolean;
  /** Whether `file` may be executed (always true on Windows). */
  isExecutable(file: string): boolean;
  /** Tries to make `file` executable; returns whether it now is. */
  makeExecutable(file: string): boolean;
}

export const nodeHost = (platform: NodeJS.Platform, env: NodeJS.ProcessEnv, homedir: string): Host => ({
  platform,
  env,
  homedir,
  isFile(file) {
    try {
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  },
  isExecutable(file) {
    if (platform === 'win32') return true;
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  makeExecutable(file) {
    try {
      fs.chmodSync(file, 0o755);
      return this.isExecutable(file);
    } catch {
      return false;
    }
  },
});

export function binaryName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'iam-policy-ls.exe' : 'iam-policy-ls';
}

/** Expands `~` and `${workspaceFolder}`, and makes a relative path relative to the workspace folder. */
export function expandPath(raw: string, homedir: string, workspaceFolder?: string): string {
  let p = raw.trim();
  if (p === '~' || p.startsWith('~/') || p.startsWith('~\\')) p = path.join(homedir, p.slice(1));
  if (workspaceFolder !== undefined) p = p.split('${workspaceFolder}').join(workspaceFolder);
  if (!path.isAbsolute(p) && workspaceFolder !== undefined && /[\\/]/.test(p)) p = path.join(workspaceFolder, p);
  return p;
}

/** Looks `name` up in the `PATH` (and, on Windows, with the `PATHEXT` extensions). */
export function findOnPath(name: string, host: Host): string | undefined {
  const pathVar = host.env.PATH ?? host.env.Path ?? '';
  const sep = host.platform === 'win32' ? ';' : ':';
  const exts = host.platform === 'win32' && !/\.[a-z]+$/i.test(name) ? (host.env.PATHEXT ?? '.EXE').split(';') : [''];
  for (const dir of pathVar.split(sep)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext.toLowerCase());
      if (host.isFile(candidate) && host.isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * Picks the server binary: the `iamPolicyLs.server.path` setting when set (and then only it),
 * else the binary bundled in the extension, else `iam-policy-ls` on the PATH.
 */
export function resolveServer(
  opts: { configured: string | undefined; extensionPath: string; workspaceFolder?: string },
  host: Host,
): Resolution {
  const name = binaryName(host.platform);
  const configured = opts.configured?.trim();
  if (configured) {
    // A bare name (no slash) is looked up on the PATH, like a shell would.
    const bare = !/[\\/]/.test(configured) && !configured.startsWith('~');
    const candidate = bare ? findOnPath(configured, host) : expandPath(configured, host.homedir, opts.workspaceFolder);
    if (candidate && host.isFile(candidate)) {
      if (host.isExecutable(candidate) || host.makeExecutable(candidate)) return { ok: true, path: candidate, source: 'setting' };
      return {
        ok: false,
        message: `The setting iamPolicyLs.server.path points to "${candidate}", which is not executable. Make it executable (chmod +x) or fix the setting.`,
        tried: [candidate],
      };
    }
    return {
      ok: false,
      message: `The setting iamPolicyLs.server.path is "${configured}", but there is no such file${bare ? ' on the PATH' : ''}. Fix the setting, or clear it to use the bundled binary or the one on the PATH.`,
      tried: [candidate ?? configured],
    };
  }
  const tried: string[] = [];
  const bundled = path.join(opts.extensionPath, 'server', name);
  tried.push(bundled);
  if (host.isFile(bundled) && (host.isExecutable(bundled) || host.makeExecutable(bundled))) {
    return { ok: true, path: bundled, source: 'bundled' };
  }
  tried.push(`${name} on the PATH`);
  const onPath = findOnPath(name, host);
  if (onPath) return { ok: true, path: onPath, source: 'PATH' };
  return {
    ok: false,
    message:
      'The iam-policy-ls binary was not found: this build of the extension bundles none for this platform and there is none on the PATH. ' +
      'Install it (`cargo install --path server` in the iam-policy-ls repository) and restart the server, or set iamPolicyLs.server.path.',
    tried,
  };
}

/**
 * Runs `binary --version` to tell a broken binary (wrong architecture, missing libraries,
 * not a program) from a working one before handing it to the language client. Resolves with the
 * version line, rejects with a message meant for the user.
 */
export function checkServer(binary: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(binary, ['--version'], { timeout: timeoutMs, windowsHide: true }, (err, stdout, stderr) => {
      if (!err) {
        const line = stdout.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
        if (/iam-policy-ls/i.test(line)) return resolve(line.trim());
        return reject(new Error(`"${binary} --version" printed ${line ? `"${line.trim()}"` : 'nothing'}: this does not look like iam-policy-ls.`));
      }
      const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null };
      let why: string;
      if (e.code === 'ENOENT') why = 'the file does not exist (or its interpreter/loader is missing)';
      else if (e.code === 'EACCES') why = 'permission denied (is it executable?)';
      else if (e.code === 'ENOEXEC' || e.code === 'EBADARCH') why = 'it is not a program for this machine (wrong platform or architecture?)';
      else if (e.killed) why = `it did not answer within ${timeoutMs / 1000} s`;
      else if (e.signal) why = `it was killed by ${e.signal}`;
      else why = stderr.trim().split(/\r?\n/).slice(-3).join(' ') || e.message;
      reject(new Error(`The iam-policy-ls binary at "${binary}" cannot be run: ${why}.`));
    });
  });
}
