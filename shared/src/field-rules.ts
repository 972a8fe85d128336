/*
 * Message keys for the contract's own rules (decision 064). zod words a bound or a type itself, and
 * `fieldIssues` names them (decision 050); a refinement, a pattern or a service's own refusal says
 * its rule only in its English sentence. Each such rule that an admin form can show carries one of
 * these keys, so a client can word it in its own language. This module has no zod in it and no other
 * import: the schemas that name a rule load it, and some of them ship with the owner's first route.
 */

/** Every rule a 400 `validation_failed` can name by key (`fieldIssues[field][i].key`). */
export const FIELD_RULE_KEYS = [
  // Refinements and patterns of the contract.
  'broadcast_end_after_start',
  'broadcast_at_most_days',
  'skill_slug_pattern',
  'skill_slug_builtin',
  'site_slug_pattern',
  'site_slug_reserved',
  'site_page_change_one',
  'target_label_pattern',
  'target_namespace_pattern',
  'target_host_pattern',
  'target_change_one',
  'grace_suspend_after_restrict',
  'grace_restrict_after_grace',
  'amount_not_zero',
  'idempotency_key_pattern',
  'price_book_at_least_one',
  'price_book_at_most',
  'price_book_model_name_pattern',
  // A rollout flag's value (shared/src/rollout.ts `flagValueRule`; the BFF and the form check it).
  'flag_value_boolean',
  'flag_value_whole',
  'flag_value_range',
  // A service's own refusals (the BFF's `AppError.rule`).
  'broadcast_end_past',
  'site_slug_taken',
  'target_name_taken',
  'target_data_dir_needed',
  'target_data_dir_taken',
  'target_capacity_below_placed',
  'target_dedicated_shared',
  'target_disk_local_only',
  'flag_scope_not_allowed',
  'flag_scope_id_global',
  'flag_channel_needed',
  'flag_exocorp_needed',
  'flag_channel_unknown',
] as const
export type FieldRuleKey = (typeof FIELD_RULE_KEYS)[number]

/**
 * A refinement's parameters with its rule's key: `z.refine(check, rule('The end must come after
 * the start', 'broadcast_end_after_start', ['endsAt']))`. zod passes `params` on to the issue.
 */
export function rule(message: string, key: FieldRuleKey, path?: PropertyKey[]) {
  return { message, params: { key }, ...(path ? { path } : {}) }
}

// zod's pattern issue names the pattern (`/…/`) but passes no parameters: the key is found by it.
const patternKeys = new Map<string, FieldRuleKey>()

/** A pattern whose refusal a client can word by `key`: `z.regex(keyedPattern(/…/, 'site_slug_pattern'), '…')`. */
export function keyedPattern(pattern: RegExp, key: FieldRuleKey): RegExp {
  const known = patternKeys.get(String(pattern))
  // One pattern, one rule: two keys for the same pattern would word one of them wrongly.
  if (known && known !== key) throw new Error(`${String(pattern)} is already the rule ${known}`)
  patternKeys.set(String(pattern), key)
  return pattern
}

/** The rule of a pattern zod refused with (`issue.pattern`), if a schema keyed it. */
export function patternRule(pattern: unknown): FieldRuleKey | undefined {
  return typeof pattern === 'string' ? patternKeys.get(pattern) : undefined
}

/** The rule named in a refinement's `params`, if it is one of ours. */
export function paramsRule(params: unknown): FieldRuleKey | undefined {
  const key = params && typeof params === 'object' ? (params as { key?: unknown }).key : undefined
  return (FIELD_RULE_KEYS as readonly unknown[]).includes(key) ? (key as FieldRuleKey) : undefined
}
