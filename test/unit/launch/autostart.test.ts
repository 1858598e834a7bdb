import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { autostartDir, autostartEntry, execArgument, launchCommand, LinuxAutostart } from '../../../electron/core/launch/autostart.ts';
import { tempDir } from '../../support/temp-dir.ts';

const packageJson = JSON.parse(readFileSync(join(import.meta.dirname, '../../../package.json'), 'utf8')) as { desktopName: string };
const builderConfig = readFileSync(join(import.meta.dirname, '../../../electron-builder.yml'), 'utf8');
const desktopName = packageJson.desktopName;

describe('the app id on Linux', () => {
  it('is one reverse-DNS id: the appId, the installed .desktop file Wayland portals know the app by, and the autostart entry', () => {
    const appId = /^appId:\s*(\S+)$/m.exec(builderConfig)?.[1];
    expect(appId).toMatch(/^[a-z][a-z0-9]*(?:\.[a-z][a-z0-9]*){2,}$/);
    expect(desktopName).toBe(`${appId}.desktop`);
  });
});

/**
 * How a desktop environment reads an Exec value back into arguments (Desktop Entry spec, "The Exec key"): the string
 * escapes first, then quoting, then %% as a literal %. Written from the spec, independently of the code under test.
 */
function readExec(value: string): string[] {
  const unescaped = value.replace(/\\([\\sntr;])/g, (_, c: string) => ({ '\\': '\\', s: ' ', n: '\n', t: '\t', r: '\r', ';': ';' })[c] ?? c);
  const args: string[] = [];
  let current = '';
  let inQuotes = false;
  let started = false;
  for (let i = 0; i < unescaped.length; i += 1) {
    const c = unescaped[i] as string;
    if (inQuotes) {
      if (c === '\\' && '"`$\\'.includes(unescaped[i + 1] ?? '')) current += unescaped[++i];
      else if (c === '"') inQuotes = false;
      else current += c;
    } else if (c === '"') {
      inQuotes = true;
      started = true;
    } else if (c === ' ') {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (started) args.push(current);
  return args.map((arg) => arg.replaceAll('%%', '%'));
}

const execOf = (entry: string): string => /^Exec=(.*)$/m.exec(entry)?.[1] ?? '';

describe('autostartEntry', () => {
  it('writes an entry desktops run at login, starting the app with the at-login flag', () => {
    const command = launchCommand({ execPath: '/opt/B24 Chat Lookup/b24-chat-lookup-app', env: {} });
    const entry = autostartEntry({ name: 'B24 Chat Lookup', comment: 'Find the chat of a CRM entity', command });
    expect(entry).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Version=1.0',
        'Name=B24 Chat Lookup',
        'Comment=Find the chat of a CRM entity',
        'Exec="/opt/B24 Chat Lookup/b24-chat-lookup-app" --launched-at-login',
        'Terminal=false',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    );
  });

  it('names the AppImage file, not its temporary mount, and Electron plus the folder when unpackaged', () => {
    const appImage = { APPIMAGE: '/home/me/Apps/B24.AppImage', APPDIR: '/tmp/.mount_b24xyz' };
    expect(launchCommand({ execPath: '/tmp/.mount_b24xyz/b24-chat-lookup-app', env: appImage })).toEqual(['/home/me/Apps/B24.AppImage', '--launched-at-login']);
    expect(launchCommand({ execPath: '/usr/lib/electron', appPath: '/home/me/b24', env: {} })).toEqual([
      '/usr/lib/electron',
      '/home/me/b24',
      '--launched-at-login',
    ]);
  });

  it('ignores an $APPIMAGE inherited from another AppImage that started this app', () => {
    const inherited = { APPIMAGE: '/home/me/Apps/Editor.AppImage', APPDIR: '/tmp/.mount_editor' };
    expect(launchCommand({ execPath: '/opt/B24 Chat Lookup/b24-chat-lookup-app', env: inherited })).toEqual([
      '/opt/B24 Chat Lookup/b24-chat-lookup-app',
      '--launched-at-login',
    ]);
    expect(launchCommand({ execPath: '/tmp/.mount_b24/app', env: { APPIMAGE: 'relative.AppImage', APPDIR: '/tmp/.mount_b24' } })[0]).toBe(
      '/tmp/.mount_b24/app',
    );
  });

  it('quotes any path so the desktop reads back exactly the same arguments', () => {
    const arg = fc.string({ minLength: 1, maxLength: 40, unit: fc.constantFrom(...'ab /\\"\'`$%;#&|()<>*?~é日'.split('')) });
    fc.assert(
      fc.property(fc.array(arg, { minLength: 1, maxLength: 4 }), (command) => {
        expect(readExec(execOf(autostartEntry({ name: 'n', comment: 'c', command })))).toEqual(command);
      }),
    );
  });

  it('refuses an argument a desktop file cannot hold', () => {
    expect(() => execArgument('/opt/b24\n[Desktop Entry]')).toThrow(/line break/);
    expect(() => execArgument('')).toThrow(/empty/);
  });

  it('keeps a name on one line, so it cannot add keys to the entry', () => {
    expect(autostartEntry({ name: 'B24\nHidden=true', comment: 'c', command: ['/b'] })).not.toMatch(/^Hidden/m);
  });
});

describe('autostartDir', () => {
  it('follows XDG_CONFIG_HOME when it is absolute, ~/.config otherwise', () => {
    expect(autostartDir({ XDG_CONFIG_HOME: '/data/cfg' }, '/home/me')).toBe('/data/cfg/autostart');
    expect(autostartDir({ XDG_CONFIG_HOME: 'relative' }, '/home/me')).toBe('/home/me/.config/autostart');
    expect(autostartDir({}, '/home/me')).toBe('/home/me/.config/autostart');
  });
});

describe('LinuxAutostart', () => {
  it('creates the folder and the entry, reads it back as on, and removes it', () => {
    const dir = `${tempDir()}/config/autostart`;
    const autostart = new LinuxAutostart(dir);
    expect(autostart.isEnabled()).toBe(false);
    autostart.enable(autostartEntry({ name: 'B24 Chat Lookup', comment: 'c', command: ['/opt/b24/app', '--launched-at-login'] }));
    expect(readFileSync(autostart.path, 'utf8')).toContain('Exec=/opt/b24/app --launched-at-login');
    expect(statSync(autostart.path).mode & 0o777).toBe(0o644);
    expect(autostart.isEnabled()).toBe(true);
    autostart.disable();
    expect(autostart.isEnabled()).toBe(false);
    autostart.disable();
  });

  it('is named by the app id the installed .desktop file has, and takes over the entry an earlier version wrote', () => {
    const dir = tempDir();
    const autostart = new LinuxAutostart(dir);
    expect(basename(autostart.path)).toBe(desktopName);
    // An earlier version's entry, switched off in the desktop's startup settings: still off, and still there.
    writeFileSync(join(dir, 'b24-chat-lookup.desktop'), '[Desktop Entry]\nExec=/b\nHidden=true\n');
    expect(autostart.exists()).toBe(true);
    expect(autostart.isEnabled()).toBe(false);
    autostart.enable('[Desktop Entry]\nExec=/b\n');
    expect(readdirSync(dir)).toEqual([desktopName]);
    autostart.disable();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reads an entry the desktop switched off as off', () => {
    const autostart = new LinuxAutostart(tempDir());
    autostart.enable('[Desktop Entry]\nExec=/b\nX-GNOME-Autostart-enabled=false\n');
    expect(autostart.isEnabled()).toBe(false);
    writeFileSync(autostart.path, '[Desktop Entry]\nExec=/b\nHidden=true\n');
    expect(autostart.isEnabled()).toBe(false);
  });
});
