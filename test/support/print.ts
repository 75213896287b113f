import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';

/*
 * The documents' print check: an HTML document as a person prints it from Chromium (Debian's, launched as
 * in test/browser/support.ts) to an A4 PDF, its pages counted by pdfinfo (poppler-utils), and a screenshot
 * of it on a desk and on a phone. Files go under test-results/documents/ (ignored) for a person to look at.
 */

export const DOCUMENTS_DIR = fileURLToPath(new URL('../../test-results/documents/', import.meta.url));

/** A phone's screen, as the browser tests size it. */
export const PHONE_WIDTH = 390;

export interface PrintOptions {
  /**
   * Who numbers the pages: Chromium's footer template (`n / total`, the default), or the document's own
   * print CSS (`@page` margin boxes), which Chromium replaces with its footer when it draws one.
   */
  pageNumbers?: 'footer' | 'document';
  landscape?: boolean;
}

export interface Printed {
  pdf: string;
  pages: number;
  /** Text of the PDF's pages (pdftotext), to check what a page shows, its page numbers included. */
  text: string;
}

/** Chromium's footer: the page number and the count, small and centred, in the bottom margin. */
const FOOTER_TEMPLATE =
  '<div style="width:100%;text-align:center;font-size:9px;font-family:sans-serif;color:#444"><span class="pageNumber"></span> / <span class="totalPages"></span></div>';

/** Prints `html` to `test-results/documents/<name>.pdf` on A4, as the document's @page rule lays it out. */
export async function printToPdf(browser: Browser, html: string, name: string, options: PrintOptions = {}): Promise<Printed> {
  const page = await openDocument(browser, html, 1240);
  try {
    const pdf = join(ensureDir(), `${name}.pdf`);
    const footer = (options.pageNumbers ?? 'footer') === 'footer';
    await page.emulateMedia({ media: 'print' });
    await page.pdf({
      path: pdf,
      format: 'A4',
      landscape: options.landscape ?? false,
      printBackground: true,
      // The document's @page size and margins win; the footer needs a bottom margin to be drawn in.
      preferCSSPageSize: true,
      displayHeaderFooter: footer,
      ...(footer ? { headerTemplate: '<span></span>', footerTemplate: FOOTER_TEMPLATE, margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' } } : {}),
    });
    return { pdf, pages: pdfPageCount(pdf), text: pdfText(pdf) };
  } finally {
    await page.close();
  }
}

/** Pages of a PDF, as pdfinfo counts them. */
export function pdfPageCount(pdf: string): number {
  const info = execFileSync('pdfinfo', [pdf]).toString();
  const match = /^Pages:\s+(\d+)$/m.exec(info);
  if (!match) throw new Error(`pdfinfo gave no page count for ${pdf}:\n${info}`);
  return Number(match[1]);
}

/** A PDF's text, pages separated by form feeds. */
export function pdfText(pdf: string): string {
  return execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
}

export interface Shot {
  png: string;
  /** How far the page reaches past the screen's width, in CSS pixels: 0 when nothing scrolls sideways. */
  overflowX: number;
}

/** A full-page screenshot of `html` at `width` CSS pixels (a desk 1240, a phone 390) to `test-results/documents/<name>.png`. */
export async function screenshot(browser: Browser, html: string, name: string, width = 1240): Promise<Shot> {
  const page = await openDocument(browser, html, width);
  try {
    const png = join(ensureDir(), `${name}.png`);
    await page.screenshot({ path: png, fullPage: true });
    const overflowX = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    return { png, overflowX: overflowX as number };
  } finally {
    await page.close();
  }
}

/**
 * A page showing `html` as it is opened from a presigned link: its own address, no server behind it. A
 * phone's width opens a mobile page (the viewport meta applies, as on a phone).
 */
async function openDocument(browser: Browser, html: string, width: number): Promise<Page> {
  const phone = width <= 480;
  const page = await browser.newPage({ viewport: { width, height: phone ? 844 : 900 }, isMobile: phone, hasTouch: phone, locale: 'zh-CN' });
  await page.setContent(html, { waitUntil: 'load' });
  return page;
}

function ensureDir(): string {
  mkdirSync(DOCUMENTS_DIR, { recursive: true });
  return DOCUMENTS_DIR;
}

/** Writes a rendered document next to its prints, so that a person can open what was printed. */
export function saveDocument(name: string, body: string | Buffer): string {
  const file = join(ensureDir(), name);
  writeFileSync(file, body);
  return file;
}
