/**
 * Every shape of secret the official Bitrix24 REST docs show, pasted where a reference goes, to every command of
 * `b24-chat-lookup` (parse, lookup, check; text and JSON): the secret is never printed, whole or in part. Each row is
 * the string the page prints (paths relative to the root of github.com/bitrix24/b24restdocs; `[ru]` for the Russian
 * docs, github.com/bitrix-tools/b24-rest-docs). The CLI runs in this process over a fake portal on loopback.
 */
import { describe, expect, test } from 'vitest';
import { runCli } from '../../../electron/cli/run.ts';
import { maskSecrets } from '../../../electron/common/references/secrets.ts';
import { portalFor } from '../bitrix/support.ts';

type Row = readonly [what: string, text: string, secret: string, page: string];

const ROWS: readonly Row[] = [
  [
    'a webhook code, 16 characters',
    'https://test.bitrix24.com/rest/1/4l777m8lapmdaz1n/crm.company.add.json?fields[TITLE]=Company',
    '4l777m8lapmdaz1n',
    'first-steps/first-rest-api-call.md:46',
  ],
  [
    'a webhook address without a method',
    'https://your-company.bitrix24.com/rest/1/8v5m0dmbxs2ky7wq/',
    '8v5m0dmbxs2ky7wq',
    'first-steps/how-to-use-examples.md:57',
  ],
  [
    'a webhook path without a host',
    '/rest/1/a2ebx1rfao5pq5cr/user.userfield.file.get?id=1&field=UF_FILE',
    'a2ebx1rfao5pq5cr',
    'api-reference/user/userfields/user-userfield-file-get.md:64',
  ],
  [
    'a webhook code of 17 characters in CRest',
    "define('C_REST_WEB_HOOK_URL','https://xxx.bitrix24.com/rest/1/douasdqkjxgc3mgc1/');",
    'douasdqkjxgc3mgc1',
    'sdk/crest-php-sdk/index.md:29',
  ],
  ['a REST 3.0 webhook', 'https://test.bitrix24.com/rest/api/1/8g9l071eismy9q2l/tasks.task.get', '8g9l071eismy9q2l', 'api-reference/rest-v3.md:22'],
  [
    'an access token in a body',
    '"auth": "807ca26600631fce00007a4b00000001f0f107255033363e91ab16442bd901b2571ed9"',
    '807ca26600631fce00007a4b00000001f0f107255033363e91ab16442bd901b2571ed9',
    'settings/how-to-call-rest-api/authorization.md:85',
  ],
  [
    'an access token in a token answer',
    '"access_token": "s1morf609228iwyjjpvfv6wsvuja4p8u",',
    's1morf609228iwyjjpvfv6wsvuja4p8u',
    'settings/oauth/index.md:166',
  ],
  [
    'a refresh token in a token answer',
    '"refresh_token": "4f9k4jpmg13usmybzuqknt2v9fh0q6rl",',
    '4f9k4jpmg13usmybzuqknt2v9fh0q6rl',
    'settings/oauth/index.md:171',
  ],
  [
    'an access token in a call address',
    'https://portal.bitrix24.com/rest/crm.deal.list?auth=s1morf609228iwyjjpvfv6wsvuja4p8u',
    's1morf609228iwyjjpvfv6wsvuja4p8u',
    'settings/oauth/index.md:198',
  ],
  [
    'an access token after other parameters',
    '/crm.item.list?entityTypeId=183&auth=d161f25928c3184678924ec127edd29a',
    'd161f25928c3184678924ec127edd29a',
    'settings/how-to-call-rest-api/list-methods-pecularities.md:16',
  ],
  [
    'a client secret in a token request',
    'https://oauth.bitrix.info/oauth/token/?grant_type=authorization_code&client_id=app.573ad8a0346747.09223434' +
      '&client_secret=LJSl0lNB76B5YY6u0YVQ3AW0DrVADcRTwVr4y99PXU1BWQybWK&code=avmocpghblyi01m3h42bljvqtyd19sw1',
    'LJSl0lNB76B5YY6u0YVQ3AW0DrVADcRTwVr4y99PXU1BWQybWK',
    'settings/oauth/index.md:146',
  ],
  [
    'a sign-in code in a token request',
    '&client_secret=LJSl0lNB76B5YY6u0YVQ3AW0DrVADcRTwVr4y99PXU1BWQybWK&code=avmocpghblyi01m3h42bljvqtyd19sw1',
    'avmocpghblyi01m3h42bljvqtyd19sw1',
    'settings/oauth/index.md:147',
  ],
  [
    'a sign-in answer address',
    'https://www.applicationhost.com/application/?code=avmocpghblyi01m3h42bljvqtyd19sw1&state=JJHgsdgfkdaslg7lbadsfg&domain=portal.bitrix24.com',
    'avmocpghblyi01m3h42bljvqtyd19sw1',
    'settings/oauth/index.md:112',
  ],
  [
    'a client secret in CRest',
    "define('C_REST_CLIENT_SECRET','g5dlcj3d2772h8g5jhzou907jojage');",
    'g5dlcj3d2772h8g5jhzou907jojage',
    'sdk/crest-php-sdk/index.md:61',
  ],
  [
    "a frame's AUTH_ID as print_r shows it",
    '[AUTH_ID] => ahodg4h37n89vo17gbkgq0x1l825nnb5',
    'ahodg4h37n89vo17gbkgq0x1l825nnb5',
    'settings/oauth/simple-way.md:24',
  ],
  ["a frame's REFRESH_ID", '[REFRESH_ID] => 2lg086mxijlpvwh0h7r4nl19udm4try5', '2lg086mxijlpvwh0h7r4nl19udm4try5', 'settings/oauth/simple-way.md:26'],
  [
    "a placement's long AUTH_ID",
    '[AUTH_ID] => 6061e72600631fcd00005a4b00000001f0f1076700000000f69dd5fc643d9ce2fdbc1',
    '6061e72600631fcd00005a4b00000001f0f1076700000000f69dd5fc643d9ce2fdbc1',
    'api-reference/widgets/im/textarea.md:45',
  ],
  ['an application token', '[APPLICATION_TOKEN] => ec1b2074a9d3f5c81b6e40d27a95cf38', 'ec1b2074a9d3f5c81b6e40d27a95cf38', 'settings/oauth/simple-way.md:28'],
  ['an APP_SID', '[APP_SID] => dd8cec11e347088fe87c44870a9f1dba', 'dd8cec11e347088fe87c44870a9f1dba', 'settings/oauth/simple-way.md:23'],
  [
    "an event's application token",
    '"application_token": "51856fefc120afa4b628cc82d3935cce"',
    '51856fefc120afa4b628cc82d3935cce',
    'api-reference/events/index.md:89',
  ],
  [
    "an outgoing webhook's application token",
    '"application_token": "jvh9y1ulvt2m6k5or90v9mg8nn32ozas"',
    'jvh9y1ulvt2m6k5or90v9mg8nn32ozas',
    'api-reference/events/index.md:111',
  ],
  [
    'a bearer token',
    '-H "Authorization: Bearer s6p6eclrvim6da22ft9ch94ekreb52lv"',
    's6p6eclrvim6da22ft9ch94ekreb52lv',
    'api-reference/tasks/flow/tasks-flow-flow-get.md:49',
  ],
  [
    "a download link's token",
    'download.json?auth=904993690000071b006e2cf2000004f5000007bb5f672541f2cec7c7f0b65135f70180' +
      '&token=disk%7CaWQ9MTAzJl89SlBOOVRzR01NcU5pZ3hxM1lSY3pNTlpWN0c2enR3Z1Y%3D' +
      '%7CImRvd25sb2FkfGRpc2t8YVdROU1UQXpKbDg5U2xCT09WUnpSMDFOY1U1cFozaHhNMWxTWTNwTlRscFdOMGMyZW5SM1oxWT18',
    '904993690000071b006e2cf2000004f5000007bb5f672541f2cec7c7f0b65135f70180',
    'api-reference/disk/file/disk-file-mark-deleted.md:263',
  ],
  [
    'a signed link',
    '/bitrix/tools/crm_show_file.php?fileId=8&signature=292f450929833cd881070155e05a2c41b5bb265ea8c8c1bc2108dbcbb56f667f',
    '292f450929833cd881070155e05a2c41b5bb265ea8c8c1bc2108dbcbb56f667f',
    'api-reference/crm/timeline/comments/crm-timeline-comment-list.md:497',
  ],
  [
    'a session id',
    '&sessid=1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d',
    '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d',
    'api-reference/widgets/crm/requisites-autocomplete/bank-detail-autocomplete.md:64',
  ],
  ['a bot token', '"botToken": "my_secret_token_123"', 'my_secret_token_123', 'api-reference/chat-bots/chat-bots-v2/quick-start.md:45'],
  ['a Vibecode key', 'vibe_api_4f9k4jpmg13usmybzuqk', '4f9k4jpmg13usmybzuqk', '[ru] ai-tools/vibecode-create-app.md:30'],
];

