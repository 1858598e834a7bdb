import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// Playwright's own browser download cannot run everywhere (it cannot here), so the browser tests use a system
// Chromium when there is one: CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own build (also when
// CHROMIUM_PATH is set but empty, as the GitHub workflow does after `playwright install chromium`).
const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const chromiumPath = process.env.CHROMIUM_PATH ?? (existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined);

export default defineConfig({
  testDir: 'test',
  outputDir: 'test-results',
  forbidOnly: Boolean(process.env.CI),
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  reporter: [['list'], ['./test/support/skip-reasons-reporter.ts'], ['json', { outputFile: '.test-reports/playwright.json' }]],
  projects: [
    {
      name: 'browser',
      testDir: 'test/browser',
      use: {
        browserName: 'chromium',
        viewport: { width: 440, height: 520 },
        launchOptions: {
          ...(chromiumPath ? { executablePath: chromiumPath } : {}),
          // No network but loopback here: without these Chromium keeps trying to reach Google's services.
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
        },
      },
    },
    {
      name: 'electron',
      testDir: 'test/electron',
      // A cold start of Electron on a CI runner takes a good part of the 30 s above, and these tests start it up to twice
      // each: their own limits, for this project only.
      timeout: 90_000,
      expect: { timeout: 15_000 },
    },
  ],
});
