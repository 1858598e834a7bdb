/**
 * Small modules with one reason to change: a file of the product (electron/, renderer/) over 300 lines says at its
 * top why it is that long ("… is over 300 lines because …"), so a reader knows it was weighed, not grown.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const LIMIT = 300;
const CODE = /\.(?:ts|mts|cts|js|mjs|cjs|svelte)$/;

function codeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return codeFiles(path);
    return CODE.test(entry.name) ? [path] : [];
  });
}

/** The file's first comment (a JSDoc block, or a Svelte component's HTML comment), where its reason would be. */
function headerOf(text: string): string {
  const block = /^\s*(?:(?:import|\/\/)[^\n]*\n\s*)*(\/\*\*[\s\S]*?\*\/|<!--[\s\S]*?-->)/.exec(text);
  return block?.[1] ?? '';
}

describe('file length', () => {
  const files = ['electron', 'renderer'].flatMap((dir) => codeFiles(join(root, dir)));

  it(`a product file over ${LIMIT} lines says at its top why`, () => {
    expect(files.length).toBeGreaterThan(50);
    const unexplained = files
      .map((file) => ({ file: relative(root, file), text: readFileSync(file, 'utf8') }))
      .filter(({ text }) => text.split('\n').length > LIMIT && !/over 300 lines because/i.test(headerOf(text).replace(/\s*\*\s*/g, ' ')))
      .map(({ file, text }) => `${file} (${text.split('\n').length} lines)`);
    expect(unexplained).toEqual([]);
  });
});
