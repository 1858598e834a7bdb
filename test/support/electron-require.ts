/**
 * The lifecycle project's setup: CommonJS code that calls `require('electron')` gets the stand-in too. Vitest's alias
 * reaches `import`s only; electron-updater (CommonJS, and bundled into dist/main/chunks/ with its requires kept)
 * requires Electron where it needs it, which outside Electron would give node_modules/electron's path string.
 */
import { createRequire } from 'node:module';
import electron from '../fakes/electron.ts';

const require = createRequire(import.meta.url);
const path = require.resolve('electron');
require.cache[path] = Object.assign(Object.create(null) as NodeJS.Module, {
  id: path,
  filename: path,
  path,
  loaded: true,
  exports: electron,
  children: [],
  paths: [],
});
