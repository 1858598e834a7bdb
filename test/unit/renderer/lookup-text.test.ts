import { beforeEach, describe, expect, it } from 'vitest';
import { parseEntityReferences } from '../../../electron/common/references/parse-reference.ts';
import type { LookupResult, ParsedReference } from '../../../electron/core/ipc/contract.ts';
import { completeCatalog, useLanguage } from '../../../renderer/src/lib/i18n.svelte.ts';
import {
  announcement,
  chatPortal,
  countResults,
  entityPageLabel,
  quoteInput,
  resultName,
  summary,
  understanding,
} from '../../../renderer/src/lib/lookup-text.ts';

// The main process's messages are said with the catalog of the window's language.
beforeEach(() => useLanguage('en'));

const deal5: ParsedReference = { ok: true, kind: 'entity', input: 'D_5', entityType: 'CRM', entityId: 'DEAL|5', label: 'deal 5' };
const lead13: ParsedReference = { ok: true, kind: 'entity', input: 'LEAD|13', entityType: 'CRM', entityId: 'LEAD|13', label: 'lead 13' };
const contact25: ParsedReference = { ok: true, kind: 'entity', input: 'C_25', entityType: 'CRM', entityId: 'CONTACT|25', label: 'contact 25' };
const chat1437: ParsedReference = { ok: true, kind: 'chat', input: 'chat1437', chatId: 1437, label: 'chat 1437' };
const hello: ParsedReference = { ok: false, input: 'hello', error: { code: 'unrecognised', params: { text: 'hello' } } };

const links = (chatId: number) => ({
  dialogId: `chat${chatId}`,
  webUrl: `https://portal.example/online/?IM_DIALOG=chat${chatId}`,
  desktopUrl: `bx://v2/portal.example/chat/dialogId/chat${chatId}`,
});
const found = (entityId: string, chatId: number): LookupResult => ({
  status: 'found',
  input: entityId,
  label: entityId.toLowerCase().replace('|', ' '),
  entityType: 'CRM',
  entityId,
  chatId,
  ...links(chatId),
});
const noChat = (entityId: string): LookupResult => ({
  status: 'not_found',
  input: entityId,
  label: entityId.toLowerCase().replace('|', ' '),
  entityType: 'CRM',
  entityId,
  chatId: null,
  reasons: [{ code: 'entity_deleted' }],
});
const invalid: LookupResult = { status: 'invalid', input: 'hello', error: hello.ok ? { code: 'empty' } : hello.error };
const failed: LookupResult = {
  status: 'error',
  input: 'D_5',
  label: 'deal 5',
  entityType: 'CRM',
  entityId: 'DEAL|5',
  error: { code: 'network_unresolved', params: { portal: 'portal.example' } },
};

describe('what the box understood', () => {
  it('says nothing for no references', () => {
    expect(understanding([])).toBeNull();
  });

  it("names one reference in the person's language, a chat too", async () => {
    expect(understanding([deal5])).toEqual({ text: 'Deal 5', invalid: false });
    expect(understanding([chat1437])).toEqual({ text: 'Chat 1437', invalid: false });
    await useLanguage('ru');
    await completeCatalog('ru');
    expect(understanding([deal5])?.text).toBe('Сделка 5');
  });

  it('reads the box with the parser the lookup uses, a bare number as the default type says', () => {
    expect(understanding(parseEntityReferences('D_5, SMART_INVOICE|9'))).toMatchObject({ invalid: false });
    expect(understanding(parseEntityReferences('13', { defaultType: 'DEAL' }))).toEqual({ text: 'Deal 13', invalid: false });
    expect(understanding(parseEntityReferences('13', { defaultType: null }))).toMatchObject({ invalid: true });
  });

  it("says why one piece of text is no reference, as the main process put it (in the person's language)", async () => {
    const why = "“hello” does not look like a CRM reference. Try LEAD|13, D_5, deal 5, an entity's page address or a chat link.";
    expect(understanding([hello])).toEqual({ text: why, invalid: true });
    await useLanguage('ru');
    await completeCatalog('ru');
    expect(understanding([hello])?.text).toBe('«hello» не похоже на ссылку CRM. Подходят LEAD|13, D_5, сделка 5, адрес карточки или ссылка на чат.');
  });

  it('counts several, names the first few, and quotes text that is none', async () => {
    expect(understanding([lead13, deal5, contact25])?.text).toBe('3 references: Lead 13, Deal 5, Contact 25');
    expect(understanding([lead13, deal5, hello])?.text).toBe('3 references: Lead 13, Deal 5, “hello”');
    expect(understanding([lead13, deal5, contact25, hello, chat1437])?.text).toBe('5 references: Lead 13, Deal 5, Contact 25 and 2 more');
    await useLanguage('ru');
    await completeCatalog('ru');
    expect(understanding([lead13, deal5])?.text).toBe('2 ссылки: Лид 13, Сделка 5');
    expect(understanding([lead13, deal5, contact25, hello, chat1437])?.text).toBe('5 ссылок: Лид 13, Сделка 5, Контакт 25 и ещё 2');
  });

  it('shortens long text it quotes', async () => {
    expect(quoteInput('a'.repeat(40))).toBe(`“${'a'.repeat(23)}…”`);
    expect(quoteInput('two\nlines')).toBe('“two lines”');
    await useLanguage('ru');
    await completeCatalog('ru');
    expect(quoteInput('привет')).toBe('«привет»');
  });
});

