/**
 * Runs every `@example` block of the TSDoc comments in src/ as a test (see _extractExamples.ts for the
 * format): one test per example, named `<file> example <n>`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as lib from '../../src/index.js';
import { type Example, extractExamples, runExample } from './_extractExamples.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(path);
      return entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
    })
    .sort();
}

const examples: Example[] = sourceFiles(join(repo, 'src')).flatMap((path) =>
  extractExamples(readFileSync(path, 'utf8'), relative(repo, path).split('\\').join('/')),
);

describe('TSDoc @example blocks', () => {
  it('src/ has at least one @example', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  for (const example of examples) {
    it(`${example.file} example ${example.index}`, async () => {
      const failures = await runExample(example, lib as Readonly<Record<string, unknown>>);
      expect(failures, `${failures.join('\n')}\n--- example (${example.file}:${example.line}) ---\n${example.code}`).toEqual([]);
    });
  }
});
