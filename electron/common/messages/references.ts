/**
 * The messages about reading what a person pasted or copied (the reference parser): each code with the parameters its sentence needs. The code is the key of its
 * sentence in every catalog (electron/common/locales/<language>/messages.json).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the domain's messages move here
export interface ReferenceMessages {}
