import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTestBuild, TEST_BUILD_MARK } from '../../../electron/dev/test-build.ts';
import { findPackagedApp } from '../../support/packaged-app.ts';

describe('the test build mark', () => {
  it('is read from the packed package.json, and only a literal true marks the build', () => {
    expect(isTestBuild(JSON.stringify({ name: 'b24-chat-lookup', [TEST_BUILD_MARK]: true }))).toBe(true);
    expect(isTestBuild(JSON.stringify({ name: 'b24-chat-lookup' }))).toBe(false);
    expect(isTestBuild(JSON.stringify({ [TEST_BUILD_MARK]: 'true' }))).toBe(false);
    expect(isTestBuild(JSON.stringify([TEST_BUILD_MARK]))).toBe(false);
    expect(isTestBuild('{"b24TestBuild": tru')).toBe(false);
    expect(isTestBuild(undefined)).toBe(false);
  });
});

describe('finding the packed test build (electron-builder --dir output)', () => {
  let out: string;
  beforeEach(() => {
    out = mkdtempSync(join(tmpdir(), 'b24-packed-'));
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));
  const file = (...parts: string[]) => {
    mkdirSync(join(out, ...parts.slice(0, -1)), { recursive: true });
    writeFileSync(join(out, ...parts), '');
    return join(out, ...parts);
  };

  it('finds the executable of each system in its own folder', () => {
    const linux = file('linux-unpacked', 'b24-chat-lookup-app');
    const windows = file('win-unpacked', 'b24-chat-lookup-app.exe');
    const mac = file('mac-arm64', 'B24 Chat Lookup.app', 'Contents', 'MacOS', 'B24 Chat Lookup');
    file('linux-unpacked', 'resources', 'app.asar');
    expect(findPackagedApp(out, 'linux', 'b24-chat-lookup-app')).toEqual({ ok: true, executable: linux });
    expect(findPackagedApp(out, 'win32', 'b24-chat-lookup-app')).toEqual({ ok: true, executable: windows });
    expect(findPackagedApp(out, 'darwin', 'b24-chat-lookup-app')).toEqual({ ok: true, executable: mac });
  });

  it('says what to run when nothing was packed, and refuses to guess between two builds', () => {
    expect(findPackagedApp(join(out, 'missing'), 'linux', 'b24-chat-lookup-app')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/npm run package:e2e/),
    });
    file('win-unpacked', 'b24-chat-lookup-app.exe');
    expect(findPackagedApp(out, 'linux', 'b24-chat-lookup-app')).toMatchObject({ ok: false, reason: expect.stringMatching(/No packed app for linux/) });
    file('mac', 'B24 Chat Lookup.app', 'Contents', 'MacOS', 'B24 Chat Lookup');
    file('mac-arm64', 'B24 Chat Lookup.app', 'Contents', 'MacOS', 'B24 Chat Lookup');
    expect(findPackagedApp(out, 'darwin', 'b24-chat-lookup-app')).toMatchObject({ ok: false, reason: expect.stringMatching(/More than one packed app/) });
  });
});
