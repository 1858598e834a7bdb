/**
 * The window loads a language's catalog in two parts, so its first screen weighs what it shows: the sentences of the
 * Lookup screen and the window's frame (`start`, before anything is shown), then everything else (`rest`: History,
 * Settings, and the main process's messages, which appear only after a lookup or a change), fetched at once after.
 * The build cuts each catalog by this test (vite.config.ts, windowCatalogs); the main process reads whole catalogs.
 */

/** The key prefixes of the first screen's sentences. */
const START_PREFIXES = ['language.', 'app.', 'lookup.', 'result.', 'results.', 'openLines.', 'chat.', 'entities.', 'problem.'] as const;

export type CatalogPart = 'start' | 'rest';

/** Which part of the window's catalog a key belongs to. */
export const partOf = (key: string): CatalogPart => (START_PREFIXES.some((prefix) => key.startsWith(prefix)) ? 'start' : 'rest');
