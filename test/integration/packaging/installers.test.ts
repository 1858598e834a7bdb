/**
 * The installers' configuration, checked here because packaging itself cannot run on a machine that cannot download
 * Electron (this one). Two kinds of check:
 *  - electron-builder.yml and electron-builder.e2e.yml, loaded and validated by electron-builder's own code and
 *    schema (app-builder-lib's getConfig and validateConfiguration, as `electron-builder` runs them);
 *  - a real `electron-builder --dir` pack for Linux and for macOS with a stand-in Electron (a folder shaped like
 *    Electron's, whose "binary" holds only the fuse wire): electron-builder packs the real dist/ into app.asar, writes
 *    the real Info.plist and flips the fuses in the stand-in, so the archive's files, the plist and the fuse wire are
 *    exactly what the installers would carry.
 * What needs the real Electron (the installers themselves, Windows's resources, signing, the app starting) only the
 * release workflow verifies (.github/workflows/ci.yml).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import asar from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTestBuild, TEST_BUILD_MARK } from '../../../electron/dev/test-build.ts';
import { readIcns, readIco } from '../../../electron/icons/icon-containers.ts';

const projectRoot = resolve(import.meta.dirname, '../../..');
// electron-builder's own configuration code, from the copy electron-builder itself uses.
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
const builderConfig = fromBuilder('app-builder-lib/out/util/config/config.js') as {
  getConfig: (projectDir: string, configPath: string | null, configFromOptions: unknown) => Promise<BuilderConfig>;
  validateConfiguration: (config: BuilderConfig, debugLogger: { isEnabled: boolean; add: () => void }) => Promise<void>;
};
const builderCli = fromBuilder.resolve('electron-builder/cli.js');
const quietLogger = { isEnabled: false, add: () => undefined };
const packageJson = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
  name: string;
  productName: string;
  version: string;
  main: string;
  homepage: string;
};

type BuilderConfig = Record<string, unknown> & {
  electronFuses?: Record<string, boolean>;
  directories?: { output?: string };
  extraMetadata?: Record<string, unknown>;
  linux?: { target?: unknown; icon?: string };
  win?: { target?: unknown; icon?: string };
  mac?: { target?: unknown; icon?: string; extendInfo?: Record<string, unknown> };
  nsis?: Record<string, unknown>;
};

const RELEASE = 'electron-builder.yml';
const E2E = 'electron-builder.e2e.yml';
const load = (file: string) => builderConfig.getConfig(projectRoot, join(projectRoot, file), null);

/** Every key anywhere in a configuration, with its path. */
function keysOf(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [`${path}${key}`, ...keysOf(child, `${path}${key}.`)]);
}

describe('the installers configuration, read by electron-builder', { timeout: 60_000 }, () => {
  it("passes electron-builder's own schema, for the installers and for the test build", async () => {
    for (const file of [RELEASE, E2E]) {
      await expect(builderConfig.validateConfiguration(await load(file), quietLogger), file).resolves.toBeUndefined();
    }
  });

  it('the schema check refuses a misspelled fuse or an option in the wrong place (so the check above can fail)', async () => {
    const config = await load(RELEASE);
    await expect(builderConfig.validateConfiguration({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } }, quietLogger)).rejects.toThrow(
      /configuration\.electronFuses should be/,
    );
    await expect(builderConfig.validateConfiguration({ ...config, nsis: { ...config.nsis, perUser: true } }, quietLogger)).rejects.toThrow(
      /configuration\.nsis should be/,
    );
  });

  it('flips the fuses: not runnable as Node, no NODE_OPTIONS or --inspect, encrypted cookies, only its own integrity-checked app.asar', async () => {
    expect((await load(RELEASE)).electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      // Said, not left to Electron's default: the window is a file:// page (electron-builder.yml says why).
      grantFileProtocolExtraPrivileges: true,
    });
  });

  it("the test build differs only in Node's inspector (for Playwright), its output folder and its mark", async () => {
    const release = await load(RELEASE);
    const e2e = await load(E2E);
    expect(e2e.electronFuses).toEqual({ ...release.electronFuses, enableNodeCliInspectArguments: true });
    expect(e2e.directories?.output).toBe('release/e2e');
    expect(e2e.extraMetadata).toEqual({ [TEST_BUILD_MARK]: true });
    expect(release.extraMetadata).toBeUndefined();
    const rest = (config: BuilderConfig) => {
      const { electronFuses: _fuses, directories, extraMetadata: _mark, extends: _extends, ...others } = config;
      return { ...others, directories: { ...directories, output: undefined } };
    };
    expect(rest(e2e)).toEqual(rest(release));
  });

  it('builds a deb before an AppImage, a per-user NSIS installer, and a dmg for both Mac chips that shows no Dock icon', async () => {
    const config = await load(RELEASE);
    expect(config.linux?.target).toEqual(['deb', 'AppImage']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ oneClick: true, perMachine: false });
    expect(config.mac?.target).toEqual([{ target: 'dmg', arch: ['arm64', 'x64'] }]);
    expect(config.mac?.extendInfo?.LSUIElement).toBe(true);
    expect(config.productName).toBe(packageJson.productName);
  });

  it("registers no file types and no link schemes (bx: is the Bitrix24 app's, https: the browser's)", async () => {
    for (const file of [RELEASE, E2E]) {
      const keys = keysOf(await load(file));
      expect(
        keys.filter((key) => /(^|\.)(fileAssociations|protocols|mimeTypes)$/.test(key)),
        file,
      ).toEqual([]);
    }
  });

  it('points each system at the icons rendered from electron/icons/app.svg', async () => {
    const config = await load(RELEASE);
    const linuxIcons = join(projectRoot, config.linux?.icon ?? 'missing');
    expect(readdirSync(linuxIcons).filter((name) => /^\d+x\d+\.png$/.test(name)).length).toBeGreaterThanOrEqual(8);
    expect(readIco(readFileSync(join(projectRoot, config.win?.icon ?? 'missing'))).map((entry) => entry.size)).toContain(256);
    expect(readIcns(readFileSync(join(projectRoot, config.mac?.icon ?? 'missing'))).map((entry) => entry.type)).toContain('ic10');
  });
});

