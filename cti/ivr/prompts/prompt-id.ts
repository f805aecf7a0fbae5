/** Prompt ids are slugs made from the name given at upload: what flows write after `upload:`. */

export const PROMPT_ID_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';
export const PROMPT_ID_MAX = 64;
const PROMPT_ID = new RegExp(PROMPT_ID_PATTERN);

/** "Welcome – Main Line (2025)" → "welcome-main-line-2025"; '' when nothing usable is left. */
export function promptIdFrom(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, PROMPT_ID_MAX)
    .replace(/-+$/, '');
}

export function isPromptId(id: string): boolean {
  return id.length <= PROMPT_ID_MAX && PROMPT_ID.test(id);
}
