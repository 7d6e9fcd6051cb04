/**
 * The generated API reference (`npm run docs`: typedoc with typedoc.json) is a site people can use: the
 * hand-written guides in docs/ are pages of it, every link in it reaches a page and, with a `#fragment`, an
 * element of that page (links between guides, from the README and the guides to the API, from TSDoc comments to
 * the guides), nothing links to raw markdown copied under `media/`, and the navigation lists the guides, then the
 * functions and classes by category, then the option and result types. The site is built into a temporary folder
 * (about 5-10 s), so the test does not depend on `npm run docs` having run.
 *
 * The same markdown is read on GitHub, so its relative links are also checked the way GitHub resolves them:
 * the file exists and a heading of it has the fragment as its GitHub anchor.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nonEmpty } from '../arbitraries/nonEmpty.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The guides, in the order the navigation lists them; any other docs/*.md must be a page too, after these. */
const GUIDE_ORDER = ['docs/getting-started.md', 'docs/definitions.md', 'docs/cohorts.md', 'docs/models.md', 'docs/warehouse.md', 'docs/cli.md'];
/** The categories (the `@category` tags of src/) in the order the navigation lists them within a group. */
const CATEGORY_ORDER = ['core', 'retention', 'churn', 'value', 'engagement', 'survey', 'cohort', 'models', 'sql', 'render', 'charts'];
/** typedoc's ReflectionKind values of the navigation entries. */
const KIND = { variable: 32, function: 64, class: 128, interface: 256, typeAlias: 2097152, document: 8388608 } as const;
const CALLABLE_KINDS: readonly number[] = [KIND.function, KIND.class, KIND.variable];
const TYPE_KINDS: readonly number[] = [KIND.interface, KIND.typeAlias];

interface NavNode {
  text: string;
  path?: string;
  kind?: number;
  children?: NavNode[];
}

const guideFiles = readdirSync(path.join(root, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => `docs/${f}`)
  .sort((a, b) => order(a) - order(b) || a.localeCompare(b));

function order(file: string): number {
  const i = GUIDE_ORDER.indexOf(file);
  return i === -1 ? GUIDE_ORDER.length : i;
}

// ---------------------------------------------------------------------------------------------------------------
// Markdown as GitHub reads it

/** The text outside front matter, fenced code blocks and inline code spans, line by line. */
function proseLines(markdown: string): string[] {
  const lines = markdown.replace(/^---\n[\s\S]*?\n---\n/, '').split('\n');
  const out: string[] = [];
  let fence = false;
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) {
      fence = !fence;
      out.push('');
      continue;
    }
    out.push(fence ? '' : line);
  }
  return out;
}

/** GitHub's heading anchors (github-slugger): lower case, punctuation dropped, each space a hyphen, repeats numbered. */
function githubAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = (heading[1] as string).replace(/`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = text
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base);
    anchors.add(count === undefined ? base : `${base}-${count + 1}`);
    seen.set(base, count === undefined ? 0 : count + 1);
  }
  return anchors;
}

/** Relative markdown links `[text](target)` outside code, with their line numbers. */
function relativeLinks(markdown: string): { line: number; target: string }[] {
  const links: { line: number; target: string }[] = [];
  proseLines(markdown).forEach((raw, index) => {
    const line = raw.replace(/`[^`]*`/g, 'code');
    for (const match of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1] as string;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      links.push({ line: index + 1, target });
    }
  });
  return links;
}