/** The files of a folder, relative, with `/` separators. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

// Electron 45's fuse wire as it ships: RunAsNode on, cookie encryption off, NODE_OPTIONS on, --inspect on, asar
// integrity off, only-asar off, V8 snapshot off, file:// privileges on.
const SHIPPED_WIRE = '10110001';
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const standInBinary = () =>
  Buffer.concat([Buffer.from(`stand-in for Electron\n${FUSE_SENTINEL}`), Buffer.from([1, SHIPPED_WIRE.length]), Buffer.from(`${SHIPPED_WIRE}\n`)]);

function macPlist(executable: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
<key>CFBundleExecutable</key><string>${executable}</string>
<key>CFBundleIdentifier</key><string>com.github.Electron</string>
<key>CFBundleName</key><string>${executable}</string>
<key>CFBundleIconFile</key><string>electron.icns</string>
<key>CFBundlePackageType</key><string>APPL</string>
</dict></plist>`;
}

/** A folder shaped like Electron's unpacked distribution for a system, as electron-builder's `electronDist` takes it. */
function standInElectron(dir: string, system: 'linux' | 'mac'): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'LICENSE'), 'stand-in');
  writeFileSync(join(dir, 'version'), '45.5.0');
  if (system === 'linux') {
    mkdirSync(join(dir, 'resources'));
    writeFileSync(join(dir, 'electron'), standInBinary());
    chmodSync(join(dir, 'electron'), 0o755);
    return dir;
  }
  const contents = join(dir, 'Electron.app', 'Contents');
  const helper = join(contents, 'Frameworks', 'Electron Helper.app', 'Contents');
  for (const folder of [
    join(contents, 'MacOS'),
    join(contents, 'Resources'),
    join(contents, 'Frameworks', 'Electron Framework.framework'),
    join(helper, 'MacOS'),
  ]) {
    mkdirSync(folder, { recursive: true });
  }
  writeFileSync(join(contents, 'Info.plist'), macPlist('Electron'));
  writeFileSync(join(contents, 'MacOS', 'Electron'), 'stand-in');
  writeFileSync(join(contents, 'Resources', 'electron.icns'), 'stand-in');
  writeFileSync(join(contents, 'Frameworks', 'Electron Framework.framework', 'Electron Framework'), standInBinary());
  writeFileSync(join(helper, 'Info.plist'), macPlist('Electron Helper'));
  writeFileSync(join(helper, 'MacOS', 'Electron Helper'), 'stand-in');
  return dir;
}

/**
 * The system's 7-Zip for electron-builder's archives (ELECTRON_BUILDER_7ZIP_PATH, app-builder-lib/out/toolsets/7zip.js):
 * otherwise it downloads its own from GitHub, which this machine cannot reach (test/install-system-deps.sh installs one).
 */
