/**
 * A release's notes as plain text. electron-updater hands them over as the release metadata has them: from GitHub
 * releases an HTML string (GitHub renders the release's Markdown), from other feeds plain text, or with
 * `fullChangelog` a list of { version, note }. The window shows text only, never markup from the network.
 */

/** The most the window shows; the releases page has the rest. */
export const RELEASE_NOTES_MAX = 4_000;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** HTML or text to text: block ends become line breaks, list items "• ", every other tag goes. */
export function notesAsText(notes: string): string {
  const text = notes
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<li\b[^>]*>/gi, '\n• ')
    .replace(/<br\s*\/?>|<\/(p|div|h[1-6]|ul|ol|pre|blockquote|tr)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/[ \t\r\f\v]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The notes of a release (or of each release since this copy's), as text the window can show, cut at RELEASE_NOTES_MAX. */
export function releaseNotesText(notes: string | readonly { version: string; note: string | null }[] | null | undefined): string {
  const text =
    typeof notes === 'string'
      ? notesAsText(notes)
      : (notes ?? [])
          .map(({ version, note }) => `${version}\n${notesAsText(note ?? '')}`.trim())
          .filter(Boolean)
          .join('\n\n');
  return text.length > RELEASE_NOTES_MAX ? `${text.slice(0, RELEASE_NOTES_MAX - 1).trimEnd()}…` : text;
}