describe('results', () => {
  it('names each kind of result', () => {
    expect(resultName(found('DEAL|5', 1501))).toBe('Deal 5');
    expect(resultName({ status: 'found', input: 'chat1437', label: 'chat 1437', chatId: 1437, ...links(1437) })).toBe('Chat 1437');
    expect(resultName(noChat('DEAL|99999'))).toBe('Deal 99999');
    expect(resultName(invalid)).toBe('“hello”');
    expect(resultName(failed)).toBe('Deal 5');
  });

  it('finds the portal of a chat from its link', () => {
    const result = found('DEAL|5', 1501);
    if (result.status !== 'found') throw new Error('found');
    expect(chatPortal(result)).toBe('https://portal.example');
  });

  it('sums a batch up with plurals in both languages, leaving out kinds with none', async () => {
    const batch = [found('LEAD|13', 1437), found('DEAL|5', 1501), noChat('DEAL|99999'), invalid];
    expect(countResults(batch)).toEqual({ found: 2, not_found: 1, invalid: 1, error: 0 });
    expect(summary(batch)).toBe('2 found, 1 without a chat, 1 not a reference');
    expect(summary([found('LEAD|13', 1437), invalid, invalid, failed])).toBe('1 found, 2 not references, 1 failed');
    await useLanguage('ru');
    await completeCatalog('ru');
    expect(summary(batch)).toBe('2 чата найдено, 1 ссылка без чата, 1 строка не распознана');
    expect(summary([...Array.from({ length: 5 }, () => noChat('DEAL|1')), failed, failed])).toBe('5 ссылок без чата, 2 ошибки');
    expect(summary([found('LEAD|13', 1437), invalid, invalid, invalid, invalid, invalid])).toBe('1 чат найден, 5 строк не распознано');
  });

  it('announces one answer in a sentence, and a batch by its summary', async () => {
    expect(announcement({ profile: null, results: [] })).toBe('');
    expect(announcement({ profile: null, results: [found('DEAL|5', 1501)] })).toBe('Deal 5: chat 1501');
    expect(announcement({ profile: null, results: [found('DEAL|5', 12345)] })).toBe('Deal 5: chat 12345');
    expect(announcement({ profile: null, results: [noChat('DEAL|99999')] })).toBe('No chat for Deal 99999');
    expect(announcement({ profile: null, results: [failed] })).toBe(
      'Deal 5: Could not reach portal.example: the host name could not be resolved. Check the network connection, VPN or proxy.',
    );
    expect(announcement({ profile: null, results: [found('DEAL|5', 1501), noChat('DEAL|99999')] })).toBe('1 found, 1 without a chat');
    await useLanguage('ru');
    await completeCatalog('ru');
    expect(announcement({ profile: null, results: [found('DEAL|5', 1501)] })).toBe('Сделка 5: чат 1501');
    expect(announcement({ profile: null, results: [noChat('DEAL|99999')] })).toBe('Сделка 99999: чата нет');
  });
});

describe('an entity without a chat', () => {
  it('offers the page of a CRM entity only, named by its type', async () => {
    expect(entityPageLabel('CRM', 'DEAL|99999')).toBe("Open the deal's page");
    expect(entityPageLabel('CRM', 'LEAD|77')).toBe("Open the lead's page");
    expect(entityPageLabel('CRM', 'DYNAMIC_128|3')).toBe("Open the entity's page");
    expect(entityPageLabel('TASKS_TASK', '8293')).toBeNull();
    await useLanguage('ru');
    await completeCatalog('ru');
    expect(entityPageLabel('CRM', 'DEAL|99999')).toBe('Открыть страницу сделки');
  });
});
