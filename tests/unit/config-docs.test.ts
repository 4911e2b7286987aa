import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configJsonSchema, parseConfig } from '../../src/config/index.js';
import { projectRoot } from '../../src/version.js';

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
}

function leafKeys(node: SchemaNode, prefix = ''): string[] {
  return Object.entries(node.properties ?? {}).flatMap(([key, inner]) =>
    inner.properties ? leafKeys(inner, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('config documentation', () => {
  const root = projectRoot();
  const example = readFileSync(join(root, 'config', 'vigil.example.yaml'), 'utf8');

  it('the example file is valid', () => {
    expect(() => parseConfig(parse(example))).not.toThrow();
  });

  it('the example file mentions every option of the schema', () => {
    const missing = leafKeys(configJsonSchema() as SchemaNode).filter((path) => {
      const key = path.split('.').at(-1) ?? path;
      return !new RegExp(`^\\s*#?\\s*${key}:`, 'm').test(example);
    });
    expect(missing).toEqual([]);
  });

  it('the generated JSON Schema is up to date (npm run schema)', () => {
    const stored = JSON.parse(readFileSync(join(root, 'config', 'vigil.schema.json'), 'utf8'));
    expect(stored).toEqual(configJsonSchema());
  });
});
