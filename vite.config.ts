import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin, UserConfig } from 'vite';
import { defineConfig } from 'vitest/config';
import { catalogProblems } from './electron/common/i18n/catalog-check.ts';
import { partOf } from './electron/common/i18n/catalog-parts.ts';
import type { Catalog } from './electron/common/i18n/format.ts';

/**
 * One config, four targets, picked by `--mode`:
 *   (default)   the Svelte tray window  -> dist/renderer/
 *   main        the Electron main process (ESM) -> dist/main/main.js
 *   preload     the sandboxed preload (CommonJS, as sandboxed preloads must be) -> dist/preload/preload.cjs
 *   test        Vitest: unit and integration tests under plain Node
 */

const fromRoot = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// Electron 45 embeds Node 24; Node 22 syntax is a safe floor for the bundler's output.
const NODE_TARGET = 'node22';

// The window's Content-Security-Policy. The build gets the strict one; the dev server needs inline styles
// (Vite injects CSS through <style> tags) and a WebSocket for hot reload.
const CSP_BUILD = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
const CSP_DEV = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' ws://localhost:* ws://127.0.0.1:*",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(command: 'build' | 'serve'): Plugin {
  const policy = command === 'build' ? CSP_BUILD : CSP_DEV;
  return {
    name: 'b24-content-security-policy',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' }],
  };
}

/** Where the catalogs live: one `<language>/messages.json` each, English the source. */
export const LOCALES_DIR = fromRoot('electron/common/locales');

/**
 * Every catalog is complete, or nothing is built: a language that lacks a message (or has one the source has not)
 * fails the build with the message's key, instead of showing a person the key, or English, at run time.
 */
export function completeCatalogs(dir = LOCALES_DIR): Plugin {
  return {
    name: 'b24-complete-catalogs',
    buildStart() {
      const read = (language: string): Catalog => JSON.parse(readFileSync(join(dir, language, 'messages.json'), 'utf8')) as Catalog;
      const source = read('en');
      const languages = readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory() && entry.name !== 'en');
      const problems = languages.flatMap(({ name }) => catalogProblems(source, read(name), name));
      if (problems.length > 0) this.error(`The catalogs in ${dir} are incomplete:\n${problems.join('\n')}`);
    },
  };
}

/**
 * The window's copy of a catalog: its messages without the translators' descriptions, which no person sees and which
 * would otherwise be most of the chunk the window loads before its first sentence.
 */
export function windowCatalogs(dir = LOCALES_DIR): Plugin {
  return {
    name: 'b24-window-catalogs',
    enforce: 'pre',
    transform(code, id) {
      const [path, query = ''] = id.split('?');
      if (!path?.startsWith(dir) || !path.endsWith('messages.json')) return null;
      // `?part=start` / `?part=rest`: the half of the catalog the window asks for (catalog-parts.ts).
      const part = new URLSearchParams(query).get('part');
      const catalog = JSON.parse(code) as Catalog;
      const kept = JSON.stringify(
        Object.fromEntries(Object.entries(catalog).flatMap(([key, { message }]) => (part === null || partOf(key) === part ? [[key, { message }]] : []))),
      );
      // A query takes the file out of Vite's JSON handling: the part is handed on as the module it would have made.
      return part === null ? { code: kept, map: null } : { code: `export default ${kept};\n`, map: null, moduleType: 'js' };
    },
  };
}

const isNodeBuiltin = (id: string): boolean => id.startsWith('node:') || builtinModules.includes(id);

/**
 * A sandboxed preload can `require` only 'electron' (and a few polyfills): an import of a Node built-in
 * would build fine and then break the window at run time. Fail the build instead.
 */
function sandboxedPreloadImports(): Plugin {
  return {
    name: 'b24-sandboxed-preload-imports',
    enforce: 'pre',
    resolveId(source, importer) {
      if (importer !== undefined && isNodeBuiltin(source)) {
        this.error(
          `The sandboxed preload cannot load Node's '${source}' (imported by ${importer}). ` +
            'Do that work in the main process and expose it through an IPC channel.',
        );
      }
      return null;
    },
  };
}

