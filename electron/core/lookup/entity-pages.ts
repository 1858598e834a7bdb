/**
 * The page of a CRM entity on its portal (../shared/BITRIX24.md, "URL shapes"): what the window's "Open the
 * entity's page" opens when the entity has no chat, so the person can open the chat from the card.
 */

/** Types whose pages live at `/crm/<segment>/details/<id>/`. */
const CLASSIC_PAGES: ReadonlyMap<string, string> = new Map([
  ['LEAD', 'lead'],
  ['DEAL', 'deal'],
  ['CONTACT', 'contact'],
  ['COMPANY', 'company'],
]);

/** Types whose pages live at `/crm/type/<typeId>/details/<id>/` (estimates and smart invoices moved there). */
const TYPE_PAGES: ReadonlyMap<string, number> = new Map([
  ['QUOTE', 7],
  ['SMART_INVOICE', 31],
]);

const CRM_KEY = /^([A-Z][A-Z_]*?)(?:_([1-9]\d*))?\|([1-9]\d*)$/;

/** The paths entityPageUrl builds, for the link policy to recognise exactly these. */
export const ENTITY_PAGE_PATH = /^\/crm\/(?:(?:lead|deal|contact|company)|type\/[1-9]\d*)\/details\/[1-9]\d*\/$/;

/**
 * The page of an `im.chat.get` key on a portal (its origin), or null when the entity has no page the app knows
 * (tasks, groups and calendar events open from their own sections, with ids the key does not give).
 */
export function entityPageUrl(portal: string, entityType: string, entityId: string): string | null {
  if (entityType !== 'CRM') return null;
  const match = CRM_KEY.exec(entityId);
  if (!match) return null;
  const [, name = '', dynamicTypeId, id = ''] = match;
  const origin = new URL(portal).origin;
  if (dynamicTypeId !== undefined) return name === 'DYNAMIC' ? `${origin}/crm/type/${dynamicTypeId}/details/${id}/` : null;
  const segment = CLASSIC_PAGES.get(name);
  if (segment) return `${origin}/crm/${segment}/details/${id}/`;
  const typeId = TYPE_PAGES.get(name);
  return typeId === undefined ? null : `${origin}/crm/type/${typeId}/details/${id}/`;
}