/** Runs the CLI in this process and answers everything it printed. */
async function printed(argv: string[], env: Record<string, string>, stdin = ''): Promise<string> {
  let out = '';
  await runCli({
    argv,
    readStdin: async () => new TextEncoder().encode(stdin),
    stdinIsTTY: false,
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (out += text), isTTY: false },
    env,
    fetch,
    version: '0.0.0-test',
  });
  return out;
}

describe('no secret the docs show is printed by any command', () => {
  test.each(ROWS)('%s (%s)', async (_what, text, secret) => {
    const portal = await portalFor();
    const env = { B24_WEBHOOK_URL: portal.webhookUrl };
    const outputs = [
      await printed(['parse', text], {}),
      await printed(['parse', '--json', text], {}),
      await printed(['parse', '-'], {}, `LEAD|13\n${text}\n`),
      await printed(['lookup', text], env),
      await printed(['lookup', '--json', 'LEAD|13', text], env),
      // The secret where the webhook goes: the command refuses it without repeating it.
      await printed(['check'], { B24_WEBHOOK_URL: text }),
      await printed(['lookup', 'LEAD|13'], { B24_WEBHOOK_URL: text }),
    ];
    for (const output of outputs) {
      expect(output).not.toContain(secret);
      // Nor a piece of it long enough to matter (a third of it, at least six characters).
      const piece = secret.slice(0, Math.max(6, Math.floor(secret.length / 3)));
      expect(output).not.toContain(piece);
    }
    expect(maskSecrets(text)).not.toContain(secret);
  });
});
