/**
 * `npm run screenshots`: takes the README's screenshots again from the real window (the "screenshots for the README"
 * tests of appearance.spec.ts and the every-language tests of languages.spec.ts, on the browser preview) and writes them
 * into test/browser/screenshots/, where the
 * README shows them. A normal test run writes them under test-results/ instead, leaving the repository alone.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { displayPrefix } from '../support/display.ts';

const projectRoot = resolve(import.meta.dirname, '../..');
const [command, ...args] = [
  ...displayPrefix(),
  process.execPath,
  join(projectRoot, 'node_modules/@playwright/test/cli.js'),
  'test',
  '--project=browser',
  '--grep',
  // appearance.spec.ts's two themes in English and Russian, and languages.spec.ts's every language.
  'screenshots for the README|every screen reads in it',
];
const result = spawnSync(command ?? process.execPath, args, {
  cwd: projectRoot,
  stdio: 'inherit',
  env: { ...process.env, B24_SCREENSHOTS_DIR: join(projectRoot, 'test/browser/screenshots') },
});
process.exit(result.status ?? 1);
