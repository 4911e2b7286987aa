// Loads the YAML config, applies environment overrides, validates once and freezes the result.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { VigilError } from '../shared/errors.js';
import { VigilConfig } from './schema.js';

export const DEFAULT_CONFIG_FILE = 'config/vigil.yaml';

export interface LoadedConfig {
  config: Readonly<VigilConfig>;
  /** The file that was read, or undefined when the embedded defaults were used. */
  file: string | undefined;
}

/** Formats zod issues as `server.port: expected a number` lines. */
export function formatConfigIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    if (issue.code === 'unrecognized_keys') {
      const prefix = issue.path.length > 0 ? `${issue.path.join('.')}.` : '';
      return issue.keys.map((key) => `${prefix}${key}: unknown key`).join('\n');
    }
    if (issue.code === 'invalid_type') {
      const article = /^[aeiou]/.test(issue.expected) ? 'an' : 'a';
      return `${path}: expected ${article} ${issue.expected}`;
    }
    return `${path}: ${issue.message}`;
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (!next || typeof next !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

/** Environment variables that override single keys; numbers are parsed so that zod reports a wrong type. */
function applyEnvOverrides(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): void {
  if (env.VIGIL_PORT !== undefined) {
    const value = Number(env.VIGIL_PORT);
    setPath(raw, ['server', 'port'], Number.isFinite(value) && env.VIGIL_PORT.trim() !== '' ? value : env.VIGIL_PORT);
  }
  if (env.VIGIL_HOST) setPath(raw, ['server', 'host'], env.VIGIL_HOST);
  if (env.VIGIL_DATA_DIR) setPath(raw, ['dataDir'], env.VIGIL_DATA_DIR);
  if (env.VIGIL_ADMIN_PASSWORD) setPath(raw, ['admin', 'password'], env.VIGIL_ADMIN_PASSWORD);
  if (env.VIGIL_LOG_LEVEL) setPath(raw, ['log', 'level'], env.VIGIL_LOG_LEVEL);
  if (env.VIGIL_SECRET_KEY) setPath(raw, ['secretKey'], env.VIGIL_SECRET_KEY);
}

/** A YAML section whose keys are all commented out reads as null: treat it as absent. */
function dropEmptySections(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== null));
}

/** Validates a raw object (already parsed from YAML) into a frozen config. */
export function parseConfig(raw: unknown, source = 'configuration'): Readonly<VigilConfig> {
  const result = VigilConfig.safeParse(dropEmptySections(raw ?? {}));
  if (!result.success) {
    const lines = formatConfigIssues(result.error.issues);
    throw new VigilError('VIGIL_CONFIG_INVALID', `Invalid ${source}:\n  ${lines.join('\n  ')}`, { details: lines });
  }
  return deepFreeze(result.data);
}

/** Reads VIGIL_CONFIG (or config/vigil.yaml when present), applies env overrides, validates and freezes. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): LoadedConfig {
  const explicit = env.VIGIL_CONFIG || undefined;
  const candidate = resolve(cwd, explicit ?? DEFAULT_CONFIG_FILE);
  let raw: Record<string, unknown> = {};
  let file: string | undefined;
  if (existsSync(candidate)) {
    file = candidate;
    let parsed: unknown;
    try {
      parsed = parseYaml(readFileSync(candidate, 'utf8'));
    } catch (error) {
      throw new VigilError('VIGIL_CONFIG_INVALID', `Cannot read ${candidate}: ${(error as Error).message}`);
    }
    if (parsed !== null && parsed !== undefined && (typeof parsed !== 'object' || Array.isArray(parsed))) {
      throw new VigilError('VIGIL_CONFIG_INVALID', `Invalid ${candidate}: (root): expected a mapping of keys`);
    }
    raw = (parsed as Record<string, unknown> | null) ?? {};
  } else if (explicit) {
    throw new VigilError('VIGIL_CONFIG_INVALID', `VIGIL_CONFIG points to ${candidate}, which does not exist`);
  }
  applyEnvOverrides(raw, env);
  const config = parseConfig(raw, file ?? 'configuration');
  return { config: deepFreeze({ ...config, dataDir: resolve(cwd, config.dataDir) }), file };
}
