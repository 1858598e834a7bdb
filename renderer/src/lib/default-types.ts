/**
 * The choices for "Look up bare numbers as" (the `defaultType` setting): ask each time, or one of the usual CRM
 * types. A type set another way (the CLI, a hand-edited file: DYNAMIC_128, TASKS_TASK) is offered too, so the
 * select can show what is set (a smart process by its number, anything else by its type name).
 */
import { CRM_TYPES, isCrmType, smartProcessName, typeName } from './entities.ts';
import { t } from './i18n.svelte.ts';

/** A type's name in the person's language; null is "Ask each time". */
export function defaultTypeLabel(type: string | null): string {
  if (type === null) return t('settings.defaultType.ask');
  const dynamic = /^DYNAMIC_(\d+)$/.exec(type)?.[1];
  if (dynamic !== undefined) return smartProcessName(dynamic);
  return isCrmType(type) ? typeName(type) : type;
}

/** The select's options, in order: ask, the usual types, and the current value when it is none of them. */
export function defaultTypeOptions(current: string | null): { value: string | null; label: string }[] {
  const values: (string | null)[] = [null, ...CRM_TYPES];
  if (!values.includes(current)) values.push(current);
  return values.map((value) => ({ value, label: defaultTypeLabel(value) }));
}
