import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { jsonOf, repoRoot, runCli } from '../support/cli.js';
import { startTestStack } from '../support/local-stack.js';

// `bulletin show` against a local stack: the Cixi sample chased on 2022-10-20 (the spray-shop re-check
// reaches 通报) and on Tuesday 2022-11-01, whose run publishes the bulletin of 2022-11.
const workDir = mkdtempSync(join(tmpdir(), 'cli-bulletin-'));
const dataDir = join(workDir, 'data');

let stack: LocalStack;

const env = () => ({ ...process.env, PORT: new URL(stack.url).port, DATA_DIR: dataDir });
const cli = (args: string[]) => runCli(args, env());

beforeAll(async () => {
  stack = await startTestStack({ dataDir });
  expect((await cli(['plan', 'import', join(repoRoot, 'samples/cixi-2022.yaml'), '--json'])).code).toBe(0);
  expect((await cli(['breakdown', 'start', 'cixi-2022', '--wait', '--json'])).code).toBe(0);
  for (const day of ['2022-10-20', '2022-11-01']) expect((await cli(['chase', 'run', '--at', day, '--json'])).code).toBe(0);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

describe('bulletin show', () => {
  it('--json prints only the bulletin as the API answers it', async () => {
    // Act
    const shown = await cli(['bulletin', 'show', '--month', '2022-11', '--json']);

    // Assess
    expect(shown.code, shown.stderr).toBe(0);
    const bulletin = jsonOf(shown);
    expect(bulletin).toMatchObject({ month: '2022-11', covers: '2022-10', publishedOn: '2022-11-01' });
    expect(bulletin.units).toHaveLength(28);
    expect(bulletin.noticed).toContainEqual(expect.objectContaining({ taskId: 'cixi-2022.spray-recheck.hushan', level: 'notice' }));
    expect(bulletin.html.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.+\/reports\/bulletins\/2022-11\.html\?/);
    expect(bulletin.xlsx.url).toMatch(/\/reports\/bulletins\/2022-11\.xlsx\?/);
  });

  it('prints a table of the units, the tasks at 通报/约谈 and the two links', async () => {
    // Act
    const shown = await cli(['bulletin', 'show', '--month', '2022-11']);

    // Assess
    expect(shown.code, shown.stderr).toBe(0);
    const lines = shown.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Bulletin 2022-11 (covers 2022-10), published 2022-11-01 / 2022-11 月度通报（统计 2022-10）');
    expect(lines[1]).toMatch(/^unit 单位\s+tasks 任务\s+closed 办结\s+rate 完成率\s+green\s+yellow\s+red\s+提醒\s+催办\s+督办\s+通报\s+约谈$/);
    // Nothing closed yet; the October escalations include the re-check's 通报.
    expect(lines[2]).toMatch(/^浒山街道\s+\d+\s+0\s+0\.0%(\s+\d+){6}\s+1\s+\d+$/);
    expect(lines).toContainEqual(expect.stringMatching(/^total 合计\s+\d+/));
    expect(lines).toContain('  通报 浒山街道 已整治喷涂企业“回头看”排查 (cixi-2022.spray-recheck.hushan)');
    expect(lines.at(-2)).toMatch(/^HTML: http:\/\/127\.0\.0\.1:\d+\/.+2022-11\.html\?/);
    expect(lines.at(-1)).toMatch(/^XLSX: http:\/\/127\.0\.0\.1:\d+\/.+2022-11\.xlsx\?/);
    // The header and the units line up: every line of the table is as wide as the header.
    const width = (text: string) => [...text].reduce((sum, char) => sum + (/[\u2e80-\u9fff\uff00-\uffef]/.test(char) ? 2 : 1), 0);
    expect(width(lines[2]!)).toBe(width(lines[1]!));
  });

  it('refuses a month that is not YYYY-MM, naming the option and the rule, with exit code 1', async () => {
    // Act
    const asJson = await cli(['bulletin', 'show', '--month', '2022-13', '--json']);
    const asText = await cli(['bulletin', 'show', '--month', '22-11']);

    // Assess
    expect(asJson.code).toBe(1);
    expect(jsonOf(asJson)).toEqual({
      error: 'cli_error',
      message: '--month "2022-13" is not a month: use YYYY-MM (e.g. 2022-11)',
      messageZh: '--month "2022-13" 不是有效月份，格式为 YYYY-MM（如 2022-11）',
    });
    expect(asText.code).toBe(1);
    expect(asText.stdout).toBe('');
    // Ends with: npm may warn about its own configuration first.
    expect(asText.stderr.endsWith('error: --month "22-11" is not a month: use YYYY-MM (e.g. 2022-11)\n--month "22-11" 不是有效月份，格式为 YYYY-MM（如 2022-11）\n'), asText.stderr).toBe(true);
  });

  it('a month without a published bulletin is an error with exit code 1', async () => {
    // Act
    const result = await cli(['bulletin', 'show', '--month', '2022-12', '--json']);

    // Assess
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toMatchObject({ message: expect.stringContaining('2022-12') });
  });
});

describe('bulletin show --lang en', () => {
  it('links the English HTML and XLSX; another language is refused before any request', async () => {
    // Act
    const english = await cli(['bulletin', 'show', '--month', '2022-11', '--lang', 'en', '--json']);
    const other = await cli(['bulletin', 'show', '--month', '2022-11', '--lang', 'fr', '--json']);

    // Assess
    expect(english.code, english.stderr).toBe(0);
    expect(jsonOf(english)).toMatchObject({ lang: 'en', html: { url: expect.stringMatching(/\/reports\/bulletins\/2022-11\.en\.html\?/) } });
    expect(other.code).toBe(1);
    expect(jsonOf(other)).toMatchObject({ message: expect.stringContaining('--lang "fr"') });
  });
});

describe('org show and org set', () => {
  it('shows nothing set, then sets the particulars field by field, keeping the others', async () => {
    // Act
    const before = await cli(['org', 'show', '--json']);
    const first = await cli(['org', 'set', '--name', '宁波市生态环境局慈溪分局', '--number-pattern', '慈环督〔{year}〕{n}号', '--cc', '慈溪市人民政府办公室', '--cc', '宁波市生态环境局', '--json']);
    const second = await cli(['org', 'set', '--issuer', '慈溪市生态环境保护委员会办公室', '--json']);
    const text = await cli(['org', 'show']);

    // Assess
    expect(jsonOf(before)).toEqual({ organisation: null, updatedAt: null, updatedBy: null });
    expect(first.code, first.stderr).toBe(0);
    expect(jsonOf(second).organisation).toEqual({
      name: '宁波市生态环境局慈溪分局',
      issuer: '慈溪市生态环境保护委员会办公室',
      numberPattern: '慈环督〔{year}〕{n}号',
      cc: ['慈溪市人民政府办公室', '宁波市生态环境局'],
    });
    expect(text.stdout).toContain('文号格式 / number pattern:  慈环督〔{year}〕{n}号');
    expect(text.stdout).toContain('抄送 / cc:                  慈溪市人民政府办公室，宁波市生态环境局');
  });

  it('a pattern without {n} is refused, naming the field in English and Chinese', async () => {
    // Act
    const refused = await cli(['org', 'set', '--number-pattern', '慈环督〔{year}〕号', '--json']);

    // Assess
    expect(refused.code).toBe(1);
    expect(jsonOf(refused)).toMatchObject({ fields: [expect.objectContaining({ path: 'numberPattern', rule: 'pattern' })] });
  });
});