describe('markdown links as GitHub resolves them', () => {
  const files = ['README.md', 'CHANGELOG.md', ...guideFiles];
  it.each(files)('%s: every relative link reaches a file and a heading', (file) => {
    const text = readFileSync(path.join(root, file), 'utf8');
    const broken: string[] = [];
    for (const { line, target } of relativeLinks(text)) {
      const [filePart = '', fragment] = target.split('#') as [string, string | undefined];
      const resolved = filePart === '' ? path.join(root, file) : path.resolve(path.dirname(path.join(root, file)), filePart);
      if (!existsSync(resolved)) {
        broken.push(`${file}:${line}: ${target} (no such file)`);
        continue;
      }
      if (fragment !== undefined && resolved.endsWith('.md') && !githubAnchors(readFileSync(resolved, 'utf8')).has(fragment)) {
        broken.push(`${file}:${line}: ${target} (no heading with that anchor)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('counts repeated headings the way GitHub does', () => {
    expect([...githubAnchors('# A: b — c (D)\n## Notes\n## Notes\n```\n# not a heading\n```\n')]).toEqual([
      'a-b--c-d',
      'notes',
      'notes-1',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The generated site

let out = '';
let buildLog = '';

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'loyalty-metrics-api-'));
  const typedoc = path.join(root, 'node_modules/typedoc/bin/typedoc');
  try {
    const result = await promisify(execFile)(process.execPath, [typedoc, '--out', out], { cwd: root, maxBuffer: 64 << 20 });
    buildLog = result.stdout + result.stderr;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    buildLog = `typedoc failed: ${failed.message}\n${failed.stdout ?? ''}${failed.stderr ?? ''}`;
  }
}, 90_000);

afterAll(() => {
  if (out !== '') rmSync(out, { recursive: true, force: true });
});

function htmlFiles(dir = out, files: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) htmlFiles(full, files);
    else if (entry.name.endsWith('.html')) files.push(full);
  }
  return files;
}

const pageCache = new Map<string, string>();
function page(file: string): string {
  let text = pageCache.get(file);
  if (text === undefined) {
    text = readFileSync(file, 'utf8');
    pageCache.set(file, text);
  }
  return text;
}

const decodeEntities = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" })[e] as string);

const idCache = new Map<string, Set<string>>();
function ids(file: string): Set<string> {
  let set = idCache.get(file);
  if (set === undefined) {
    set = new Set([...page(file).matchAll(/\s(?:id|name)="([^"]*)"/g)].map((m) => decodeEntities(m[1] as string)));
    idCache.set(file, set);
  }
  return set;
}

function hrefs(html: string): string[] {
  return [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => decodeEntities(m[1] as string));
}

function navigation(): NavNode[] {
  const script = readFileSync(path.join(out, 'assets/navigation.js'), 'utf8');
  const data = /window\.navigationData = "([^"]+)"/.exec(script);
  if (!data) throw new Error('assets/navigation.js holds no navigationData');
  return JSON.parse(inflateSync(Buffer.from(data[1] as string, 'base64')).toString('utf8')) as NavNode[];
}

function leaves(node: NavNode): NavNode[] {
  return node.children ? node.children.flatMap(leaves) : [node];
}

/** The text of a page's first markdown heading of level 1 (the guide's title). */
function firstHeading(html: string): string | undefined {
  const h1 = /<h1[^>]*class="tsd-anchor-link"[^>]*>([\s\S]*?)<\/h1>/.exec(html) ?? /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html);
  return h1 ? decodeEntities((h1[1] as string).replace(/<[^>]*>/g, '')).trim() : undefined;
}

