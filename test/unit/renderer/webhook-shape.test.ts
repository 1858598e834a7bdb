import { describe, expect, it } from 'vitest';
import { parseWebhookUrl } from '../../../electron/core/bitrix/credentials.ts';
import { webhookShape } from '../../../renderer/src/lib/webhook-shape.ts';

const CODE = 'a1b2c3d4e5f6g7h8';

describe('the quick look at a webhook address as it is typed', () => {
  it('says what is still missing, step by step', () => {
    expect(webhookShape('')).toEqual({ kind: 'empty' });
    expect(webhookShape('   ')).toEqual({ kind: 'empty' });
    expect(webhookShape('https://acme.bitrix24.ru')).toEqual({ kind: 'incomplete', host: 'acme.bitrix24.ru' });
    expect(webhookShape('https://acme.bitrix24.ru/rest/')).toEqual({ kind: 'incomplete', host: 'acme.bitrix24.ru' });
    expect(webhookShape('https://acme.bitrix24.ru/rest/1/')).toEqual({ kind: 'incomplete', host: 'acme.bitrix24.ru' });
    expect(webhookShape(`https://acme.bitrix24.ru/rest/1/${CODE}/`)).toEqual({ kind: 'complete', host: 'acme.bitrix24.ru', userId: 1 });
  });

  it('names what is wrong with addresses that are no webhook', () => {
    expect(webhookShape('not an address')).toEqual({ kind: 'not_address' });
    expect(webhookShape(`ftp://acme.bitrix24.ru/rest/1/${CODE}/`)).toEqual({ kind: 'not_address' });
    expect(webhookShape(`http://acme.bitrix24.ru/rest/1/${CODE}/`)).toEqual({ kind: 'not_address' });
    expect(webhookShape('https://acme.bitrix24.ru/crm/deal/details/5/')).toEqual({ kind: 'incomplete', host: 'acme.bitrix24.ru' });
    expect(webhookShape(`https://acme.bitrix24.ru/rest/zero/${CODE}/`)).toEqual({ kind: 'garbled', host: 'acme.bitrix24.ru' });
    expect(webhookShape(`https://acme.bitrix24.ru/rest/0/${CODE}/`)).toEqual({ kind: 'garbled', host: 'acme.bitrix24.ru' });
    expect(webhookShape('https://acme.bitrix24.ru/rest/1/abc/')).toEqual({ kind: 'garbled', host: 'acme.bitrix24.ru' });
    expect(webhookShape(`https://user:pw@acme.bitrix24.ru/rest/1/${CODE}/`)).toEqual({ kind: 'not_address' });
  });

  it('reads addresses as people paste them: quotes, no scheme, a method after the code, a query', () => {
    expect(webhookShape(`«https://acme.bitrix24.ru/rest/7/${CODE}/profile.json»`)).toMatchObject({ kind: 'complete', userId: 7 });
    expect(webhookShape(`acme.bitrix24.ru/rest/7/${CODE}`)).toMatchObject({ kind: 'complete', host: 'acme.bitrix24.ru' });
    expect(webhookShape(`https://acme.bitrix24.ru/rest/7/${CODE}/?x=1`)).toMatchObject({ kind: 'complete' });
    expect(webhookShape(`http://127.0.0.1:24024/rest/1/${CODE}/`)).toMatchObject({ kind: 'complete', host: '127.0.0.1:24024' });
    expect(webhookShape(`https://corp.example.com/b24/rest/1/${CODE}/`)).toMatchObject({ kind: 'complete', host: 'corp.example.com' });
  });

  it('never carries the code in its answer', () => {
    for (const text of [`https://acme.bitrix24.ru/rest/1/${CODE}/`, `https://acme.bitrix24.ru/rest/x/${CODE}/`, `https://acme.bitrix24.ru/rest/1/${CODE}!/`]) {
      expect(JSON.stringify(webhookShape(text))).not.toContain(CODE);
    }
  });

  it('calls complete exactly what the main process accepts', () => {
    const samples = [
      '',
      'https://acme.bitrix24.ru',
      'https://acme.bitrix24.ru/rest/1/',
      `https://acme.bitrix24.ru/rest/1/${CODE}`,
      `https://acme.bitrix24.ru/rest/1/${CODE}/`,
      `https://acme.bitrix24.ru/rest/1/${CODE}/im.chat.get`,
      `https://acme.bitrix24.ru/rest/1/${CODE}/im.chat.get/extra`,
      `https://acme.bitrix24.ru/rest/-1/${CODE}/`,
      `https://acme.bitrix24.ru/rest/1/${CODE.slice(0, 5)}/`,
      `https://acme.bitrix24.ru/rest/1/${CODE}$/`,
      `https://user:pw@acme.bitrix24.ru/rest/1/${CODE}/`,
      `http://acme.bitrix24.ru/rest/1/${CODE}/`,
      `http://localhost:8080/rest/1/${CODE}/`,
      `http://0.0.0.0:8080/rest/1/${CODE}/`,
      `http://192.168.1.5/rest/1/${CODE}/`,
      `acme.bitrix24.ru:443/rest/1/${CODE}/`,
      `"https://acme.bitrix24.ru//rest//12//${CODE}//"`,
      `https://acme.bitrix24.ru/rest/1/${CODE}/ trailing`,
      `mailto:someone@acme.bitrix24.ru`,
    ];
    for (const sample of samples) {
      expect(webhookShape(sample).kind === 'complete', sample).toBe(parseWebhookUrl(sample).ok);
    }
  });
});
