import { InvalidInput } from '../domain/errors.js';

/** A LastEvaluatedKey as a cursor carries it back. */
export type StartKey = Record<string, string>;

/** What a list's own LastEvaluatedKey looks like: the attribute names and what each value must be or begin with. */
export type KeyShape = Record<string, { equals: string } | { startsWith: string }>;

/**
 * The start key of a list, checked to be one this list could have handed out: exactly these attributes,
 * in this partition. Anything else (a forged or another list's cursor) is a 400 naming `cursor`, never
 * a request DynamoDB would refuse.
 */
export function checkedStartKey(key: StartKey | undefined, shape: KeyShape): StartKey | undefined {
  if (key === undefined) return undefined;
  const names = Object.keys(key).sort();
  const valid =
    names.join(',') === Object.keys(shape).sort().join(',') &&
    Object.entries(shape).every(([name, rule]) => {
      const value = key[name]!;
      return 'equals' in rule ? value === rule.equals : value.startsWith(rule.startsWith) && value.length > rule.startsWith.length;
    });
  if (!valid) throw invalidCursor();
  return key;
}

export function invalidCursor(): InvalidInput {
  return new InvalidInput([
    {
      path: 'cursor',
      rule: 'cursor',
      message: 'The cursor does not belong to this list; start again without it',
      messageZh: '分页游标与本次查询不符，请去掉游标重新查询',
    },
  ]);
}
