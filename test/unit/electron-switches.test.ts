import { describe, expect, it } from 'vitest';
import { chromiumSwitchesForTests } from '../support/electron-binary.ts';

describe("Chromium's switches for the _electron spec", () => {
  const kernel =
    (settings: Record<string, string>) =>
    (path: string): string | null =>
      settings[path] ?? null;

  it('runs without the OS sandbox on Linux only where it cannot start: AppArmor, no user namespaces, root or CI', () => {
    const desktop = { root: false, kernelSetting: kernel({}) };
    expect(chromiumSwitchesForTests('linux', {}, desktop)).toEqual([]);
    expect(
      chromiumSwitchesForTests('linux', {}, { root: false, kernelSetting: kernel({ '/proc/sys/kernel/apparmor_restrict_unprivileged_userns': '1' }) }),
    ).toEqual(['--no-sandbox']);
    expect(chromiumSwitchesForTests('linux', {}, { root: false, kernelSetting: kernel({ '/proc/sys/kernel/unprivileged_userns_clone': '0' }) })).toEqual([
      '--no-sandbox',
    ]);
    expect(chromiumSwitchesForTests('linux', {}, { root: true, kernelSetting: kernel({}) })).toEqual(['--no-sandbox']);
    expect(chromiumSwitchesForTests('linux', { CI: 'true' }, desktop)).toEqual(['--no-sandbox']);
  });

  it("keeps macOS's login keychain out of the runs, and leaves Windows as it is", () => {
    expect(chromiumSwitchesForTests('darwin', { CI: 'true' }, { root: false, kernelSetting: kernel({}) })).toEqual(['--use-mock-keychain']);
    expect(chromiumSwitchesForTests('win32', { CI: 'true' }, { root: false, kernelSetting: kernel({}) })).toEqual([]);
  });
});
