import { describe, expect, it } from 'vitest';
import { canonicalFileUrl, isAppPage, isAppResource } from '../../electron/core/ipc/trusted-sender.ts';

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

describe('isAppResource', () => {
  const builtPage = 'file:///opt/B24%20Chat%20Lookup/resources/app.asar/dist/renderer/index.html';

  it('lets the built window load its own files, inline images and DevTools', () => {
    expect(isAppResource(builtPage, builtPage)).toBe(true);
    expect(isAppResource('file:///opt/B24%20Chat%20Lookup/resources/app.asar/dist/renderer/assets/index-abc.js', builtPage)).toBe(true);
    expect(isAppResource('data:image/png;base64,AAAA', builtPage)).toBe(true);
    expect(isAppResource('devtools://devtools/bundled/devtools_app.html', builtPage)).toBe(true);
  });

  it('cancels the network, other files, and paths that climb out of the page folder', () => {
    expect(isAppResource('https://acme.bitrix24.ru/rest/1/abc/profile', builtPage)).toBe(false);
    expect(isAppResource('http://127.0.0.1:5555/', builtPage)).toBe(false);
    expect(isAppResource('file:///etc/passwd', builtPage)).toBe(false);
    expect(isAppResource('file:///opt/B24%20Chat%20Lookup/resources/app.asar/dist/renderer/../../package.json', builtPage)).toBe(false);
    expect(isAppResource('file:///opt/B24%20Chat%20Lookup/resources/app.asar/dist/renderer/%2e%2e/main/main.js', builtPage)).toBe(false);
    expect(isAppResource('file:///opt/B24%20Chat%20Lookup/resources/app.asar/dist/renderer/..%2f..%2fpackage.json', builtPage)).toBe(false);
    expect(isAppResource('file:///opt/B24%20Chat%20Lookup/resources/app.asar/dist/renderer/..%5C..%5Cpackage.json', builtPage)).toBe(false);
    expect(isAppResource('file://attacker/opt/B24%20Chat%20Lookup/resources/app.asar/dist/renderer/index.html', builtPage)).toBe(false);
    expect(isAppResource('not a url', builtPage)).toBe(false);
  });

  it('lets the dev-server window load from its origin and open its hot-reload socket, nothing else', () => {
    const dev = 'http://127.0.0.1:5173/';
    expect(isAppResource('http://127.0.0.1:5173/src/main.ts', dev)).toBe(true);
    expect(isAppResource('ws://127.0.0.1:5173/?token=x', dev)).toBe(true);
    expect(isAppResource('ws://127.0.0.1:5174/', dev)).toBe(false);
    expect(isAppResource('wss://127.0.0.1:5173/', dev)).toBe(false);
    expect(isAppResource('http://127.0.0.1:5555/rest/', dev)).toBe(false);
  });
});

describe('canonicalFileUrl', () => {
  it('upper-cases a Windows drive letter as Chromium writes it, and leaves other URLs alone', () => {
    expect(canonicalFileUrl('file:///c:/Program%20Files/B24/resources/app.asar/dist/renderer/index.html')).toBe(
      'file:///C:/Program%20Files/B24/resources/app.asar/dist/renderer/index.html',
    );
    expect(canonicalFileUrl('file:///opt/b24/index.html')).toBe('file:///opt/b24/index.html');
    expect(canonicalFileUrl('http://127.0.0.1:5173/')).toBe('http://127.0.0.1:5173/');
  });
});
