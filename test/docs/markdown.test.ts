/**
 * Runs every ```js block of the hand-written guides in docs/ with the same runner as the TSDoc
 * examples, so each `//=>` output shown to readers is checked. Blocks that need another runtime
 * (require, npm: specifiers, browsers) or only print are run elsewhere (test/package) or skipped here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as lib from '../../src/index.js';
import { compileExample, type Example, runExample } from './_extractExamples.js';

const guides = ['docs/definitions.md', 'docs/getting-started.md', 'docs/cohorts.md', 'docs/models.md', 'docs/warehouse.md', 'docs/cli.md'];
const root = fileURLToPath(new URL('../../', import.meta.url));

function jsBlocks(file: string): { line: number; code: string }[] {
  const lines = readFileSync(root + file, 'utf8').split('\n');
  const blocks: { line: number; code: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '```js') continue;
    const start = i + 1;
    const body: string[] = [];
    for (i += 1; i < lines.length && lines[i]?.trim() !== '```'; i++) body.push(lines[i] as string);
    blocks.push({ line: start, code: body.join('\n') });
  }
  return blocks;
}

const runnable = (code: string) => !/require\(|npm:|<script|console\.log|document\./.test(code);

describe.each(guides)('%s', (file) => {
  const blocks = jsBlocks(file).filter((block) => runnable(block.code));
  it('has runnable examples', () => expect(blocks.length).toBeGreaterThan(0));
  blocks.forEach((block, index) => {
    it(`block ${index + 1} (line ${block.line})`, async () => {
      const compiled = compileExample(block.code, file, block.line + 1);
      const example = { file, index: index + 1, line: block.line, code: block.code, ...compiled } as Example;
      expect(compiled.checks.length, 'every block shows at least one checked output').toBeGreaterThan(0);
      expect(await runExample(example, lib as unknown as Record<string, unknown>)).toEqual([]);
    });
  });
});
