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
 * names and values are prefixed so they never clash with a caller's own placeholders.
 */
export function updateOf(
  set: Record<string, unknown>,
  remove: readonly string[] = [],
): { UpdateExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> } {
  const setNames = Object.keys(set);
  const clauses = [`SET ${setNames.map((_, i) => `#u${i} = :u${i}`).join(', ')}`];
  if (remove.length > 0) clauses.push(`REMOVE ${remove.map((_, i) => `#r${i}`).join(', ')}`);
  return {
    UpdateExpression: clauses.join(' '),
    ExpressionAttributeNames: {
      ...Object.fromEntries(setNames.map((name, i) => [`#u${i}`, name])),
      ...Object.fromEntries(remove.map((name, i) => [`#r${i}`, name])),
    },
    ExpressionAttributeValues: Object.fromEntries(setNames.map((name, i) => [`:u${i}`, set[name]])),
  };
}
