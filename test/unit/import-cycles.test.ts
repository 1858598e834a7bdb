/**
 * The import graph of electron/ has no circles, and every part of the core has its place in the layers the lint
 * rule orders (eslint.config.js, CORE_LAYERS), so a new folder or root file cannot slip past the rule unlayered.
 * Every import counts, `import type` too: a circle of types is still two modules that cannot be read apart.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function codeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return codeFiles(path);
    return /\.(?:ts|mts)$/.test(entry.name) ? [path] : [];
  });
}

/** Each file of electron/ (relative to the repository) and the files of electron/ it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of codeFiles(join(root, 'electron'))) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map(({ fileName }) => fileName)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => resolve(dirname(file), specifier))
      .filter((target) => existsSync(target) && statSync(target).isFile() && /\.(?:ts|mts)$/.test(target));
    graph.set(
      relative(root, file),
      targets.map((target) => relative(root, target)),
    );
  }
  return graph;
}

/** The circles of a graph: its strongly connected parts with more than one file, or a file importing itself. */
function circles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file) ?? 0);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const part: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      part.push(member);
    } while (member !== file);
    if (part.length > 1 || (graph.get(file) ?? []).includes(file)) found.push(part.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

// No circle is left: the sign-in page takes its sentences from the catalogs, not from russian.ts.
const KNOWN: string[][] = [];

describe('the import graph of electron/', () => {
  const graph = importGraph();

  it('reads the imports it checks', () => {
    expect(graph.get('electron/main.ts')).toContain('electron/core/app-services.ts');
    expect(graph.get('electron/core/ipc/handlers.ts')).toContain('electron/core/services.ts');
  });

  it('finds a circle when there is one', () => {
    const circular = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(circles(circular)).toEqual([['a', 'b', 'c']]);
  });

  it('has no import circles', () => {
    expect(circles(graph)).toEqual(KNOWN);
  });
});

describe("the core's layers", () => {
  it('place every folder and root file of electron/core/', async () => {
    // eslint.config.js is plain JS, without types for the typecheck to read.
    const { CORE_LAYERS } = (await import(pathToFileURL(join(root, 'eslint.config.js')).href)) as { CORE_LAYERS: { folders: string[]; files: string[] }[] };
    const placed = new Set(CORE_LAYERS.flatMap((layer) => [...layer.folders, ...layer.files]));
    const parts = readdirSync(join(root, 'electron/core'), { withFileTypes: true }).map((entry) =>
      entry.isDirectory() ? entry.name : entry.name.replace(/\.ts$/, ''),
    );
    expect(parts.filter((part) => !placed.has(part))).toEqual([]);
  });
});
