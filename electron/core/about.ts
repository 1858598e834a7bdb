/**
 * Where the project lives, named once. New versions are published on the releases page: an AppImage or a Windows
 * install updates itself from there (core/updates/), any other copy gets them by hand, and Settings' About opens the
 * page (the `releasesOpen` call; link-policy.ts lets exactly this address through to the OS). package.json's `homepage`
 * and `repository.url` name the same repository, and test/unit/about.test.ts fails when one changes without the other;
 * electron-builder.yml's `publish` (the update feed) is held to `homepage` by the packaging test.
 */

/** The project's public page (package.json's `homepage`). */
export const PROJECT_PAGE = 'https://github.com/b24-chat-lookup/b24-chat-lookup';

/** Where each version is published, with its installers and what changed. */
export const RELEASES_PAGE = `${PROJECT_PAGE}/releases`;

/**
 * The project's published pages (GitHub Pages of the repository, from its docs/ folder). Among them the sign-in's
 * handler page, docs/sign-in/index.html: the HTTPS address a local application's "Your handler path" takes, which hands
 * the browser on to the app on 127.0.0.1 (bitrix/oauth.ts, OAUTH_HANDLER).
 */
export const PROJECT_SITE = 'https://b24-chat-lookup.github.io/b24-chat-lookup';
