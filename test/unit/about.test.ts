/**
 * The project's address is named once in the code (electron/core/about.ts) and twice in package.json (`homepage`, which
 * the packages carry, and `repository.url`): changing one without the others fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROJECT_PAGE, RELEASES_PAGE } from '../../electron/core/about.ts';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  homepage?: string;
  repository?: { type?: string; url?: string };
};

describe('the project address', () => {
  it("is package.json's homepage", () => {
    expect(PROJECT_PAGE).toBe(manifest.homepage);
  });

  it('is the repository package.json names', () => {
    expect(manifest.repository?.type).toBe('git');
    expect(manifest.repository?.url).toBe(`git+${PROJECT_PAGE}.git`);
  });

  it('has its releases page right under it, on GitHub, over https', () => {
    expect(RELEASES_PAGE).toBe(`${manifest.homepage}/releases`);
    const url = new URL(RELEASES_PAGE);
    expect([url.protocol, url.host, url.search, url.hash]).toEqual(['https:', 'github.com', '', '']);
    // Written as the URL parser writes it, so the link policy's byte-for-byte comparison has one spelling to match.
    expect(url.href).toBe(RELEASES_PAGE);
  });
});
