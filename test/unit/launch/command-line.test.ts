import { describe, expect, it } from 'vitest';
import { LAUNCHED_AT_LOGIN_FLAG, launchRequestFrom, readLaunchRequest } from '../../../electron/core/launch/command-line.ts';

describe('readLaunchRequest', () => {
  it('reads a reference given to the installed app', () => {
    expect(readLaunchRequest(['/opt/B24 Chat Lookup/b24-chat-lookup-app', 'LEAD|13'], { defaultApp: false })).toEqual({ reference: 'LEAD|13', atLogin: false });
  });

  it('skips the app folder when run unpackaged, and every switch Chromium or the test adds', () => {
    const argv = ['/usr/lib/electron/electron', '/home/me/b24', '--no-sandbox', '--user-data-dir=/tmp/p', 'D_5', '--enable-crashpad'];
    expect(readLaunchRequest(argv, { defaultApp: true })).toEqual({ reference: 'D_5', atLogin: false });
  });

  it('finds the app folder after the switches Playwright and Chromium put before it', () => {
    const argv = ['/usr/lib/electron/electron', '--inspect=0', '--remote-debugging-port=0', '--no-sandbox', '/home/me/b24', 'LEAD|13'];
    expect(readLaunchRequest(argv, { defaultApp: true })).toEqual({ reference: 'LEAD|13', atLogin: false });
    expect(readLaunchRequest(['/usr/lib/electron/electron', '--no-sandbox', '/home/me/b24'], { defaultApp: true })).toEqual({
      reference: null,
      atLogin: false,
    });
  });

  it('reads words typed without quotes as the person wrote them: `deal 5` is one reference, two references stay two', () => {
    expect(readLaunchRequest(['app', 'deal', '5'], { defaultApp: false }).reference).toBe('deal 5');
    expect(readLaunchRequest(['app', 'LEAD|13', 'D_5'], { defaultApp: false }).reference).toBe('LEAD|13 D_5');
  });

  it('asks for nothing when there is nothing but switches', () => {
    expect(readLaunchRequest(['app', '--allow-file-access-from-files', ''], { defaultApp: false })).toEqual({ reference: null, atLogin: false });
  });

  it('recognises a start at login', () => {
    expect(readLaunchRequest(['app', LAUNCHED_AT_LOGIN_FLAG], { defaultApp: false })).toEqual({ reference: null, atLogin: true });
  });

  it('cuts a huge argument to what one lookup takes', () => {
    expect(readLaunchRequest(['app', '1'.repeat(200_000)], { defaultApp: false }).reference).toHaveLength(100_000);
  });
});

describe('launchRequestFrom', () => {
  it('takes a well-formed request from a second launch', () => {
    expect(launchRequestFrom({ reference: 'LEAD|13', atLogin: false })).toEqual({ reference: 'LEAD|13', atLogin: false });
  });

  it.each([
    undefined,
    null,
    'LEAD|13',
    { reference: 13, atLogin: false },
    { reference: 'x'.repeat(100_001), atLogin: false },
    { reference: 'a', atLogin: false, extra: 1 },
  ])('reads %j from another program as "open the window"', (data) => {
    expect(launchRequestFrom(data)).toEqual({ reference: null, atLogin: false });
  });
});
