/**
 * Configuration is read once, when a handler module loads, and a missing variable fails that load:
 * a misconfigured function never starts serving.
 */
export function requireEnv<const K extends string>(...names: K[]): Record<K, string> {
  const missing = names.filter((name) => !process.env[name]);
  if (missing.length > 0) throw new Error(`missing environment variable(s): ${missing.join(', ')}`);
  return Object.fromEntries(names.map((name) => [name, process.env[name] as string])) as Record<K, string>;
}

/** Endpoint override for local runs and tests (DynamoDB Local, the local Step Functions API). */
export function optionalEnv(name: string): string | undefined {
  return process.env[name] || undefined;
}
