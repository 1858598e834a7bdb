import { describe, expect, it } from 'vitest';
import type { Credentials } from '../../../../electron/core/bitrix/credentials.ts';
import { SealedCredentials } from '../../../../electron/core/state/profiles/sealed-credentials.ts';
import { refusalOf, testCipher } from '../../../support/state.ts';

const webhook: Credentials = { kind: 'webhook', origin: 'https://acme.bitrix24.ru', pathPrefix: '', userId: 7, secret: 's3cr3tw3bh00kc0de' };

describe('SealedCredentials', () => {
  it('seals credentials so the secret cannot be read, and opens them again with the same cipher', () => {
    const sealed = new SealedCredentials(testCipher());
    const text = sealed.seal(webhook);
    expect(text).not.toContain(webhook.secret);
    expect(Buffer.from(text, 'base64').toString('latin1')).not.toContain(webhook.secret);
    expect(sealed.open({ sealed: text, name: 'Acme' })).toEqual(webhook);
  });

  it('credentials another keychain sealed are credentials_locked, naming the profile', async () => {
    const text = new SealedCredentials(testCipher()).seal(webhook);
    const error = await refusalOf(() => new SealedCredentials(testCipher()).open({ sealed: text, name: 'Acme' }));
    expect(error).toMatchObject({ code: 'credentials_locked', refusal: { code: 'credentials_locked', params: { name: 'Acme' } } });
    expect(error.message).not.toContain(webhook.secret);
  });

  it('says how safely this machine keeps them, and refuses to keep any where nothing encrypts', async () => {
    expect(new SealedCredentials(testCipher('os_keychain')).storage()).toEqual({ protection: 'os_keychain', warning: null });
    expect(new SealedCredentials(testCipher('obscured_only')).storage()).toEqual({ protection: 'obscured_only', warning: { code: 'secret_storage_obscured' } });
    const none = new SealedCredentials(testCipher('unavailable'));
    expect(none.storage()).toEqual({ protection: 'unavailable', warning: { code: 'secret_storage_unavailable' } });
    expect((await refusalOf(() => none.refuseWithoutStorage())).code).toBe('secret_storage_unavailable');
    expect(() => new SealedCredentials(testCipher('obscured_only')).refuseWithoutStorage()).not.toThrow();
  });
});