describe('the API site (typedoc)', { timeout: 60_000 }, () => {
  it('builds with no warnings (treatWarningsAsErrors, link validation)', () => {
    expect(buildLog).not.toMatch(/typedoc failed|\[warning\]|\[error\]/);
    expect(existsSync(path.join(out, 'index.html'))).toBe(true);
  });

  it('makes every guide in docs/ a page, listed first under Guides in the order getting started, definitions, cohorts, models', () => {
    const nav = navigation();
    const guides = nav[0];
    expect(guides?.text).toBe('Guides');
    const pages = (guides?.children ?? []).map((node) => {
      expect(node.kind, `${node.text} is a document`).toBe(KIND.document);
      expect(node.path, `${node.text} has a page`).toMatch(/^documents\/[^/]+\.html$/);
      return { text: node.text, title: firstHeading(page(path.join(out, node.path as string))) };
    });
    const titles = guideFiles.map((file) => {
      const heading = /^# (.*)$/m.exec(proseLines(readFileSync(path.join(root, file), 'utf8')).join('\n'));
      expect(heading, `${file} starts with a # title`).not.toBeNull();
      return (heading?.[1] as string).replace(/`/g, '');
    });
    // Each guide is a page, in order (other documents, such as the changelog, may follow).
    expect(pages.slice(0, titles.length).map((p) => p.title)).toEqual(titles);
  });

  it('front page is the README and links to every guide page', () => {
    const index = page(path.join(out, 'index.html'));
    expect(firstHeading(index)).toBe('loyalty-metrics');
    const targets = new Set(hrefs(index).map((href) => href.replace(/#.*/, '')));
    const guidePages = (navigation()[0]?.children ?? []).slice(0, guideFiles.length).map((node) => node.path);
    expect(guidePages).toHaveLength(guideFiles.length);
    for (const guidePage of guidePages) expect(targets, `index.html links to ${guidePage}`).toContain(guidePage);
  });

  it('copies no markdown under media/ and links to none', () => {
    const media = path.join(out, 'media');
    const copied = existsSync(media) ? readdirSync(media).filter((f) => f.endsWith('.md')) : [];
    expect(copied).toEqual([]);
    const rawMarkdown: string[] = [];
    for (const file of htmlFiles()) {
      for (const href of hrefs(page(file))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
        if (/(^|\/)media\//.test(href) || /\.md(#|$)/.test(href)) rawMarkdown.push(`${path.relative(out, file)}: ${href}`);
      }
    }
    expect(rawMarkdown).toEqual([]);
  });

  it('resolves every internal link: the target page exists and has the #fragment as an element id', () => {
    const broken: string[] = [];
    let checked = 0;
    let withFragment = 0;
    for (const file of htmlFiles()) {
      for (const href of hrefs(page(file))) {
        if (href === '' || href === '#' || /^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
        const [target = '', fragment] = href.split('#') as [string, string | undefined];
        const targetFile = target === '' ? file : path.resolve(path.dirname(file), decodeURIComponent(target));
        checked++;
        if (!existsSync(targetFile) || !statSync(targetFile).isFile()) {
          broken.push(`${path.relative(out, file)}: ${href} (no such file)`);
          continue;
        }
        if (fragment === undefined || fragment === '') continue;
        withFragment++;
        if (!ids(targetFile).has(decodeURIComponent(fragment))) broken.push(`${path.relative(out, file)}: ${href} (no element with that id)`);
      }
    }
    for (const node of navigation().flatMap(leaves)) {
      if (node.path !== undefined && !existsSync(path.join(out, node.path))) broken.push(`navigation: ${node.text} -> ${node.path}`);
    }
    expect(broken.slice(0, 50)).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
    expect(withFragment).toBeGreaterThan(100);
  });

  it('turns the TSDoc links to the guides into links to sections of the guide pages', () => {
    // In src/, a guide is named only inside a markdown link (a plain "see docs/x.md" is not reachable).
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const rel = `${dir}/${entry.name}`;
        if (entry.isDirectory()) walk(rel);
        else if (rel.endsWith('.ts')) sources.push(rel);
      }
    };
    walk('src');
    const unlinked: string[] = [];
    const fragments = new Set<string>();
    for (const file of sources) {
      const text = readFileSync(path.join(root, file), 'utf8');
      for (const link of text.matchAll(/\]\((?:\.\.\/)+docs\/[\w-]+\.md#([\w-]+)\)/g)) fragments.add(link[1] as string);
      const rest = text.replace(/\[[^\]]*\]\([^)]*\)/g, '');
      if (/\bdocs\/[\w-]+\.md\b/.test(rest)) unlinked.push(file);
    }
    expect(unlinked, 'name a guide with a link: [docs/x.md](../../docs/x.md#section)').toEqual([]);
    expect(fragments.size).toBeGreaterThan(0);
    const reached = new Set<string>();
    for (const file of htmlFiles()) {
      if (path.relative(out, file).startsWith('documents')) continue;
      for (const href of hrefs(page(file))) {
        const link = /(?:^|\/)documents\/[^/#]+\.html#(.+)$/.exec(href);
        if (link) reached.add(link[1] as string);
      }
    }
    expect([...fragments].filter((fragment) => !reached.has(fragment))).toEqual([]);
  });

  it('lists the guides, then the functions and classes by category, then the types', () => {
    const nav = navigation();
    const groups = nav.map((node) => {
      const kinds = new Set(leaves(node).map((leaf) => leaf.kind));
      const kind = [...kinds].every((k) => k === KIND.document)
        ? 'guides'
        : [...kinds].every((k) => k !== undefined && CALLABLE_KINDS.includes(k))
          ? 'callables'
          : [...kinds].every((k) => k !== undefined && TYPE_KINDS.includes(k))
            ? 'types'
            : `mixed ${[...kinds].join(',')}`;
      return { text: node.text, kind, node };
    });
    // Guides, then every group of functions, classes and values, then every group of types, nothing mixed.
    const sequence = groups.map((g) => g.kind).filter((k, i, all) => k !== all[i - 1]);
    const listed = groups.slice(0, 12).map((g) => `${g.text}: ${g.kind}`);
    expect(sequence, `navigation starts ${listed.join('; ')}`).toEqual(['guides', 'callables', 'types']);
    expect(groups.find((g) => g.kind === 'callables')?.text).toBe('Functions');

    for (const group of nonEmpty(groups.filter((g) => g.kind !== 'guides'))) {
      // Each group lists its items under categories (no item directly in the group), in CATEGORY_ORDER.
      const categories = group.node.children ?? [];
      for (const category of categories) {
        expect(category.path, `${group.text} > ${category.text} is a category, not an item`).toBeUndefined();
        expect(CATEGORY_ORDER, `${group.text} > ${category.text} is a known category`).toContain(category.text);
      }
      const names = categories.map((c) => c.text);
      expect(names, `${group.text}'s categories`).toEqual(CATEGORY_ORDER.filter((c) => names.includes(c)));
    }
    const functions = groups.find((g) => g.text === 'Functions')?.node.children ?? [];
    expect(functions[0]?.text).toBe('core');
    expect(functions.flatMap(leaves).length).toBeGreaterThan(40);
  });
});
