/**
 * E4: the feedback section of docs/definitions.md: every link from the TSDoc of the feedback functions
 * lands on a heading of the guide (GitHub's anchor of `### name: title`), each function has its heading,
 * summary row and contents entry, and the section cites its sources. The ```js worked examples themselves
 * run in test/docs/markdown.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mayBeEmpty } from '../arbitraries/nonEmpty.js';

const root = new URL('../../', import.meta.url);
const guide = readFileSync(new URL('docs/definitions.md', root), 'utf8');
const files = ['src/survey/feedbackRate.ts', 'src/survey/responseRate.ts', 'src/survey/feedbackSummary.ts'];

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchor = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-');
const anchors = new Set([...guide.matchAll(/^#{2,4} (.+)$/gm)].map((m) => anchor(m[1] as string)));

describe('docs/definitions.md: the feedback section', () => {
  it('E4: has a `name: title` heading, a summary row and a contents entry for each feedback function', () => {
    for (const [name, title] of [
      ['feedbackRate', 'feedback items per customer'],
      ['responseRate', 'share of feedback answered'],
      ['feedbackSummary', 'feedback volume, sentiment and response'],
    ] as const) {
      expect(guide).toContain(`\n### ${name}: ${title}\n`);
      expect(guide).toMatch(new RegExp(`^\\| [^|]+ \\| \`${name}\` \\|`, 'm'));
      expect(guide).toContain(`[${name}](#${anchor(`${name}: ${title}`)})`);
    }
    expect(guide).toContain('1–2 / 3 / 4–5');
    expect(guide).toMatch(/Reichheld 2003; Bain & Company/);
    expect(guide).toMatch(/Hyndman, R\. J\. & Fan, Y\. \(1996\)/);
    expect(guide).toMatch(/e\.g\. 450 reviews/);
  });

  it('E4: every docs/definitions.md link in the TSDoc of the feedback files lands on a heading', () => {
    let links = 0;
    for (const file of files) {
      const text = readFileSync(new URL(file, root), 'utf8');
      for (const [, fragment] of mayBeEmpty(text.matchAll(/\(\.\.\/\.\.\/docs\/definitions\.md#([^)]+)\)/g))) {
        links++;
        expect(anchors.has(fragment as string), `${file} -> #${fragment}`).toBe(true);
      }
    }
    expect(links).toBeGreaterThanOrEqual(files.length);
  });
});
