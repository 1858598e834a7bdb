/**
 * The repository stands on its own: a person who clones it has nothing beside it, so no file points outside it (the
 * team's notes once lived in a folder next to the repository), and every relative link of the README and docs/ leads to
 * a file that is here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
/** What is not the project's own text: installed packages, builds, test output, git's folder. */
const SKIPPED = new Set(['node_modules', 'dist', 'release', 'test-results', '.test-reports', '.git', 'playwright-report']);
const TEXT = /\.(?:ts|mts|mjs|js|svelte|json|ya?ml|md|html|css|sh)$|^run$/;

function projectFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIPPED.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return projectFiles(path);
    return TEXT.test(entry.name) && statSync(path).size < 2_000_000 ? [path] : [];
  });
}

const withoutCode = (markdown: string): string => markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');

describe('the repository stands on its own', () => {
  const files = projectFiles(root);

  it('no file points at a folder beside the repository', () => {
    // Spelled in two pieces, so this file does not name what it looks for.
    const outside = new RegExp(['\\.\\./', 'shared\\b'].join(''));
    const pointing = files.filter((file) => outside.test(readFileSync(file, 'utf8'))).map((file) => relative(root, file));
    expect(files.length).toBeGreaterThan(100);
    expect(pointing).toEqual([]);
  });

  it('every relative link of the README and docs/ leads to a file of the repository', () => {
    const pages = [join(root, 'README.md'), ...files.filter((file) => file.startsWith(join(root, 'docs')) && file.endsWith('.md'))];
    expect(pages.map((page) => relative(root, page))).toEqual(expect.arrayContaining(['README.md', 'docs/bitrix24-rest.md']));
    const broken = pages.flatMap((page) =>
      // Links in the text, not examples in code: fenced blocks and `code spans` are left out.
      [...withoutCode(readFileSync(page, 'utf8')).matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)]
        .map((match) => match[1] ?? '')
        .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
        .filter((target) => !existsSync(resolve(dirname(page), target)))
        .map((target) => `${relative(root, page)} → ${target}`),
    );
    expect(broken).toEqual([]);
  });
});
