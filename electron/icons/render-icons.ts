/**
 * `npm run icons`: renders the tray images in electron/assets/tray/ from the one source drawing, tray.svg, in
 * Chromium (the browser the tests use), at 16 px and at 32 px for `@2x` screens:
 *   trayTemplate   black on transparent: macOS tints a template image itself for light, dark and highlighted menus
 *   tray-dark      a dark glyph, for light taskbars and panels
 *   tray-light     a light glyph, for dark ones
 * The PNGs are committed; run this after changing tray.svg.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

const here = import.meta.dirname;
const outDir = join(here, '..', 'assets', 'tray');
const svg = readFileSync(join(here, 'tray.svg'), 'utf8');

const VARIANTS = { trayTemplate: '#000000', 'tray-dark': '#202124', 'tray-light': '#f1f3f4' } as const;
const SCALES = [
  ['', 16],
  ['@2x', 32],
] as const;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  for (const [name, color] of Object.entries(VARIANTS)) {
    for (const [suffix, size] of SCALES) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(
        `<html><body style="margin:0;background:transparent"><div style="width:${size}px;height:${size}px;color:${color}">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</div></body></html>`,
      );
      const path = join(outDir, `${name}${suffix}.png`);
      await page.locator('svg').screenshot({ path, omitBackground: true });
      console.log(`wrote ${path}`);
    }
  }
} finally {
  await browser.close();
}
