import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { EVIDENCE_TYPES, EvidenceBody, MAX_EVIDENCE_BYTES } from '../functions/tasks/schema.js';
import { CliError, type CliContext } from './context.js';
import { callApi } from './http.js';

type EvidenceType = (typeof EVIDENCE_TYPES)[number];

/** The media type of an evidence file, from its extension (what the API accepts, nothing else). */
export const EVIDENCE_EXTENSIONS: Record<string, EvidenceType> = {
  '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.csv': 'text/csv',
};

interface AttachAnswer {
  evidenceId: string;
  upload: { url: string; method: string; headers: Record<string, string>; expiresAt: string };
}

/**
 * Uploads one file as evidence of a task and returns its evidence id (for a progress report): checks it
 * locally, asks the API for an upload URL (`POST /tasks/{id}/evidence`, with its size, type and SHA-256),
 * then PUTs the bytes to that URL with the headers the URL was signed with. Every failure is a CliError
 * that names the file.
 */
export async function uploadEvidence(context: CliContext, taskId: string, filePath: string): Promise<string> {
  const fileName = basename(filePath);
  const contentType = EVIDENCE_EXTENSIONS[extname(fileName).toLowerCase()];
  if (contentType === undefined) {
    const allowed = Object.keys(EVIDENCE_EXTENSIONS).join(' ');
    throw fileError(filePath, `is not an accepted type (${allowed})`, `不是可接受的文件类型（${allowed}）`);
  }
  const bytes = await readEvidenceFile(filePath);
  const body = { fileName, contentType, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  const checked = EvidenceBody.safeParse(body);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const zh = (issue as { params?: { messageZh?: string } }).params?.messageZh ?? issue.message;
    throw fileError(filePath, `cannot be sent: ${issue.path.join('.')}: ${issue.message}`, `无法提交：${issue.path.join('.')}：${zh}`);
  }

  let answer: AttachAnswer;
  try {
    answer = await callApi<AttachAnswer>(context, 'POST', `/tasks/${encodeURIComponent(taskId)}/evidence`, checked.data);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    throw new CliError(
      `evidence ${filePath}: the API refused the upload: ${error.message}`,
      `证明材料 ${filePath}：接口拒绝上传：${error.messageZh}`,
      error.details,
    );
  }

  await put(filePath, answer.upload, bytes);
  return answer.evidenceId;
}

async function readEvidenceFile(filePath: string): Promise<Buffer> {
  let size: number;
  try {
    const info = await stat(filePath);
    if (!info.isFile()) throw fileError(filePath, 'is not a file', '不是文件');
    size = info.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw fileError(filePath, `cannot be read (${(error as Error).message})`, '无法读取');
  }
  // Checked before reading, so that a huge file is refused without loading it.
  if (size === 0) throw fileError(filePath, 'is empty', '是空文件');
  if (size > MAX_EVIDENCE_BYTES) {
    const limit = `${MAX_EVIDENCE_BYTES / 1024 / 1024} MiB`;
    throw fileError(filePath, `is ${size} bytes, more than the ${limit} allowed`, `大小为 ${size} 字节，超过上限 ${limit}`);
  }
  try {
    return await readFile(filePath);
  } catch (error) {
    throw fileError(filePath, `cannot be read (${(error as Error).message})`, '无法读取');
  }
}

async function put(filePath: string, upload: AttachAnswer['upload'], bytes: Buffer): Promise<void> {
  let response: Response;
  try {
    response = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: bytes });
  } catch (error) {
    throw fileError(filePath, `could not be uploaded: the storage cannot be reached (${(error as Error).message})`, '上传失败：无法连接存储服务');
  }
  if (response.ok) {
    await response.body?.cancel();
    return;
  }
  // S3 answers errors as XML: <Error><Code>…</Code><Message>…</Message></Error>.
  const text = await response.text();
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? `HTTP ${response.status}`;
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  const reason = message ? `${code}: ${message}` : code;
  throw new CliError(`evidence ${filePath} could not be uploaded (${reason})`, `证明材料 ${filePath} 上传失败（${reason}）`, {
    status: response.status,
    storageError: code,
  });
}

function fileError(filePath: string, message: string, messageZh: string): CliError {
  return new CliError(`evidence ${filePath} ${message}`, `证明材料 ${filePath} ${messageZh}`);
}
