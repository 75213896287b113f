import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { openApiDocumentText } from '../../../functions/openapi/document.js';

// The API's document checked by an outside linter, Redocly's recommended rules, as a client generator or a
// portal reads it. Every problem at warning or error level is listed with its rule and place, except these:
const accepted = [
  // A bureau's own service, not published under a licence.
  { ruleId: 'info-license', pointer: '#/info' },
  // The document itself: public, without input, so nothing a client sends can be wrong (no 4XX answer).
  { ruleId: 'operation-4xx-response', pointer: '#/paths/~1openapi.json/get/responses' },
];

describe('the OpenAPI document under Redocly’s recommended rules', () => {
  it('has no problem but the accepted ones, and has its servers and described tags', async () => {
    // Prepare
    const config = await createConfig({ extends: ['recommended'] });
    const source = openApiDocumentText();

    // Act
    const problems = await lintFromString({ source, absoluteRef: 'openapi.json', config });

    // Assess
    const listed = problems
      .filter((problem) => !accepted.some((known) => known.ruleId === problem.ruleId && known.pointer === problem.location[0]?.pointer))
      .map((problem) => `${problem.severity} ${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer ?? ''}`);
    expect(listed).toEqual([]);
    const document = JSON.parse(source) as { servers: unknown[]; tags: { name: string; description: string }[] };
    expect(document.servers).toHaveLength(1);
    expect(document.tags.map((tag) => tag.name)).toEqual(expect.arrayContaining(['plans', 'tasks', 'assessments', 'public']));
  });
});
