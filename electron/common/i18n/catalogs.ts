/**
 * The catalogs the main process formats with, for the surfaces it owns (notifications, the tray menu, the sign-in
 * page in the browser, the command line); the window loads only its own language's catalog (renderer/src/lib/i18n).
 * A new language is its `electron/common/locales/<code>/messages.json` and one line here.
 */
import type { Catalog, Message } from './format.ts';
import { formatMessage } from './format.ts';
import type { MessageCode } from '../messages/index.ts';
import en from '../locales/en/messages.json' with { type: 'json' };
import de from '../locales/de/messages.json' with { type: 'json' };
import es from '../locales/es/messages.json' with { type: 'json' };
import pl from '../locales/pl/messages.json' with { type: 'json' };
import ptBR from '../locales/pt-BR/messages.json' with { type: 'json' };
import ru from '../locales/ru/messages.json' with { type: 'json' };
import uk from '../locales/uk/messages.json' with { type: 'json' };

/** Every language the app speaks, with its catalog; English is the source the others translate. */
export const CATALOGS = { en, ru, de, es, 'pt-BR': ptBR, pl, uk } satisfies Record<string, Catalog>;

export type Language = keyof typeof CATALOGS;

/** The languages, source first. */
export const LANGUAGES = Object.keys(CATALOGS) as Language[];

export const SOURCE_LANGUAGE: Language = 'en';

/** The key of every message the app can say (the English catalog's keys). */
export type MessageKey = keyof typeof en;

export const isLanguage = (value: unknown): value is Language => typeof value === 'string' && Object.hasOwn(CATALOGS, value);

/** A message as a sentence in a language. */
export function say(message: Message, language: Language, now = Date.now()): string {
  return formatMessage(CATALOGS[language], message, language, CATALOGS[SOURCE_LANGUAGE], now);
}

/** Fails to compile while a message code has no sentence in the source catalog (the error names the code). */
type CodesWithoutSentence = Exclude<MessageCode, MessageKey>;
export const EVERY_CODE_HAS_A_SENTENCE: [CodesWithoutSentence] extends [never] ? true : CodesWithoutSentence = true;
