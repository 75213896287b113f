/**
 * Expression fragments that alias every attribute name, so reserved words (`status`, `name`, `year`,
 * `total`, …) never reach DynamoDB bare.
 */
export function projectionOf(names: readonly string[]): { ProjectionExpression: string; ExpressionAttributeNames: Record<string, string> } {
  return {
    ProjectionExpression: names.map((_, i) => `#p${i}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#p${i}`, name])),
  };
}

/**
 * `SET #a = :a, …` (and `REMOVE …`) for an UpdateExpression, from the attributes to set and remove;
 * `append` adds entries to the end of list attributes (created empty when absent), so concurrent writers
 * never overwrite each other's entries. Names and values are prefixed so they never clash with a
 * caller's own placeholders.
 */
export function updateOf(
  set: Record<string, unknown>,
  remove: readonly string[] = [],
  append: Record<string, readonly unknown[]> = {},
): { UpdateExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> } {
  const setNames = Object.keys(set);
  const appendNames = Object.keys(append);
  const assignments = [
    ...setNames.map((_, i) => `#u${i} = :u${i}`),
    ...appendNames.map((_, i) => `#a${i} = list_append(if_not_exists(#a${i}, :empty), :a${i})`),
  ];
  const clauses = [`SET ${assignments.join(', ')}`];
  if (remove.length > 0) clauses.push(`REMOVE ${remove.map((_, i) => `#r${i}`).join(', ')}`);
  return {
    UpdateExpression: clauses.join(' '),
    ExpressionAttributeNames: {
      ...Object.fromEntries(setNames.map((name, i) => [`#u${i}`, name])),
      ...Object.fromEntries(appendNames.map((name, i) => [`#a${i}`, name])),
      ...Object.fromEntries(remove.map((name, i) => [`#r${i}`, name])),
    },
    ExpressionAttributeValues: {
      ...Object.fromEntries(setNames.map((name, i) => [`:u${i}`, set[name]])),
      ...Object.fromEntries(appendNames.map((name, i) => [`:a${i}`, append[name]])),
      ...(appendNames.length > 0 ? { ':empty': [] } : {}),
    },
  };
}
