/**
 * `npm run format:check`'s second half: no line of code is wider than Prettier's printWidth. Prettier wraps code,
 * but it leaves a long string, comment or regular expression as it is; this names each such line so it gets wrapped
 * by hand. Left out: Markdown (its tables cannot be wrapped, and its prose is read rendered), and the message
 * catalogs, whose every message is one JSON string a translator reads whole (JSON has no way to continue a string),
 * and the sign-in handler page, whose inline script runs by a CSP hash of its exact text (.prettierignore leaves it too).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';

const projectRoot = resolve(import.meta.dirname, '../..');
const { printWidth } = JSON.parse(readFileSync(join(projectRoot, '.prettierrc.json'), 'utf8')) as { printWidth: number };
const CODE = /\.(ts|mts|cts|js|mjs|cjs|svelte|css|html|json|ya?ml)$/;
// Generated or third-party text that no one writes by hand.
const LEFT_OUT = [/^package-lock\.json$/, /^test\/fixtures\/tls\//, /^electron\/common\/locales\/[^/]+\/messages\.json$/, /^docs\/sign-in\/index\.html$/];

/** Every line of the project's code files wider than `width`, as "path:line (N characters)". */
export function wideLines(width = printWidth): string[] {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: projectRoot, encoding: 'utf8' })
    .split('\n')
    .filter((path) => CODE.test(path) && !LEFT_OUT.some((pattern) => pattern.test(path)));
  const wide: string[] = [];
  for (const path of files) {
    let text: string;
    try {
      text = readFileSync(join(projectRoot, path), 'utf8');
    } catch {
      continue; // deleted in the work tree, not yet in the index
    }
    text.split('\n').forEach((line, index) => {
      if ([...line].length > width) wide.push(`${path}:${index + 1} (${[...line].length} characters)`);
    });
  }
  return wide;
}

if (import.meta.main) {
  const wide = wideLines();
  if (wide.length > 0) {
    process.stderr.write(`${wide.length} lines are wider than ${printWidth} characters (.prettierrc.json):\n${wide.join('\n')}\n`);
    process.exit(1);
  }
}
