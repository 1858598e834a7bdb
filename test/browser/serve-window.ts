import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test as base } from '@playwright/test';
import { preview } from 'vite';

const projectRoot = resolve(import.meta.dirname, '../..');

/** Playwright's `test`, plus `windowUrl`: the built window (dist/renderer) served on loopback by Vite's preview. */
export const test = base.extend<object, { windowUrl: string }>({
  windowUrl: [
    // Playwright reads a fixture's dependencies from its first parameter, which must be a destructuring pattern.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      if (!existsSync(join(projectRoot, 'dist/renderer/index.html'))) {
        throw new Error('dist/renderer is missing: run `npm run build` before the browser tests.');
      }
      const server = await preview({
        configFile: join(projectRoot, 'vite.config.ts'),
        logLevel: 'warn',
        preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
      });
      const url = server.resolvedUrls?.local[0];
      if (!url) throw new Error('Vite preview reported no local URL.');
      await use(url);
      await server.close();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
