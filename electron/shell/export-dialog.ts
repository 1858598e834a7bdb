import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, type BrowserWindow, dialog, type FileFilter } from 'electron';
import type { ExportPort } from '../core/ipc/handlers.ts';
import { failureReason } from '../core/state/state-file.ts';
import { UserError } from '../core/user-error.ts';

const FILTERS: Record<'csv' | 'json', FileFilter> = {
  csv: { name: 'CSV (spreadsheets)', extensions: ['csv'] },
  json: { name: 'JSON', extensions: ['json'] },
};

/** The export port: a save dialog over the lookup window, starting in Downloads, then the file. */
export function exportThroughDialog(parent: () => BrowserWindow | undefined): ExportPort {
  return {
    async save({ suggestedName, format, content }) {
      const options = { defaultPath: join(app.getPath('downloads'), suggestedName), filters: [FILTERS[format]] };
      const window = parent();
      const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return null;
      try {
        await writeFile(choice.filePath, content, 'utf8');
      } catch (error) {
        throw new UserError('export_failed', `The history could not be saved to ${choice.filePath} (${failureReason(error)}). Choose another folder.`);
      }
      return choice.filePath;
    },
  };
}