/** A bundle for Electron's Node side: every dependency inlined, only Electron (and, for main, Node's built-ins) left out. */
function electronBundle(entry: string, outDir: string, fileName: string, format: 'es' | 'cjs'): UserConfig {
  const preload = format === 'cjs';
  return {
    // The main process's images (the tray icons) go beside its bundle: dist/main/tray/….
    publicDir: preload ? false : fromRoot('electron/assets'),
    plugins: preload ? [sandboxedPreloadImports()] : [completeCatalogs()],
    build: {
      ssr: fromRoot(entry),
      outDir: fromRoot(outDir),
      emptyOutDir: true,
      copyPublicDir: !preload,
      target: NODE_TARGET,
      sourcemap: true,
      minify: false,
      reportCompressedSize: false,
      rollupOptions: {
        external: preload ? ['electron'] : ['electron', /^node:/, ...builtinModules],
        // electron-updater is imported when first needed (shell/updater.ts): its chunk goes to dist/main/chunks/.
        output: { format, entryFileNames: fileName, chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
    ssr: { noExternal: true, target: 'node' },
  };
}

export default defineConfig(({ mode, command }) => {
  if (mode === 'main') return electronBundle('electron/main.ts', 'dist/main', 'main.js', 'es');
  if (mode === 'preload') return electronBundle('electron/preload.ts', 'dist/preload', 'preload.cjs', 'cjs');
  if (mode === 'test') {
    return {
      test: {
        projects: [
          {
            // Core and tools: plain Node, and no stand-in for `electron`, so core code that loaded it would fail.
            // The window's logic modules (`*.svelte.ts`, with runes) are compiled by Svelte's plugin and tested here too.
            plugins: [svelte({ configFile: false }), windowCatalogs()],
            test: {
              name: 'node',
              environment: 'node',
              include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
              exclude: ['test/integration/shell/**', 'test/integration/state/**', 'test/integration/ipc/**', 'test/integration/preview/**'],
            },
          },
          {
            // The stores and the IPC handlers over the real electron-store. Outside Electron the `electron` module is
            // only a path string, so these tests alias it to a small fake of the few APIs electron-store touches.
            test: {
              name: 'shell',
              environment: 'node',
              include: [
                'test/integration/shell/**/*.test.ts',
                'test/integration/state/**/*.test.ts',
                'test/integration/ipc/**/*.test.ts',
                'test/integration/preview/**/*.test.ts',
              ],
              alias: { electron: fromRoot('test/fakes/electron.ts') },
              server: { deps: { inline: ['electron-store'] } },
            },
          },
          {
            // The built main process (dist/main/main.js) run as it ships, over the same typed stand-in for `electron`.
            test: {
              name: 'lifecycle',
              environment: 'node',
              include: ['test/lifecycle/**/*.test.ts'],
              alias: { electron: fromRoot('test/fakes/electron.ts') },
              // …and for CommonJS `require('electron')` (electron-updater's), which the alias does not reach.
              setupFiles: ['test/support/electron-require.ts'],
            },
          },
        ],
      },
    };
  }
  return {
    root: fromRoot('renderer'),
    // The packaged app loads the window from file://, so asset URLs must be relative.
    base: './',
    // Svelte 5 compiles TypeScript in components itself; there is no svelte.config.js to look for.
    plugins: [
      svelte({
        configFile: false,
        // Short class names for the components' scoped CSS: they appear in both the CSS and the JS.
        compilerOptions: { discloseVersion: false, cssHash: ({ hash, css }) => `s${hash(css).slice(0, 5)}` },
      }),
      contentSecurityPolicy(command),
      completeCatalogs(),
      windowCatalogs(),
    ],
    build: {
      outDir: fromRoot('dist/renderer'),
      emptyOutDir: true,
      target: 'chrome140',
      // Electron's Chromium preloads modules itself; the polyfill would be dead weight in a 40 KB budget.
      modulePreload: { polyfill: false },
      // A catalog's chunk is named by its language (messages-ru-….js), so the bench can weigh the one a window loads.
      rollupOptions: {
        output: {
          chunkFileNames: (chunk) => {
            const [, language, part] = /locales\/([^/]+)\/messages\.json\?part=(\w+)$/.exec(chunk.facadeModuleId ?? '') ?? [];
            return language ? `assets/messages-${language}.${part}-[hash].js` : 'assets/[name]-[hash].js';
          },
        },
      },
    },
    server: { host: '127.0.0.1', strictPort: false },
    preview: { host: '127.0.0.1' },
  };
});
