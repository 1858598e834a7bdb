import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NoticeBoard } from '../../../../electron/core/state/notices.ts';
import { PROFILE_NAME_MAX, ProfileRecords } from '../../../../electron/core/state/profiles/profile-records.ts';
import { ElectronStoreFile } from '../../../../electron/shell/json-store.ts';
import { refusalOf, stateFile, tempDir, writeRaw } from '../../../support/state.ts';
import { storedProfile } from '../../../support/stored-profile.ts';

const open = (dir: string, notices = new NoticeBoard()) => new ProfileRecords(stateFile(dir, 'profiles'), notices);

describe('ProfileRecords', () => {
  it('keeps profiles on disk only when committed; the first one added is active', () => {
    const dir = tempDir();
    const records = open(dir);
    records.add(storedProfile({ id: 'a' }));
    records.add(storedProfile({ id: 'b', portal: 'https://b.bitrix24.ru' }));
    expect(records.activeId()).toBe('a');
    expect(open(dir).all()).toEqual([]);
    expect(records.commit()).toBe(true);
    const reopened = open(dir);
    expect(reopened.all().map((p) => p.id)).toEqual(['a', 'b']);
    expect(reopened.activeId()).toBe('a');
    expect(JSON.parse(readFileSync(stateFile(dir, 'profiles').path, 'utf8'))).toMatchObject({ schemaVersion: 1, activeId: 'a' });
  });

  it('activates, replaces and removes by id; removing the active one activates the first left', () => {
    const dir = tempDir();
    const records = open(dir);
    for (const id of ['a', 'b', 'c']) records.add(storedProfile({ id }));
    records.activate('b');
    records.replace({ ...records.find('c'), name: 'Sales' });
    records.remove('b');
    records.commit();
    const reopened = open(dir);
    expect(reopened.all().map((p) => [p.id, p.name])).toEqual([
      ['a', 'acme.bitrix24.ru'],
      ['c', 'Sales'],
    ]);
    expect(reopened.activeId()).toBe('a');
  });

  it('a stale id is profile_not_found; a report about one is left to the caller', async () => {
    const records = open(tempDir());
    expect(records.get('gone')).toBeUndefined();
    for (const run of [() => records.find('gone'), () => records.activate('gone'), () => records.remove('gone')]) {
      expect((await refusalOf(run)).code).toBe('profile_not_found');
    }
  });

  it('finds a portal by its address or a former one, preferring the active profile', () => {
    const records = open(tempDir());
    records.add(storedProfile({ id: 'a', portal: 'https://new.bitrix24.ru', formerPortals: ['https://old.bitrix24.ru'] }));
    records.add(storedProfile({ id: 'b', portal: 'https://new.bitrix24.ru' }));
    expect(records.forPortal('https://old.bitrix24.ru')?.id).toBe('a');
    expect(records.forPortal('https://new.bitrix24.ru')?.id).toBe('a');
    records.activate('b');
    expect(records.forPortal('https://new.bitrix24.ru')?.id).toBe('b');
    expect(records.forPortal('https://other.bitrix24.ru')).toBeUndefined();
  });

  it('cuts what it keeps to what the file reads back', () => {
    const dir = tempDir();
    const records = open(dir);
    const kept = records.add(storedProfile({ name: 'n'.repeat(500), userName: 'u'.repeat(500) }));
    expect(kept.name).toHaveLength(PROFILE_NAME_MAX);
    records.commit();
    expect(open(dir).all()).toEqual([kept]);
  });

  it('reads what it can of a damaged file: a broken profile is left out, the rest kept, the person told', () => {
    const dir = tempDir();
    writeRaw(dir, 'profiles', JSON.stringify({ schemaVersion: 1, activeId: 'gone', profiles: [storedProfile({ id: 'a' }), { id: 'broken' }] }));
    const notices = new NoticeBoard();
    const records = open(dir, notices);
    expect(records.all().map((p) => p.id)).toEqual(['a']);
    expect(records.activeId()).toBe('a');
    expect(notices.take().map((n) => n.message.code)).toEqual(['file_damaged_kept']);
  });

  it('tells its listeners of every commit, and says when the file could not be written', () => {
    const dir = tempDir();
    class FullDisk extends ElectronStoreFile {
      override write(): void {
        throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      }
    }
    const records = new ProfileRecords(new FullDisk('profiles', dir), new NoticeBoard());
    let commits = 0;
    const stop = records.onCommit(() => (commits += 1));
    records.add(storedProfile());
    expect(records.commit()).toBe(false);
    stop();
    records.commit();
    expect(commits).toBe(1);
  });
});
