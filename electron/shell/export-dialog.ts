import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, type BrowserWindow, dialog, type FileFilter } from 'electron';
import type { ExportPort } from '../core/services.ts';
import { failureReason } from '../core/state/state-file.ts';
import { UserError } from '../core/user-error.ts';

const FILTERS: Record<'csv' | 'json', FileFilter> = {
  csv: { name: 'CSV (spreadsheets)', extensions: ['csv'] },
  json: { name: 'JSON', extensions: ['json'] },
};

/**
 * The export port: a save dialog over the lookup window, starting in Downloads, then the file. `holdOpen` keeps the
 * window from hiding while the dialog has the focus (it hides on blur), and returns the function that lets go.
 */
export function exportThroughDialog(parent: () => BrowserWindow | undefined, holdOpen: () => () => void): ExportPort {
  return {
    async save({ suggestedName, format, content }) {
      // Asked before a file is replaced: Windows and macOS always ask, Linux's dialog only when told to (docs/api/dialog.md).
      const options: Electron.SaveDialogOptions = {
        defaultPath: join(app.getPath('downloads'), suggestedName),
        filters: [FILTERS[format]],
        properties: ['showOverwriteConfirmation'],
      };
      const window = parent();
      const release = holdOpen();
      let choice: Electron.SaveDialogReturnValue;
      try {
        choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      } finally {
        release();
      }
      if (choice.canceled || !choice.filePath) return null;
      try {
        await writeFile(choice.filePath, content, 'utf8');
      } catch (error) {
        throw new UserError({ code: 'export_failed', params: { path: choice.filePath, reason: failureReason(error) } });
      }
      return choice.filePath;
    },
  };
}
