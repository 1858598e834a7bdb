/**
 * Launch at login on Linux, where Electron's `app.setLoginItemSettings` does nothing: an XDG autostart entry
 * (https://specifications.freedesktop.org/autostart-spec/latest/), a `.desktop` file in `~/.config/autostart` that
 * GNOME, KDE, XFCE, Cinnamon and the rest run at login. macOS and Windows use Electron's login items.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { LAUNCHED_AT_LOGIN_FLAG } from './command-line.ts';

/**
 * The app's one id on Linux: electron-builder.yml's appId, the installed .desktop file (package.json's desktopName,
 * which Electron also hands Wayland's portals as the app id) and this entry. GNOME's portals know an app by a
 * reverse-DNS id that names its installed .desktop file.
 */
export const AUTOSTART_FILE_NAME = 'com.b24chatlookup.app.desktop';
/** What earlier versions named the entry: read as the entry (a `Hidden=true` the person set stays), replaced when written. */
const EARLIER_FILE_NAMES = ['b24-chat-lookup.desktop'];

/** `$XDG_CONFIG_HOME/autostart`, or `~/.config/autostart` when it is unset or not absolute (as the spec says). */
export function autostartDir(env: Readonly<Record<string, string | undefined>>, home: string = homedir()): string {
  const configHome = env.XDG_CONFIG_HOME;
  return join(configHome?.startsWith('/') ? configHome : join(home, '.config'), 'autostart');
}

/**
 * The command that starts this app again. An AppImage runs from a temporary mount, so the entry must name the
 * AppImage file itself ($APPIMAGE), but only when this program is the one running from that mount ($APPDIR): a
 * terminal or editor shipped as an AppImage passes its own $APPIMAGE on to everything it starts. An unpackaged app
 * is Electron plus the app's folder.
 */
export function launchCommand({
  execPath,
  appPath,
  env,
}: {
  execPath: string;
  appPath?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
}): string[] {
  const { APPIMAGE: appImage, APPDIR: appDir } = env;
  const fromOwnAppImage = appImage?.startsWith('/') === true && appDir?.startsWith('/') === true && execPath.startsWith(`${appDir.replace(/\/$/, '')}/`);
  if (fromOwnAppImage) return [appImage, LAUNCHED_AT_LOGIN_FLAG];
  return [execPath, ...(appPath !== undefined ? [appPath] : []), LAUNCHED_AT_LOGIN_FLAG];
}

// Characters that make an Exec argument need quoting, per the Desktop Entry spec's "The Exec key".
const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

/** One argument of an Exec line: quoted where the spec says, `%` doubled, then escaped as a desktop-file string. */
export function execArgument(arg: string): string {
  if (/[\n\r\0]/.test(arg)) throw new RangeError('An autostart command cannot contain a line break.');
  if (arg === '') throw new RangeError('An autostart command cannot contain an empty argument.');
  const quoted = RESERVED.test(arg) ? `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`)}"` : arg;
  // Field codes (%f, %u…) start with %, so a literal one is %%; the file format then escapes every backslash.
  return quoted.replaceAll('%', '%%').replaceAll('\\', '\\\\');
}

/** The autostart entry's text. */
export function autostartEntry({ name, comment, command }: { name: string; comment: string; command: readonly string[] }): string {
  const line = (text: string): string => text.replace(/[\n\r]/g, ' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${line(name)}`,
    `Comment=${line(comment)}`,
    `Exec=${command.map(execArgument).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** The app's own autostart entry in one folder: written, read back and removed. */
export class LinuxAutostart {
  readonly dir: string;
  readonly path: string;
  readonly #earlier: string[];

  constructor(dir: string) {
    this.dir = dir;
    this.path = join(dir, AUTOSTART_FILE_NAME);
    this.#earlier = EARLIER_FILE_NAMES.map((name) => join(dir, name));
  }

  /** The entry there is: this version's, or one an earlier version wrote. */
  #found(): string | undefined {
    return [this.path, ...this.#earlier].find((path) => existsSync(path));
  }

  exists(): boolean {
    return this.#found() !== undefined;
  }

  /** Whether the entry exists and is not switched off (`Hidden=true`, or GNOME's own switch set to false). */
  isEnabled(): boolean {
    const found = this.#found();
    if (found === undefined) return false;
    const text = readFileSync(found, 'utf8');
    return !/^Hidden\s*=\s*true\s*$/m.test(text) && !/^X-GNOME-Autostart-enabled\s*=\s*false\s*$/m.test(text);
  }

  /** Writes the entry (atomically, so a login never finds half a file). */
  enable(entry: string): void {
    mkdirSync(this.dir, { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, entry, { mode: 0o644 });
    renameSync(temporary, this.path);
    for (const path of this.#earlier) rmSync(path, { force: true });
  }

  disable(): void {
    for (const path of [this.path, ...this.#earlier]) rmSync(path, { force: true });
  }
}
