/**
 * `npm run icons`: renders the app's images from their source drawings in Chromium (the browser the tests use).
 *
 * The tray images in electron/assets/tray/, from tray.svg, at 16 px and at 32 px for `@2x` screens:
 *   trayTemplate   black on transparent: macOS tints a template image itself for light, dark and highlighted menus
 *   tray-dark      a dark glyph, for light taskbars and panels
 *   tray-light     a light glyph, for dark ones
 *
 * The installers' application icon in electron/assets/app-icon/, from app.svg:
 *   NxN.png        16, 24, 32, 48, 64, 128, 256, 512 and 1024 px (electron-builder's Linux icon-directory names)
 *   icon.ico       Windows: those PNGs from 16 to 256 px
 *   icon.icns      macOS: those PNGs from 16 to 1024 px, under the 1x and @2x types (icon-containers.ts)
 * The containers hold the very bytes of the NxN.png files.
 *
 * The images are committed; run this after changing tray.svg or app.svg.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import { ICNS_TYPES, writeIcns, writeIco } from './icon-containers.ts';

const here = import.meta.dirname;
const outDir = join(here, '..', 'assets', 'tray');
const svg = readFileSync(join(here, 'tray.svg'), 'utf8');
const appIconDir = join(here, '..', 'assets', 'app-icon');
const appSvg = readFileSync(join(here, 'app.svg'), 'utf8');

const VARIANTS = { trayTemplate: '#000000', 'tray-dark': '#202124', 'tray-light': '#f1f3f4' } as const;
const SCALES = [
  ['', 16],
  ['@2x', 32],
] as const;

const APP_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

/** Renders an SVG drawing to a `size`-pixel square PNG on transparency. */
async function renderSvg(page: Page, source: string, size: number, color = 'inherit'): Promise<Buffer> {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent"><div style="width:${size}px;height:${size}px;color:${color}">` +
      `${source.replace('<svg ', `<svg width="${size}" height="${size}" `)}</div></body></html>`,
  );
  return page.locator('svg').screenshot({ omitBackground: true });
}

function write(path: string, data: Buffer): void {
  writeFileSync(path, data);
  console.log(`wrote ${path}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  for (const [name, color] of Object.entries(VARIANTS)) {
    for (const [suffix, size] of SCALES) {
      write(join(outDir, `${name}${suffix}.png`), await renderSvg(page, svg, size, color));
    }
  }

  mkdirSync(appIconDir, { recursive: true });
  const pngs = new Map<number, Buffer>();
  for (const size of APP_ICON_SIZES) {
    const png = await renderSvg(page, appSvg, size);
    pngs.set(size, png);
    write(join(appIconDir, `${size}x${size}.png`), png);
  }
  const pngOf = (size: number): Buffer => {
    const png = pngs.get(size);
    if (png === undefined) throw new Error(`No ${size} px rendering of app.svg`);
    return png;
  };
  write(join(appIconDir, 'icon.ico'), writeIco(ICO_SIZES.map((size) => ({ size, png: pngOf(size) }))));
  write(join(appIconDir, 'icon.icns'), writeIcns(Object.entries(ICNS_TYPES).map(([type, size]) => ({ type, png: pngOf(size) }))));
} finally {
  await browser.close();
}
