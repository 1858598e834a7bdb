import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin, UserConfig } from 'vite';
import { defineConfig } from 'vitest/config';

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
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' },
    ],
  };
}

/** A bundle for Electron's Node side: every dependency inlined, only Electron and Node's built-ins left out. */
function electronBundle(entry: string, outDir: string, fileName: string, format: 'es' | 'cjs'): UserConfig {
  return {
    publicDir: false,
    build: {
      ssr: fromRoot(entry),
      outDir: fromRoot(outDir),
      emptyOutDir: true,
      target: NODE_TARGET,
      sourcemap: true,
      minify: false,
      reportCompressedSize: false,
      rollupOptions: {
        external: ['electron', /^node:/, ...builtinModules],
        output: { format, entryFileNames: fileName },
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
        include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
        environment: 'node',
        // electron-store imports `electron`, which is only a path string outside Electron. Tests run the real
        // electron-store against a small fake of the few Electron APIs it touches.
        alias: { electron: fromRoot('test/fakes/electron.ts') },
        server: { deps: { inline: ['electron-store'] } },
      },
    };
  }
  return {
    root: fromRoot('renderer'),
    // The packaged app loads the window from file://, so asset URLs must be relative.
    base: './',
    // Svelte 5 compiles TypeScript in components itself; there is no svelte.config.js to look for.
    plugins: [svelte({ configFile: false }), contentSecurityPolicy(command)],
    build: {
      outDir: fromRoot('dist/renderer'),
      emptyOutDir: true,
      target: 'chrome140',
    },
    server: { host: '127.0.0.1', strictPort: false },
    preview: { host: '127.0.0.1' },
  };
});
