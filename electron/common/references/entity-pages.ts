/**
 * The page of a CRM entity on its portal: what the window's "Open the entity's page" opens when the entity has no
 * chat, so the person can open the chat from the card. The shapes are the docs' own: `/crm/deal/details/5/`,
 * `/crm/lead/details/12/`, `/crm/contact/details/2/`, `/crm/company/details/7/`, `/crm/type/128/details/3/` ([en]
 * sdk/bx24-js-sdk/additional-functions/bx24-open-path.md:33-37), and estimates (7) and smart invoices (31) under
 * `/crm/type/<entityTypeId>/` ([en] api-reference/crm/duplicates/crm-entity-merge-batch.md:67-69). docs/bitrix24-rest.md,
 * "Pages and links", lists them.
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
