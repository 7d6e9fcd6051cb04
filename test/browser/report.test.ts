/**
 * The HTML report and every chart in a real browser (issue 12, R3): headless Chromium (Debian's `chromium`,
 * which .ci/run installs when missing) driven by playwright-core, installed on first use by
 * test/tools/onDemand.ts (not a devDependency) and pointed at the system binary with `executablePath`.
 *
 * - The report page, built from the sample data with every chart src/index.ts exports, opens from a
 *   file:// URL with no console error, no page error and no request other than the page itself; every
 *   chart figure and SVG has a non-empty box, the cohort heatmap is there, and at 640 px the page does not
 *   scroll sideways; printed, the contents list is left out and the charts keep their boxes. A full-page screenshot is written to .tmp/screenshots/report.png (and the 640 px view
 *   to report-640.png) for a person to look at.
 * - Each chart's standalone SVG, opened as a page, is an SVG document (no XML error) with a non-empty box:
 *   one test per exported `...Chart`, so charts that land later are covered by one fixture entry
 *   (test/browser/_chartFixtures.ts).
 *
 * The browser is launched once for the file. Without a Chromium binary the tests are skipped, saying why.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nonEmpty } from '../arbitraries/nonEmpty.js';
import { type HtmlReport, htmlReport, type HtmlReportItem } from '../../src/index.js';
import { cohortSection } from '../../examples/_cohortReport.js';
import { customerValueSection, modelCheckSection } from '../../examples/_modelReport.js';
import { importOnDemand } from '../tools/onDemand.js';
import { buildChart, CHART_ARGUMENTS, exportedChartNames, sampleData } from './_chartFixtures.js';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const chromium = CANDIDATES.find((path): path is string => path !== undefined && path !== '' && existsSync(path));
const root = fileURLToPath(new URL('../../', import.meta.url));
const pagesDir = `${root}.tmp/browser`;
const screenshotsDir = `${root}.tmp/screenshots`;

/** The few playwright-core calls the tests make (the package is installed on first use, so not imported as a type). */
interface Page {
  goto(url: string): Promise<unknown>;
  on(event: 'console', listener: (message: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', listener: (error: Error) => void): void;
  on(event: 'request', listener: (request: { url(): string }) => void): void;
  evaluate<T>(fn: () => T): Promise<T>;
  setViewportSize(size: { width: number; height: number }): Promise<void>;
  emulateMedia(options: { media: 'print' | 'screen' }): Promise<void>;
  screenshot(options: { path: string; fullPage: boolean }): Promise<unknown>;
  close(): Promise<void>;
}
interface Browser {
  newPage(options?: { viewport: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}
interface Playwright {
  chromium: { launch(options: { executablePath: string; args: string[]; headless: boolean }): Promise<Browser> };
}

let browser: Browser | undefined;

/** Opens `file` in a new page, recording console errors, page errors and every request. */
async function open(file: string, width = 1280): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser!.newPage({ viewport: { width, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(file).href);
  return { page, errors, requests };
}

/** The report the tests open: the demo's event and model sections, and one section with every exported chart. */
function reportWithEveryChart(): { report: HtmlReport; charts: number } {
  const data = sampleData();
  const charts: HtmlReportItem[] = exportedChartNames().map((name) => ({ type: 'chart', chart: buildChart(name, data) }));
  return {
    charts: charts.length,
    report: {
      title: 'Kettle & Leaf: browser test report',
      dataNote: 'examples/data/events.csv, with every chart the library exports.',
      sections: [
        cohortSection(data.events, []),
        modelCheckSection(data.models, []),
        customerValueSection(data.models, []),
        { heading: 'Every chart', items: charts.length > 0 ? charts : [{ type: 'paragraph', text: 'No chart is exported yet.' }] },
      ],
    },
  };
}

const reason = chromium === undefined ? ` (skipped: no Chromium binary at ${CANDIDATES.filter(Boolean).join(', ')}; install Debian's chromium, as .ci/run does, or set CHROMIUM_PATH)` : '';

describe(`the report and the charts in headless Chromium${reason}`, () => {
  beforeAll(async () => {
    if (chromium === undefined) return;
    const mod = await importOnDemand<Playwright | { default: Playwright }>('playwright-core');
    const playwright = 'chromium' in mod ? mod : mod.default;
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    browser = await playwright.chromium.launch({ executablePath: chromium!, args: ['--no-sandbox', '--disable-gpu'], headless: true });
    mkdirSync(pagesDir, { recursive: true });
    mkdirSync(screenshotsDir, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('R3: the report page opens with no error and no request, every chart has a box, the heatmap is there; screenshots in .tmp/screenshots', async (ctx) => {
    if (chromium === undefined) return ctx.skip(reason);
    const { report, charts } = reportWithEveryChart();
    const file = `${pagesDir}/report.html`;
    writeFileSync(file, htmlReport(report));
    const { page, errors, requests } = await open(file);
    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    const boxes = await page.evaluate(() =>
      [...document.querySelectorAll('figure, svg')].map((element) => {
        const box = element.getBoundingClientRect();
        return { tag: element.tagName.toLowerCase(), title: element.querySelector('title')?.textContent ?? '', width: box.width, height: box.height };
      }),
    );
    expect(boxes.filter((b) => b.tag === 'figure')).toHaveLength(charts);
    for (const box of boxes) expect(box.width > 0 && box.height > 0, `${box.tag} "${box.title}": ${box.width} x ${box.height}`).toBe(true);
    const heatmap = await page.evaluate(() => {
      const table = document.querySelector('.lm-heatmap table');
      const box = table?.getBoundingClientRect();
      const shaded = table === null ? 0 : [...table.querySelectorAll('td')].filter((td) => getComputedStyle(td).backgroundColor !== 'rgba(0, 0, 0, 0)').length;
      return { found: table !== null, width: box?.width ?? 0, height: box?.height ?? 0, shaded };
    });
    expect(heatmap.found).toBe(true);
    expect(heatmap.width * heatmap.height).toBeGreaterThan(0);
    expect(heatmap.shaded).toBeGreaterThan(12); // at least the 12 cohorts' offset-0 cells are coloured
    await page.screenshot({ path: `${screenshotsDir}/report.png`, fullPage: true });
    // At 640 px (a phone held sideways) the page itself does not scroll sideways: wide tables scroll in their own box.
    await page.setViewportSize({ width: 640, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${screenshotsDir}/report-640.png`, fullPage: false });
    // Printed: the contents list is left out, the charts keep their boxes.
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => ({
      nav: document.querySelector('nav') === null ? 'none' : getComputedStyle(document.querySelector('nav')!).display,
      empty: [...document.querySelectorAll('figure')].filter((f) => f.getBoundingClientRect().width * f.getBoundingClientRect().height === 0).length,
    }));
    expect(printed).toEqual({ nav: 'none', empty: 0 });
    await page.close();
  }, 60_000);

  it('R3: every exported chart function has a fixture in test/browser/_chartFixtures.ts', () => {
    const missing = exportedChartNames().filter((name) => CHART_ARGUMENTS[name] === undefined);
    expect(missing, 'add an entry per chart to CHART_ARGUMENTS').toEqual([]);
  });

  for (const name of nonEmpty(exportedChartNames(), 'the exported charts')) {
    it(`R3: ${name}: its standalone SVG renders as a page with a non-empty box`, async (ctx) => {
      if (chromium === undefined) return ctx.skip(reason);
      const chart = buildChart(name, sampleData());
      const file = `${pagesDir}/${name}.svg`;
      writeFileSync(file, chart.toSVG());
      const { page, errors, requests } = await open(file);
      expect(errors).toEqual([]);
      expect(requests).toEqual([pathToFileURL(file).href]);
      const root = await page.evaluate(() => {
        const box = document.documentElement.getBoundingClientRect();
        return { tag: document.documentElement.tagName, parserErrors: document.getElementsByTagName('parsererror').length, width: box.width, height: box.height };
      });
      expect(root).toMatchObject({ tag: 'svg', parserErrors: 0 });
      expect(root.width * root.height, `${name}: ${root.width} x ${root.height}`).toBeGreaterThan(0);
      await page.close();
    }, 30_000);
  }
});
