import { describe, expect, it } from 'vitest';
import { isAppPage } from '../../electron/core/desktop/trusted-sender.ts';

describe('isAppPage', () => {
  const builtPage = 'file:///opt/B24%20Chat%20Lookup/resources/app.asar/dist/renderer/index.html';

  it('accepts the page the app loaded, with or without a fragment or query', () => {
    expect(isAppPage(builtPage, builtPage)).toBe(true);
    expect(isAppPage(`${builtPage}#/history`, builtPage)).toBe(true);
    expect(isAppPage('http://127.0.0.1:5173/?x=1', 'http://127.0.0.1:5173/')).toBe(true);
  });

  it('refuses other files, other origins, other schemes and missing or malformed senders', () => {
    expect(isAppPage('file:///tmp/evil.html', builtPage)).toBe(false);
    // Same path on a network share (a UNC path on Windows) is someone else's file.
    expect(isAppPage(builtPage.replace('file:///', 'file://attacker/'), builtPage)).toBe(false);
    expect(isAppPage('http://127.0.0.1:5174/', 'http://127.0.0.1:5173/')).toBe(false);
    expect(isAppPage('https://portal.bitrix24.com/', builtPage)).toBe(false);
    expect(isAppPage(undefined, builtPage)).toBe(false);
    expect(isAppPage('', builtPage)).toBe(false);
    expect(isAppPage('not a url', builtPage)).toBe(false);
  });
});
