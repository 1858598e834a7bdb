/**
 * `npm run bench:window`: what the window costs the person who opens it.
 *   1. The renderer bundle the app ships (dist/renderer: every JS and CSS file), raw and gzipped, and what the first
 *      screen loads (the entry and its language's catalog; History, Settings and the other languages come later),
 *      in each language, against the budget of 40 KB gzip.
 *   2. The time from navigation to an interactive lookup box (focused, ready for typing), and to the window having
 *      its settings and portals from the main process, measured in Debian's Chromium on the browser preview (the
 *      same page, bridge and core as the app, minus Electron; the fake portal on 127.0.0.1 is connected).
 * Reports `renderer_bundle_gzip` and `window_interactive` (median of the cold runs to a focused box) to the runner
 * (`npm run bench`). A measurement to read, not a test: nothing here fails on a number. Build first (`npm run build`).
 *
 *   npm run bench:window -- [--runs N | --quick]
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { gzipSync } from 'node:zlib';
import { report, runsOption, useFakeElectron } from './harness.ts';
import { median, percentile } from './stats.ts';
import type { Page } from '@playwright/test';

const BUDGET_GZIP_BYTES = 40 * 1024;
const runs = runsOption(20, 3);
const rendererDir = resolve(import.meta.dirname, '../../dist/renderer');
if (!existsSync(join(rendererDir, 'index.html'))) {
  process.stderr.write('dist/renderer is missing: run `npm run build` first.\n');
  process.exit(1);
}

// 1. The bundle: every file, and what the first screen loads before it shows a sentence (the files index.html names,
// and the one catalog of its language); History, Settings and the other languages load later.
const files = readdirSync(rendererDir, { recursive: true, encoding: 'utf8' }).filter((name) => /\.(js|css)$/.test(name));
const sizes = new Map(
  files.map((name) => {
    const bytes = readFileSync(join(rendererDir, name));
    return [name, { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }] as const;
  }),
);
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const sum = (names: readonly string[], key: 'raw' | 'gzip'): number => names.reduce((total, name) => total + (sizes.get(name)?.[key] ?? 0), 0);
const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
const entry = files.filter((name) => html.includes(name.replaceAll('\\', '/')));
// The first screen loads its language's first part (messages-<language>.start-….js); the rest follows it.
const catalogOf = (language: string): string[] => files.filter((name) => name.includes(`messages-${language}.start-`) && name.endsWith('.js'));
const languages = [...new Set(files.map((name) => /messages-(.+?)\.start-/.exec(name)?.[1]).filter((language) => language !== undefined))].sort();
const firstScreen = (language: string): number => sum([...entry, ...catalogOf(language)], 'gzip');
const firstScreens = languages.map((language) => [language, firstScreen(language)] as const);
const largest = Math.max(...firstScreens.map(([, gzip]) => gzip));
process.stdout.write(
  [
    'Renderer bundle (dist/renderer, JS + CSS):',
    ...files.map((name) => {
      const { raw, gzip } = sizes.get(name) ?? { raw: 0, gzip: 0 };
      return (
        `  ${name.padEnd(36)} ${(raw / 1024).toFixed(1).padStart(7)} KB  ${(gzip / 1024).toFixed(1).padStart(6)} KB gzip` +
        `${entry.includes(name) ? '  (first screen)' : ''}`
      );
    }),
    `  every file: ${kb(sum(files, 'raw'))}, ${kb(sum(files, 'gzip'))} gzip`,
    ...firstScreens.map(([language, gzip]) => `  first screen in ${language} (entry + its catalog's first part): ${kb(gzip)} gzip`),
    `  budget ${kb(BUDGET_GZIP_BYTES)} gzip for the first screen: ${largest <= BUDGET_GZIP_BYTES ? 'within' : 'OVER'}`,
    '',
  ].join('\n'),
);
report({ name: 'renderer_bundle_gzip', unit: 'KB', value: largest / 1024, target: `< ${BUDGET_GZIP_BYTES / 1024} KB` });

// 2. Navigation to an interactive input, in Chromium, on the preview backed by the real core.
useFakeElectron();
const { chromium } = await import('@playwright/test');
const { startPreview } = await import('../preview/server.ts');
const { startFakePortal } = await import('../fake-portal/portal.ts');

const dataDir = mkdtempSync(join(tmpdir(), 'b24-bench-window-'));
const portal = await startFakePortal();
const preview = await startPreview({ port: 0, dataDir, webhookUrl: portal.webhookUrl, log: () => undefined });
const browser = await chromium.launch({
  ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});

// Milliseconds since navigation started (performance.now in the page), recorded by the page itself.
const MARKS = `
  window.__marks = {};
  document.addEventListener('focusin', (event) => {
    if (event.target instanceof HTMLTextAreaElement && window.__marks.focused === undefined) window.__marks.focused = performance.now();
  });
  // The app marks itself busy until the main process has answered with the settings and portals.
  new MutationObserver(() => {
    if (window.__marks.loaded === undefined && document.querySelector('.app[aria-busy="false"]')) window.__marks.loaded = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-busy'] });
`;
type Marks = { focused?: number; loaded?: number };

type Sample = { focused: number[]; loaded: number[]; domReady: number[] };
const cold: Sample = { focused: [], loaded: [], domReady: [] };
const warm: Sample = { focused: [], loaded: [], domReady: [] };

/** Loads the window in `page` and records when it was ready, counting the run unless it is the first (warm-up). */
async function measure(page: Page, into: Sample, counted: boolean, load: () => Promise<unknown>): Promise<void> {
  await load();
  await page.waitForFunction(() => {
    const marks = (window as unknown as { __marks: Marks }).__marks;
    return marks.focused !== undefined && marks.loaded !== undefined;
  });
  const marks = await page.evaluate(() => (window as unknown as { __marks: Required<Marks> }).__marks);
  const navigation = await page.evaluate(
    () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.domContentLoadedEventEnd,
  );
  if (!counted) return;
  into.focused.push(marks.focused);
  into.loaded.push(marks.loaded);
  into.domReady.push(navigation ?? Number.NaN);
}

try {
  for (let run = 0; run < runs + 1; run += 1) {
    // Cold: a fresh context each run, nothing cached, as when the app starts and creates its window. The first run
    // warms the server's and the disk's caches and is not counted.
    const context = await browser.newContext({ viewport: { width: 440, height: 520 } });
    const page = await context.newPage();
    await page.addInitScript(MARKS);
    await measure(page, cold, run > 0, () => page.goto(preview.url));
    // Warm: the same window loaded again (Chromium's caches full), as after a reload.
    await measure(page, warm, run > 0, () => page.reload());
    await context.close();
  }
} finally {
  await browser.close();
  await preview.close();
  await portal.close();
  rmSync(dataDir, { recursive: true, force: true });
}

const line = (label: string, values: number[]): string => {
  const sorted = [...values].sort((a, b) => a - b);
  return `  ${label.padEnd(50)} median ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms`;
};
const table = (title: string, sample: Sample): string[] => [
  title,
  line('navigation → DOMContentLoaded', sample.domReady),
  line('navigation → lookup box focused, ready to type', sample.focused),
  line('navigation → settings and portals from the core', sample.loaded),
];
process.stdout.write(
  [
    ...table(`Window start in Chromium, cold (${runs} runs, a fresh browser context each):`, cold),
    ...table(`Window start in Chromium, warm (${runs} reloads):`, warm),
    '',
  ].join('\n'),
);
report({ name: 'window_interactive', unit: 'ms', value: median(cold.focused) });
