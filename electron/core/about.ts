/**
 * Where the project lives, named once. The app has no auto-update: a new version is downloaded from the releases
 * page, which the Settings screen's About section opens (the `releasesOpen` call; link-policy.ts lets exactly this
 * address through to the OS). package.json's `homepage` and `repository.url` name the same repository; a test
 * (test/unit/about.test.ts) fails when one changes without the other.
 */

/** The project's public page (package.json's `homepage`). */
export const PROJECT_PAGE = 'https://github.com/b24-chat-lookup/b24-chat-lookup';

/** Where each version is published, with its installers and what changed. */
export const RELEASES_PAGE = `${PROJECT_PAGE}/releases`;
