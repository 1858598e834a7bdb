/**
 * What crosses to the window of the lookup and references domains, still in the person's language: their problems
 * are sentences until they become messages (the portal, references and lookup engineer's part). Every other domain
 * sends messages the window says itself.
 */
import type { Settings } from '../state/settings.ts';
import type { LookupView } from '../lookup/lookup-desk.ts';
import type { LookupResult } from '../lookup/lookup-service.ts';
import { type Problem, russianProblem, russianReason } from '../i18n/russian.ts';

export type Language = Settings['language'];

/** A failure's sentence in the language. */
export function localizeProblem<P extends Problem>(problem: P, language: Language): P {
  return language === 'en' ? problem : { ...problem, message: russianProblem(problem) };
}

function localizeResult(result: LookupResult, language: Language): LookupResult {
  switch (result.status) {
    case 'found':
      return result;
    case 'not_found':
      return { ...result, reasons: result.reasons.map(russianReason) };
    case 'invalid':
      return { ...result, error: localizeProblem(result.error, language) };
    case 'error':
      return { ...result, error: localizeProblem(result.error, language) };
  }
}

export function localizeLookup(view: LookupView, language: Language): LookupView {
  return language === 'en' ? view : { ...view, results: view.results.map((result) => localizeResult(result, language)) };
}
