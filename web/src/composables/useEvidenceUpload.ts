import { reactive } from 'vue';
import { api, unwrap, type ApiFailure } from '../api/client';
import type { components } from '../api/schema';
import { asFailure, newIdempotencyKey } from './failure';

type EvidenceUpload = components['schemas']['EvidenceUpload'];
export type EvidenceType = EvidenceUpload['contentType'];

/** What the API accepts (functions/tasks/schema.ts EVIDENCE_TYPES, MAX_EVIDENCE_BYTES; at most 20 per report). */
export const EVIDENCE_TYPES: readonly EvidenceType[] = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/csv',
];
export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;
export const MAX_EVIDENCE_FILES = 20;

/** A file's type from its name when the browser gives none or another name for it (Windows calls CSV "application/vnd.ms-excel"). */
const BY_EXTENSION: Readonly<Record<string, EvidenceType>> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  csv: 'text/csv',
};

/** The file input's `accept`: the types and their extensions (a phone offers its camera for images). */
export const EVIDENCE_ACCEPT = [...EVIDENCE_TYPES, ...Object.keys(BY_EXTENSION).map((ext) => `.${ext}`)].join(',');

export function evidenceTypeOf(file: Pick<File, 'name' | 'type'>): EvidenceType | null {
  if ((EVIDENCE_TYPES as readonly string[]).includes(file.type)) return file.type as EvidenceType;
  const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  return extension ? (BY_EXTENSION[extension] ?? null) : null;
}

export type FileProblem = 'type' | 'size' | 'empty';
export type UploadPhase = 'waiting' | 'hashing' | 'announcing' | 'uploading' | 'done' | 'failed';

export interface PickedFile {
  key: number;
  file: File;
  contentType: EvidenceType | null;
  /** Why the file cannot be sent, found before anything is uploaded. */
  problem: FileProblem | null;
  phase: UploadPhase;
  /** 0–1 of the bytes sent. */
  progress: number;
  evidenceId: string | null;
  /** Why the upload failed: the API refused the announcement, the store refused the PUT (status 0: the browser could not make it), or the page cannot hash. */
  error: UploadError | null;
}

export type UploadError = { kind: 'api'; failure: ApiFailure } | { kind: 'store'; status: number } | { kind: 'no_crypto' };

export function problemOf(file: File, contentType: EvidenceType | null): FileProblem | null {
  if (contentType === null) return 'type';
  if (file.size === 0) return 'empty';
  if (file.size > MAX_EVIDENCE_BYTES) return 'size';
  return null;
}

/** SHA-256 of the file's bytes, lowercase hex, computed in the page (crypto.subtle: HTTPS or localhost only). */
export async function sha256Hex(file: Blob): Promise<string> {
  if (!globalThis.crypto?.subtle) throw new Error('no_crypto');
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

class UploadRefused extends Error {
  constructor(readonly status: number) {
    super(`upload answered ${status}`);
  }
}

/**
 * PUT the bytes to the presigned URL with XMLHttpRequest, for its upload progress. The signed headers go
 * with it but content-length, which the browser sets itself (to the same size) and a page may not.
 */
function put(upload: EvidenceUpload['upload'], file: File, onProgress: (share: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    try {
      xhr.open(upload.method, upload.url);
      for (const [name, value] of Object.entries(upload.headers)) if (name.toLowerCase() !== 'content-length') xhr.setRequestHeader(name, value);
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new UploadRefused(xhr.status)));
    // A network failure, or a connection the page's Content-Security-Policy or CORS does not allow.
    xhr.onerror = () => reject(new UploadRefused(0));
    xhr.onabort = () => reject(new UploadRefused(0));
    xhr.send(file);
  });
}

/**
 * The evidence files of one report: checked on picking (type, size), then, when the report is sent, each
 * hashed, announced (POST /tasks/{id}/evidence) and uploaded to the URL the API answers, with its progress.
 * A file uploaded once keeps its evidence id: sending the report again (after a 409) uploads nothing twice.
 */
export function useEvidenceUpload() {
  const files = reactive<PickedFile[]>([]);
  let nextKey = 1;

  /** Adds files; answers how many were left out beyond the limit. */
  function add(list: Iterable<File>): number {
    let leftOut = 0;
    for (const file of list) {
      if (files.length >= MAX_EVIDENCE_FILES) {
        leftOut++;
        continue;
      }
      const contentType = evidenceTypeOf(file);
      files.push({
        key: nextKey++,
        file,
        contentType,
        problem: problemOf(file, contentType),
        phase: 'waiting',
        progress: 0,
        evidenceId: null,
        error: null,
      });
    }
    return leftOut;
  }

  function remove(key: number): void {
    const i = files.findIndex((entry) => entry.key === key);
    if (i >= 0) files.splice(i, 1);
  }

  function clear(): void {
    files.splice(0, files.length);
  }

  const hasProblems = () => files.some((entry) => entry.problem !== null);

  async function uploadOne(taskId: string, entry: PickedFile): Promise<void> {
    entry.error = null;
    entry.progress = 0;
    try {
      entry.phase = 'hashing';
      const sha256 = await sha256Hex(entry.file);
      entry.phase = 'announcing';
      const announced = unwrap(
        await api.POST('/tasks/{taskId}/evidence', {
          params: { path: { taskId }, header: { 'Idempotency-Key': newIdempotencyKey() } },
          body: { fileName: entry.file.name, contentType: entry.contentType!, size: entry.file.size, sha256 },
        }),
      );
      entry.phase = 'uploading';
      await put(announced.upload, entry.file, (share) => {
        entry.progress = share;
      });
      entry.progress = 1;
      entry.evidenceId = announced.evidenceId;
      entry.phase = 'done';
    } catch (error) {
      entry.phase = 'failed';
      if (error instanceof UploadRefused) entry.error = { kind: 'store', status: error.status };
      else if (error instanceof Error && error.message === 'no_crypto') entry.error = { kind: 'no_crypto' };
      else entry.error = { kind: 'api', failure: asFailure(error) };
      throw error;
    }
  }

  /**
   * Uploads every file not uploaded yet, one after the other; answers the evidence ids of all of them, or
   * throws when one failed (each file says how).
   */
  async function uploadAll(taskId: string): Promise<string[]> {
    let failed = false;
    for (const entry of files) {
      if (entry.evidenceId) continue;
      try {
        await uploadOne(taskId, entry);
      } catch {
        failed = true;
      }
    }
    if (failed) throw new Error('upload_failed');
    return files.map((entry) => entry.evidenceId!);
  }

  return { files, add, remove, clear, hasProblems, uploadAll };
}
