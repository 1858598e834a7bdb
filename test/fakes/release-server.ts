/**
 * A release server on 127.0.0.1 that serves what electron-updater reads the way GitHub releases serve it: a channel's
 * metadata file (`latest-linux.yml`, `beta-linux.yml`, `latest.yml`, `latest-mac.yml`, as electron-builder writes them:
 * version, files with their sha512 in base64 and size, releaseDate, releaseNotes), and each installer behind a 302 to
 * another address, as a release asset's download is redirected to GitHub's object storage. electron-updater's generic
 * provider is pointed at it (`resources/app-update.yml`, as in a package).
 *
 * Each release can misbehave the ways the updater must survive: its bytes damaged on the way (`corrupt`), metadata
 * whose checksum is not the file's (`wrongChecksum`), a download that stops sending (`stall`) or whose connection
 * drops half-way (`truncate`), unreadable metadata (`brokenMetadata`), and metadata never answered (`silentMetadata`).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReleaseTrouble = 'corrupt' | 'wrongChecksum' | 'stall' | 'truncate' | 'brokenMetadata' | 'silentMetadata';

export interface FakeRelease {
  version: string;
  /** The installer's file name. */
  file: string;
  content: Buffer;
  notes?: string;
  date?: string;
  trouble?: ReleaseTrouble;
}

/** The metadata file of a channel for a platform, named as electron-builder names it (updateInfoBuilder.js). */
export function metadataFileName(channel: string, platform: NodeJS.Platform): string {
  if (platform === 'win32') return `${channel}.yml`;
  return `${channel}-${platform === 'darwin' ? 'mac' : 'linux'}.yml`;
}

const sha512 = (content: Buffer): string => createHash('sha512').update(content).digest('base64');

/** YAML as electron-builder's serializer writes it for these fields (plain scalars, quoted where needed). */
function metadataOf(release: FakeRelease): string {
  if (release.trouble === 'brokenMetadata') return 'version: [0.2.0\nfiles: {{\n';
  const checksum = release.trouble === 'wrongChecksum' ? sha512(Buffer.concat([release.content, Buffer.from('other')])) : sha512(release.content);
  return [
    `version: ${release.version}`,
    'files:',
    `  - url: ${release.file}`,
    `    sha512: ${checksum}`,
    `    size: ${release.content.length}`,
    `path: ${release.file}`,
    `sha512: ${checksum}`,
    `releaseDate: '${release.date ?? '2026-12-01T10:00:00.000Z'}'`,
    ...(release.notes === undefined ? [] : [`releaseNotes: ${JSON.stringify(release.notes)}`]),
    '',
  ].join('\n');
}

export interface ReleaseServer {
  /** The feed's address (what app-update.yml's `url` names), ending in `/`. */
  url: string;
  /** Publishes a release on a channel for a platform; a later one replaces it. */
  publish(channel: string, platform: NodeJS.Platform, release: FakeRelease): void;
  /** Every path asked for, in order. */
  requests: string[];
  /** Lets a stalled download go on (so a test can end it cleanly). */
  releaseStalls(): void;
  close(): Promise<void>;
}

export async function startReleaseServer(): Promise<ReleaseServer> {
  const metadata = new Map<string, FakeRelease>();
  const files = new Map<string, FakeRelease>();
  const requests: string[] = [];
  const stalled = new Set<ServerResponse>();

  const serveFile = (release: FakeRelease, response: ServerResponse): void => {
    const content = release.trouble === 'corrupt' ? Buffer.from(release.content.map((byte, index) => (index === 10 ? byte ^ 0xff : byte))) : release.content;
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(content.length) });
    const half = Math.floor(content.length / 2);
    switch (release.trouble) {
      case 'stall':
        // Half the file, then nothing more (the connection stays open).
        response.write(content.subarray(0, half));
        stalled.add(response);
        return;
      case 'truncate':
        response.write(content.subarray(0, half), () => response.destroy());
        return;
      default:
        response.end(content);
    }
  };

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    requests.push(path);
    const name = path.slice(1);
    const release = metadata.get(name);
    if (release?.trouble === 'silentMetadata') {
      stalled.add(response);
      return;
    }
    if (release) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(metadataOf(release));
      return;
    }
    // A release asset: redirected to where its bytes are, as GitHub does.
    const asset = files.get(name);
    if (asset) {
      response.writeHead(302, { location: `/objects/${encodeURIComponent(name)}` });
      response.end();
      return;
    }
    const object = path.startsWith('/objects/') ? files.get(path.slice('/objects/'.length)) : undefined;
    if (object) return serveFile(object, response);
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('Not Found');
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    publish(channel, platform, release) {
      metadata.set(metadataFileName(channel, platform), release);
      files.set(release.file, release);
    },
    releaseStalls() {
      for (const response of stalled) response.destroy();
      stalled.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of stalled) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
