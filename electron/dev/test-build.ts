/**
 * The packaged build the `_electron` Playwright spec drives. electron-builder.e2e.yml packs the app as the installers
 * do, with one fuse left on (Node's inspector, which Playwright connects through) and this mark in the packed
 * package.json. A build with the mark is tested as the unpackaged app is: it may talk to the fake portal on 127.0.0.1
 * and exposes its tray to the spec. The installers' builds (electron-builder.yml) carry no mark.
 */

/** The package.json field electron-builder.e2e.yml sets through `extraMetadata`. */
export const TEST_BUILD_MARK = 'b24TestBuild';

/** Whether a packed package.json's text marks the test build; anything unreadable is not one. */
export function isTestBuild(packageJsonText: string | undefined): boolean {
  if (packageJsonText === undefined) return false;
  try {
    const parsed: unknown = JSON.parse(packageJsonText);
    return typeof parsed === 'object' && parsed !== null && (parsed as Record<string, unknown>)[TEST_BUILD_MARK] === true;
  } catch {
    return false;
  }
}
