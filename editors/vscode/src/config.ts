// Mapping the extension's settings to the server's configuration. No `vscode` import here, so the
// unit tests can run this module under plain Node.

/** The server's configuration, as in `.iam-policy-ls.toml` and the LSP settings. */
export interface ServerConfig {
  rules?: Record<string, string>;
  'policy-types'?: Record<string, string>;
  ignore?: string[];
}

export const SEVERITIES = ['off', 'error', 'warning', 'info', 'hint'] as const;
export const POLICY_TYPES = ['identity', 'resource', 'trust', 'scp', 'rcp'] as const;
/** A resource-based policy of one service, by its IAM prefix: `resource:s3`, `resource:kms`. */
export const RESOURCE_OF_SERVICE = /^resource:[a-z0-9-]+$/;

/** Reads one setting; `get` is `WorkspaceConfiguration.get` or a stand-in. */
export type Getter = (key: string) => unknown;

function stringMap(
  value: unknown,
  allowed: readonly string[],
  what: string,
  problems: string[],
  pattern?: RegExp,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined || value === null) return out;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${what} must be an object, ignored.`);
    return out;
  }
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const s = typeof v === 'string' ? v.trim().toLowerCase() : undefined;
    if (s === undefined || !(allowed.includes(s) || (pattern?.test(s) ?? false))) {
      const also = pattern ? ' or resource:SERVICE' : '';
      problems.push(`${what}: "${key}" is ${JSON.stringify(v)}, not one of ${allowed.join(', ')}${also}; ignored.`);
      continue;
    }
    out[key] = s;
  }
  return out;
}

/**
 * Builds the configuration sent to the server from the `iamPolicyLs.*` settings. Only the keys the
 * user set are sent: the server merges them over the workspace's `.iam-policy-ls.toml` (what is
 * set here overrides the file's setting for the same rule or glob, ignores add up), so an empty
 * result (nothing set) leaves that file as it is.
 */
export function serverConfig(get: Getter): { config: ServerConfig; problems: string[] } {
  const problems: string[] = [];
  const config: ServerConfig = {};
  const rules = stringMap(get('rules'), SEVERITIES, 'iamPolicyLs.rules', problems);
  if (Object.keys(rules).length > 0) config.rules = rules;
  const types = stringMap(get('policyTypes'), POLICY_TYPES, 'iamPolicyLs.policyTypes', problems, RESOURCE_OF_SERVICE);
  if (Object.keys(types).length > 0) config['policy-types'] = types;
  const ignore = get('ignore');
  if (Array.isArray(ignore)) {
    const globs = ignore.filter((g): g is string => typeof g === 'string' && g.trim() !== '');
    if (globs.length !== ignore.length) problems.push('iamPolicyLs.ignore: entries that are not non-empty strings are ignored.');
    if (globs.length > 0) config.ignore = globs;
  } else if (ignore !== undefined && ignore !== null) {
    problems.push('iamPolicyLs.ignore must be an array of globs, ignored.');
  }
  return { config, problems };
}

export function isEmpty(config: ServerConfig): boolean {
  return Object.keys(config).length === 0;
}

/** The settings payload for `initializationOptions` and `workspace/didChangeConfiguration`. */
export function settingsPayload(config: ServerConfig): { iamPolicyLs: ServerConfig } {
  return { iamPolicyLs: config };
}
