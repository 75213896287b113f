import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureWebBuild } from '../../infra/local/web-build.js';

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
  isEntry?: boolean;
}

export interface WebFigures {
  page: string;
  files: number;
  javaScriptKB: number;
  javaScriptGzipKB: number;
  cssGzipKB: number;
}

/**
 * What a page of the web workspace loads before its first screen: the entry, the page's lazy chunk and
 * every chunk they import statically (Vite's manifest), gzipped as a server would send them.
 */
export async function measureWebPages(pages: Record<string, string>): Promise<WebFigures[]> {
  const dist = await ensureWebBuild();
  const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry)![0];
  return Object.entries(pages).map(([page, source]) => {
    const chunks = new Set<string>();
    const visit = (key: string) => {
      if (chunks.has(key)) return;
      chunks.add(key);
      for (const imported of manifest[key]?.imports ?? []) visit(imported);
    };
    visit(entry);
    visit(source);
    const js = [...chunks].map((key) => readFileSync(join(dist, manifest[key]!.file)));
    const css = [...new Set([...chunks].flatMap((key) => manifest[key]!.css ?? []))].map((file) => readFileSync(join(dist, file)));
    const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
    return {
      page,
      files: js.length + css.length,
      javaScriptKB: kb(js.reduce((sum, file) => sum + file.length, 0)),
      javaScriptGzipKB: kb(js.reduce((sum, file) => sum + gzipSync(file).length, 0)),
      cssGzipKB: kb(css.reduce((sum, file) => sum + gzipSync(file).length, 0)),
    };
  });
}