function sevenZip(): Record<string, string> {
  const found = spawnSync('sh', ['-c', 'command -v 7za'], { encoding: 'utf8' }).stdout.trim();
  return found ? { ELECTRON_BUILDER_7ZIP_PATH: found } : {};
}

/** `electron-builder --dir` (or another target) for one system with a stand-in Electron; answers the output folder. */
function pack(config: string, system: 'linux' | 'mac', work: string, target: 'dir' | 'zip' = 'dir'): string {
  const output = join(work, `out-${system}-${config}-${target}`);
  // Packed once per test run: a second test reads the same output.
  if (existsSync(output)) return output;
  const result = spawnSync(
    process.execPath,
    [
      builderCli,
      '--config',
      config,
      `--${system}`,
      target,
      '--x64',
      '--publish',
      'never',
      `-c.electronDist=${standInElectron(join(work, `electron-${system}-${config}-${target}`), system)}`,
      `-c.directories.output=${output}`,
    ],
    { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false', ...sevenZip() }, timeout: 120_000 },
  );
  if (result.status !== 0) throw new Error(`electron-builder failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return output;
}

/** The fuse wire of a packed binary, by fuse name: 'on', 'off' or what else it holds. */
async function fusesOf(binary: string): Promise<Record<string, string>> {
  const wire = await getCurrentFuseWire(binary);
  const named: Record<string, string> = {};
  for (const [name, index] of Object.entries(FuseV1Options)) {
    if (typeof index !== 'number') continue;
    const state = (wire as unknown as Record<number, number>)[index];
    // The wire holds the characters '1' (on) and '0' (off), or 'r' for a fuse Electron removed.
    named[name] = state === 0x31 ? 'on' : state === 0x30 ? 'off' : String(state);
  }
  return named;
}

const releaseFuses = {
  RunAsNode: 'off',
  EnableCookieEncryption: 'on',
  EnableNodeOptionsEnvironmentVariable: 'off',
  EnableNodeCliInspectArguments: 'off',
  EnableEmbeddedAsarIntegrityValidation: 'on',
  OnlyLoadAppFromAsar: 'on',
  GrantFileProtocolExtraPrivileges: 'on',
  // Not set by the configuration: left as Electron ships it.
  LoadBrowserProcessSpecificV8Snapshot: 'off',
};

// Each pack is a few seconds of electron-builder's own work (two cores, tests running beside it).
describe('packing the built app with a stand-in Electron (electron-builder --dir)', { timeout: 120_000 }, () => {
  let work: string;
  beforeAll(() => {
    if (!existsSync(join(projectRoot, packageJson.main))) throw new Error('No built app in dist/: run `npm run build` first (npm test does).');
    work = mkdtempSync(join(tmpdir(), 'b24-packaging-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('Linux: app.asar holds exactly the built output (no sources, tests, maps or node_modules) and the fuses are flipped', async () => {
    const output = join(pack(RELEASE, 'linux', work), 'linux-unpacked');
    const binary = join(output, 'b24-chat-lookup-app');
    expect(existsSync(binary)).toBe(true);
    const archive = join(output, 'resources', 'app.asar');
    const packed = asar.listPackage(archive, { isPack: false }).map((path) => path.replaceAll('\\', '/'));
    const packedFiles = packed.filter((path) => 'size' in asar.statFile(archive, path.slice(1), false));
    const built = filesUnder(join(projectRoot, 'dist'))
      .filter((path) => !path.endsWith('.map'))
      .map((path) => `/dist/${path}`);
    expect(packedFiles.sort()).toEqual([...built, '/package.json'].sort());
    expect(packedFiles).toEqual(
      expect.arrayContaining(['/dist/main/main.js', '/dist/preload/preload.cjs', '/dist/renderer/index.html', '/dist/main/tray/trayTemplate.png']),
    );
    expect(packed.filter((path) => /\.(map|ts|svelte)$|^\/(electron|renderer|test|node_modules)\//.test(path))).toEqual([]);

    const manifest = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ main: packageJson.main, version: packageJson.version, productName: packageJson.productName });
    expect(manifest).not.toHaveProperty('scripts');
    expect(manifest).not.toHaveProperty('devDependencies');
    expect(isTestBuild(JSON.stringify(manifest))).toBe(false);

    expect(await fusesOf(binary)).toEqual(releaseFuses);
  });

  it('Linux, the test build: the same archive, marked, with only the inspector fuse left on', async () => {
    const output = join(pack(E2E, 'linux', work), 'linux-unpacked');
    const archive = join(output, 'resources', 'app.asar');
    expect(isTestBuild(asar.extractFile(archive, 'package.json').toString('utf8'))).toBe(true);
    expect(await fusesOf(join(output, 'b24-chat-lookup-app'))).toEqual({ ...releaseFuses, EnableNodeCliInspectArguments: 'on' });
  });

  it('macOS: "B24 Chat Lookup.app" shows no Dock icon, carries the app icon and the tray template, and checks its archive', async () => {
    const bundle = join(pack(RELEASE, 'mac', work), 'mac', `${packageJson.productName}.app`);
    const contents = join(bundle, 'Contents');
    const plist = await (
      fromBuilder('app-builder-lib/out/util/plist.js') as { parsePlistFile: (path: string) => Promise<Record<string, unknown>> }
    ).parsePlistFile(join(contents, 'Info.plist'));
    expect(plist).toMatchObject({
      LSUIElement: true,
      CFBundleIdentifier: 'com.b24chatlookup.app',
      CFBundleName: packageJson.productName,
      CFBundleExecutable: packageJson.productName,
      CFBundleShortVersionString: packageJson.version,
      CFBundleIconFile: 'icon.icns',
      NSRequiresAquaSystemAppearance: false,
    });
    expect(existsSync(join(contents, 'MacOS', packageJson.productName))).toBe(true);
    expect(readFileSync(join(contents, 'Resources', 'icon.icns'))).toEqual(readFileSync(join(projectRoot, 'electron/assets/app-icon/icon.icns')));

    // The integrity fuse is only as good as the hash Electron compares: it must be the packed archive's header hash.
    const archive = join(contents, 'Resources', 'app.asar');
    const integrity = (plist.ElectronAsarIntegrity as Record<string, { algorithm: string; hash: string }>)['Resources/app.asar'];
    expect(integrity?.algorithm).toBe('SHA256');
    expect(integrity?.hash).toBe(createHash('sha256').update(asar.getRawHeader(archive).headerString).digest('hex'));
    expect(asar.listPackage(archive, { isPack: false }).map((path) => path.replaceAll('\\', '/'))).toEqual(
      expect.arrayContaining(['/dist/main/tray/trayTemplate.png', '/dist/main/tray/trayTemplate@2x.png']),
    );
    // Given the bundle, @electron/fuses reads the wire where Electron keeps it on macOS: in "Electron Framework".
    expect(await fusesOf(bundle)).toEqual(releaseFuses);
  });

  it("in-app updates: every package names the project's GitHub releases as its feed, and a build writes the metadata electron-updater reads", () => {
    // The feed electron-updater reads in an installed copy (resources/app-update.yml; docs/updates.md).
    const resources = join(pack(RELEASE, 'linux', work), 'linux-unpacked', 'resources');
    const feed = Object.fromEntries(
      readFileSync(join(resources, 'app-update.yml'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(/:\s*/, 2) as [string, string]),
    );
    const [owner, repo] = new URL(packageJson.homepage).pathname.split('/').filter(Boolean);
    expect(feed).toMatchObject({ provider: 'github', owner, repo, updaterCacheDirName: `${packageJson.name}-updater` });

    // A zip of the Mac app (7-Zip runs here; a dmg needs macOS, an AppImage or NSIS installer tools from GitHub): the
    // same update-info step writes latest-mac.yml for a dmg, latest-linux.yml for an AppImage and latest.yml for NSIS.
    const output = pack(RELEASE, 'mac', work, 'zip');
    const written = readdirSync(output).filter((name) => name.endsWith('.yml') && name !== 'builder-debug.yml' && name !== 'builder-effective-config.yaml');
    // One name on GitHub whatever the channel: a preview is a pre-release there (updateInfoBuilder.js computeChannelNames).
    expect(written).toEqual(['latest-mac.yml']);
    const metadata = readFileSync(join(output, 'latest-mac.yml'), 'utf8');
    const zip = readdirSync(output).find((name) => name.endsWith('.zip')) ?? '';
    expect(metadata).toContain(`version: ${packageJson.version}`);
    // The sha512 electron-updater checks a download against is the file's own.
    expect(metadata).toContain(
      `sha512: ${createHash('sha512')
        .update(readFileSync(join(output, zip)))
        .digest('base64')}`,
    );
  });
});
