/*
 * The frame of every HTML document the product writes (the monthly bulletin, the assessment result): one
 * self-contained page, no scripts, no outside styles or fonts, as it is opened from a presigned link, saved,
 * mailed or printed. It reads on a phone (viewport, tables that scroll inside themselves) and prints on A4:
 * margins, page numbers in the page's bottom margin, table headers repeated on each page, no row cut in two.
 */

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text from the data, safe in an element or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** The language a document is written in: Chinese unless English is asked for. */
export type DocumentLang = 'zh' | 'en';

/** How the page numbers read in each language (the @page footer's content). */
const PAGE_NUMBERS: Readonly<Record<DocumentLang, string>> = {
  zh: '"第 " counter(page) " 页 / 共 " counter(pages) " 页"',
  en: '"Page " counter(page) " of " counter(pages)',
};

/**
 * The documents' look, on screen and on paper. Print: A4 with margins, `第 N 页 / 共 M 页` in the bottom
 * margin (Chromium draws @page margin boxes; a browser that does not simply leaves them out), a table's
 * header repeated on every page its rows run over, rows and headings never left alone at a page's foot.
 * `.page` starts a new page in print; `.tag` is a coloured mark (a grade, a light) that prints in colour.
 */
const documentStyle = (lang: DocumentLang) => `
@page {
  size: A4;
  margin: 16mm 14mm 18mm;
  @bottom-center { content: ${PAGE_NUMBERS[lang]}; font-size: 9pt; color: #555; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0 auto; padding: 1.5em; max-width: 1100px; color: #222; line-height: 1.5; font-size: 15px; }
header.document { text-align: center; margin-bottom: 1.5em; }
header.document .issuer { font-size: 1.1em; letter-spacing: 0.1em; color: #a00; margin: 0; }
h1 { font-size: 1.6em; margin: 0.3em 0 0.2em; }
h2 { font-size: 1.25em; margin: 1.4em 0 0.5em; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 1.1em; margin: 1em 0 0.4em; break-after: avoid; page-break-after: avoid; }
p.subtitle { color: #555; margin: 0.2em 0; }
.table-wrap { overflow-x: auto; margin: 0.5em 0 1.5em; }
table { border-collapse: collapse; width: 100%; }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
tr, figure, .keep { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #bbb; padding: 0.35em 0.55em; vertical-align: top; text-align: left; }
th { background: #eef3f8; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.muted { color: #666; font-size: 0.9em; }
.tag { display: inline-block; padding: 0 0.5em; border-radius: 3px; font-weight: 600; white-space: nowrap; border: 1px solid currentColor; }
figure.chart { margin: 1em 0; text-align: center; }
figure.chart svg { max-width: 100%; height: auto; }
@media print {
  body { padding: 0; max-width: none; font-size: 10.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .page { break-before: page; page-break-before: always; }
  .table-wrap { overflow: visible; margin-bottom: 1em; }
  a { color: inherit; text-decoration: none; }
}
@media (max-width: 600px) {
  body { padding: 0.8em; font-size: 14px; }
  h1 { font-size: 1.3em; }
  th, td { padding: 0.3em 0.4em; }
}
`.trim();

export interface HtmlDocument {
  /** The browser tab's and the saved file's title. */
  title: string;
  lang: DocumentLang;
  /** What the document adds to the shared style. */
  style?: string;
  /** The body's parts, already HTML. */
  body: readonly string[];
}

/** A whole page: the frame, the shared style and the document's own, its body. */
export function htmlDocument(document: HtmlDocument): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${document.lang === 'en' ? 'en' : 'zh-CN'}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(document.title)}</title>`,
    `<style>${documentStyle(document.lang)}${document.style ? `\n${document.style.trim()}` : ''}</style>`,
    '</head>',
    '<body>',
    ...document.body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A table cell: text escaped, numbers right-aligned, optional attributes (e.g. `data-task-id`) written as they are given, escaped. */
export interface Cell {
  /** Escaped HTML of the cell's content (see `text`, or compose with escapeHtml). */
  html: string;
  numeric?: boolean;
  attributes?: Readonly<Record<string, string>>;
}

export interface Row {
  cells: readonly Cell[];
  className?: string;
  attributes?: Readonly<Record<string, string>>;
}

/** A text cell, escaped. */
export const textCell = (value: string, attributes?: Readonly<Record<string, string>>): Cell => ({ html: escapeHtml(value), ...(attributes ? { attributes } : {}) });
/** A number cell, right-aligned. */
export const numberCell = (value: string): Cell => ({ html: escapeHtml(value), numeric: true });

/**
 * A table in its scrolling wrapper (a phone scrolls the table, not the page), its header repeated on each
 * printed page. `numericColumns` right-aligns those headings over their figures.
 */
export function htmlTable(headings: readonly string[], rows: readonly Row[], options: { caption?: string; numericColumns?: readonly number[]; className?: string } = {}): string {
  const numeric = new Set(options.numericColumns ?? []);
  const head = headings.map((heading, i) => `<th scope="col"${numeric.has(i) ? ' class="num"' : ''}>${escapeHtml(heading)}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr${row.className ? ` class="${escapeHtml(row.className)}"` : ''}${attributesOf(row.attributes)}>${row.cells
          .map((cell) => `<td${cell.numeric ? ' class="num"' : ''}${attributesOf(cell.attributes)}>${cell.html}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  return [
    '<div class="table-wrap">',
    `<table${options.className ? ` class="${escapeHtml(options.className)}"` : ''}>`,
    ...(options.caption ? [`<caption>${escapeHtml(options.caption)}</caption>`] : []),
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>${body}</tbody>`,
    '</table>',
    '</div>',
  ].join('\n');
}

function attributesOf(attributes: Readonly<Record<string, string>> | undefined): string {
  if (!attributes) return '';
  return Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join('');
}
