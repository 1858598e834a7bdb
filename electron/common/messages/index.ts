/**
 * Everything the main process can tell a person, as data: one closed union of `{ code, params }`, made of one
 * interface per domain (each maps a code to the parameters its sentence needs). The compiler checks every code
 * against the source catalog (electron/common/i18n/catalogs.ts) and every message built against its parameters.
 */
import type { AppMessages } from './app.ts';
import type { HistoryMessages } from './history.ts';
import type { HotkeyMessages } from './hotkeys.ts';
import type { LookupMessages } from './lookup.ts';
import type { NoticeMessages } from './notices.ts';
import type { PortalMessages } from './portal.ts';
import type { ProfileMessages } from './profiles.ts';
import type { ReferenceMessages } from './references.ts';
import type { SettingMessages } from './settings.ts';
import type { SignInMessages } from './sign-in.ts';

export type {
  AppMessages,
  HistoryMessages,
  HotkeyMessages,
  LookupMessages,
  NoticeMessages,
  PortalMessages,
  ProfileMessages,
  ReferenceMessages,
  SettingMessages,
  SignInMessages,
};

/** Every message code with its parameters. */
export type AllMessages = PortalMessages &
  ReferenceMessages &
  LookupMessages &
  ProfileMessages &
  SettingMessages &
  HistoryMessages &
  NoticeMessages &
  HotkeyMessages &
  SignInMessages &
  AppMessages;

export type MessageCode = keyof AllMessages;

import type { MessageOf } from './message-of.ts';

export type { MessageOf };

/** Any message the main process sends. */
export type AppMessage = MessageOf<AllMessages>;
