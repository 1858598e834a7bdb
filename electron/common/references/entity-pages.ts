/**
 * The page of a CRM entity on its portal: what the window's "Open the entity's page" opens when the entity has no
 * chat, so the person can open the chat from the card. The shapes are the docs' own: `/crm/deal/details/5/`,
 * `/crm/lead/details/12/`, `/crm/contact/details/2/`, `/crm/company/details/7/`, `/crm/type/128/details/3/` ([en]
 * sdk/bx24-js-sdk/additional-functions/bx24-open-path.md:33-37), and estimates (7) and smart invoices (31) under
 * `/crm/type/<entityTypeId>/` ([en] api-reference/crm/duplicates/crm-entity-merge-batch.md:67-69). docs/bitrix24-rest.md,
 * "Pages and links", lists them.
 */

import { typeIdOfCrmType } from './entity-types.ts';

/** Types whose pages live at `/crm/<segment>/details/<id>/`. */
const CLASSIC_PAGES: ReadonlyMap<string, string> = new Map([
  ['LEAD', 'lead'],
  ['DEAL', 'deal'],
  ['CONTACT', 'contact'],
  ['COMPANY', 'company'],
]);

/** Types whose pages live at `/crm/type/<typeId>/details/<id>/` (estimates and smart invoices moved there). */
const TYPE_PAGES: readonly string[] = ['QUOTE', 'SMART_INVOICE'];

// The type's name may hold digits (SMART_B2E_DOC); ids and type ids are positive.
const CRM_KEY = /^([A-Z][A-Z0-9_]*?)(?:_([1-9]\d*))?\|([1-9]\d*)$/;

/** A CRM entity's `im.chat.get` key read apart: `DEAL|5`, `DYNAMIC_128|3` (the smart process's type id is dynamicTypeId). */
export interface CrmKey {
  type: string;
  dynamicTypeId?: string;
  id: string;
}

/** The parts of a CRM entity's key (`entityId` of an `entityType` CRM), or null for an id that is not one. */
export function readCrmKey(entityId: string): CrmKey | null {
  const match = CRM_KEY.exec(entityId);
  if (!match) return null;
  const [, type = '', dynamicTypeId, id = ''] = match;
  return dynamicTypeId === undefined ? { type, id } : { type, dynamicTypeId, id };
}

/** The paths entityPagePath builds, for the link policy to recognise exactly these. */
export const ENTITY_PAGE_PATH = /^\/crm\/(?:(?:lead|deal|contact|company)|type\/[1-9]\d*)\/details\/[1-9]\d*\/$/;

/**
 * The path of an `im.chat.get` key's page on its portal, or null when the entity has no page the app knows
 * (tasks, groups and calendar events open from their own sections, with ids the key does not give).
 */
export function entityPagePath(entityType: string, entityId: string): string | null {
  if (entityType !== 'CRM') return null;
  const key = readCrmKey(entityId);
  if (!key) return null;
  if (key.dynamicTypeId !== undefined) return key.type === 'DYNAMIC' ? `/crm/type/${key.dynamicTypeId}/details/${key.id}/` : null;
  const segment = CLASSIC_PAGES.get(key.type);
  if (segment) return `/crm/${segment}/details/${key.id}/`;
  const typeId = TYPE_PAGES.includes(key.type) ? typeIdOfCrmType(key.type) : null;
  return typeId === null ? null : `/crm/type/${typeId}/details/${key.id}/`;
}

/** The page of an `im.chat.get` key on a portal (its origin), or null when the entity has none (entityPagePath). */
export function entityPageUrl(portal: string, entityType: string, entityId: string): string | null {
  const path = entityPagePath(entityType, entityId);
  return path === null ? null : `${new URL(portal).origin}${path}`;
}
