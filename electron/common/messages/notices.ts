/**
 * The messages about what the app tells a person once (a damaged or unsaved file, a portal that moved): each code with the parameters its sentence needs. The code is the key of its
 * sentence in every catalog (electron/common/locales/<language>/messages.json).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the domain's messages move here
export interface NoticeMessages {}
