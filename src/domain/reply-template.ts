// Reply templates: saved answers with variables (`{{contact.firstName}}`, `{{agent.firstName}}`,
// `{{order.number}}` …) in several languages. A template is rendered in full or not at all: a variable without a
// value is an error naming it, never an empty gap in a message a customer reads.
import { InputError } from './errors.js';

const VARIABLE = /\{\{\s*([a-zA-Z][\w.]*)\s*\}\}/g;

export function templateVariables(body: string): string[] {
  return [...new Set([...body.matchAll(VARIABLE)].map((m) => m[1]!))];
}

export function renderTemplate(body: string, values: Readonly<Record<string, string | undefined>>): string {
  const missing = templateVariables(body).filter((v) => values[v] === undefined || values[v] === '');
  if (missing.length > 0) {
    throw new InputError('TEMPLATE_VARIABLE_MISSING', `the template needs ${missing.map((m) => `{{${m}}}`).join(', ')}; give ${missing.length === 1 ? 'it' : 'them'} in variables`, {
      details: { missing },
    });
  }
  return body.replace(VARIABLE, (_, name: string) => values[name]!);
}

export interface TemplateVersion {
  readonly language: string;
  readonly body: string;
}

/** The version in the conversation's language, else the organisation's default language, else the first saved. */
export function chooseTemplateVersion<T extends TemplateVersion>(versions: readonly T[], language: string | null, fallbackLanguage: string): T | undefined {
  return versions.find((v) => v.language === language) ?? versions.find((v) => v.language === fallbackLanguage) ?? versions[0];
}

export const firstName = (name: string): string => name.trim().split(/\s+/)[0] ?? name;

/**
 * A human name under every public reply (DESIGN.md §1): the agent's own signature, else `^FirstName`, the
 * convention social care teams use to sign shared brand accounts.
 */
export function signReply(text: string, agent: { readonly name: string; readonly signature: string | null }): string {
  const signature = agent.signature?.trim() || `^${firstName(agent.name)}`;
  return text.trimEnd().endsWith(signature) ? text : `${text.trimEnd()} ${signature}`;
}
