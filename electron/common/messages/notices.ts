/**
 * The messages about what the app tells a person once (a damaged or unsaved file, a portal that moved): each code with
 * the parameters its sentence needs. The code is the key of its
 * sentence in every catalog (electron/common/locales/<language>/messages.json).
 *
 * A state file is named by its path (`file`), which says what it holds in any language. `_kept`: the file was copied
 * aside (to `copy`); `_held`: not even that worked, so it was left untouched.
 */
import type { MessageOf } from './message-of.ts';

type At = { file: string };
type Kept = At & { copy: string };
/** `reason`: the system's error code or words. */
type Because = { reason: string };

export interface NoticeMessages {
  file_saved_again: At;
  file_save_failed: At & Because;
  file_unreadable_kept: Kept & Because;
  file_unreadable_held: At & Because;
  file_unversioned_kept: Kept;
  file_unversioned_held: At;
  file_not_migrated_kept: Kept & Because;
  file_not_migrated_held: At & Because;
  file_newer_kept: Kept;
  file_newer_held: At;
  /** An older version's file is copied aside quietly before it is updated: only a copy that failed is told. */
  file_older_held: At;
  /** `count`: the items left out. */
  file_damaged_kept: Kept & { count: number };
  file_damaged_held: At & { count: number };
}

export type NoticeMessage = MessageOf<NoticeMessages>;
