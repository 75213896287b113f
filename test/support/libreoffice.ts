import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

/*
 * Workbooks printed as a person prints them: Debian's LibreOffice (headless) turns an .xlsx into a PDF with
 * the workbook's own print setup, and poppler's pdfinfo / pdftotext count its pages and read their text.
 * The PDFs are kept under test-results/documents/ (ignored by git) for a person to look at.
 */

const run = promisify(execFile);

export const SOFFICE = '/usr/bin/soffice';
export const DOCUMENTS = fileURLToPath(new URL('../../test-results/documents/', import.meta.url));

/** A cold start with a fresh profile takes a few seconds alone; on a busy 2-core machine much more. */
const CONVERT_TIMEOUT_MS = 150_000;

/**
 * Converts `files` (.xlsx, or anything LibreOffice opens) to PDFs in `outDir` with one LibreOffice, whose
 * start is most of the cost, and returns their paths. Each call has its own profile: two LibreOffices sharing
 * one refuse to start, and test files run in parallel.
 */
export async function convertToPdf(files: readonly string[], outDir: string): Promise<string[]> {
  const profile = mkdtempSync(join(tmpdir(), 'soffice-profile-'));
  try {
    mkdirSync(outDir, { recursive: true });
    await run(
      SOFFICE,
      [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--nolockcheck', '--convert-to', 'pdf', '--outdir', outDir, ...files],
      { timeout: CONVERT_TIMEOUT_MS },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  return files.map((file) => join(outDir, `${basename(file, extname(file))}.pdf`));
}

/** The number of pages of a PDF, as pdfinfo reads it. */
export async function pdfPageCount(pdf: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [pdf]);
  const pages = /^Pages:\s+(\d+)/m.exec(stdout)?.[1];
  if (pages === undefined) throw new Error(`pdfinfo gave no page count for ${pdf}:\n${stdout}`);
  return Number(pages);
}

/** The text of each page of a PDF in reading order (pdftotext ends each page with a form feed). */
export async function pdfPageTexts(pdf: string): Promise<string[]> {
  const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout.split('\f').slice(0, -1);
}

export interface PrintedWorkbook {
  xlsx: string;
  pdf: string;
  pages: number;
  texts: string[];
}

/**
 * Writes each workbook as test-results/documents/`name`.xlsx, prints them all to `name`.pdf beside it (one
 * LibreOffice for all), and reads the PDFs.
 */
export async function printWorkbooks<Name extends string>(workbooks: Record<Name, Uint8Array>): Promise<Record<Name, PrintedWorkbook>> {
  mkdirSync(DOCUMENTS, { recursive: true });
  const names = Object.keys(workbooks) as Name[];
  const files = names.map((name) => join(DOCUMENTS, `${name}.xlsx`));
  names.forEach((name, i) => writeFileSync(files[i]!, workbooks[name]));
  const pdfs = await convertToPdf(files, DOCUMENTS);
  const printed = await Promise.all(
    pdfs.map(async (pdf, i): Promise<PrintedWorkbook> => ({ xlsx: files[i]!, pdf, pages: await pdfPageCount(pdf), texts: await pdfPageTexts(pdf) })),
  );
  return Object.fromEntries(names.map((name, i) => [name, printed[i]!])) as Record<Name, PrintedWorkbook>;
}

/** One workbook printed: test-results/documents/`name`.xlsx and `name`.pdf. */
export async function printWorkbook(name: string, workbook: Uint8Array): Promise<PrintedWorkbook> {
  const printed = await printWorkbooks({ [name]: workbook });
  return printed[name]!;
}
