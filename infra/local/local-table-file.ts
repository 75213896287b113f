import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the running local stack keeps its table: `<dataDir>/local-table.json` with the DynamoDB Local
 * endpoint (a free port, different on every start) and the table name, so that commands reading the
 * table directly (`audit verify`) find it without being told.
 */
export interface LocalTable {
  endpoint: string;
  tableName: string;
}

const FILE = 'local-table.json';

export function writeLocalTable(dataDir: string, table: LocalTable): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, FILE), `${JSON.stringify(table)}\n`);
}

export function readLocalTable(dataDir: string): LocalTable | undefined {
  const path = join(dataDir, FILE);
  if (!existsSync(path)) return undefined;
  try {
    const table = JSON.parse(readFileSync(path, 'utf8')) as Partial<LocalTable>;
    return typeof table.endpoint === 'string' && typeof table.tableName === 'string' ? { endpoint: table.endpoint, tableName: table.tableName } : undefined;
  } catch {
    return undefined;
  }
}
