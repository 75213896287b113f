import { api, unwrap } from '../api/client';
import { useSubmission } from './useSubmission';

/** The file name a download is offered under: RFC 6266's `filename*` (UTF-8, for the Chinese names), else `filename`. */
export function attachmentName(disposition: string | null): string | null {
  if (!disposition) return null;
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (encoded) return decodeURIComponent(encoded[1]!.trim());
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1]!.trim() : null;
}

/** Hands a file to the browser's downloads, under its name. */
function save(file: Blob, name: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has read the Blob by the time the click returns; the delay only spares slow browsers.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/**
 * The 台账 workbook (GET /plans/{planId}/ledger?format=xlsx[&unitId=]), read as a Blob and saved under the
 * name Content-Disposition gives. Over 5,000 rows the API answers 400 (rule ledger_too_large), which the
 * page shows with a word on exporting one unit.
 */
export function useLedgerExport() {
  const exporting = useSubmission();

  async function download(planId: string, unitId?: string): Promise<boolean> {
    const saved = await exporting.run(async () => {
      const answer = await api.GET('/plans/{planId}/ledger', {
        params: { path: { planId }, query: { format: 'xlsx', ...(unitId ? { unitId } : {}) } },
        parseAs: 'blob',
      });
      const file = unwrap(answer);
      save(file, attachmentName(answer.response.headers.get('content-disposition')) ?? `${planId}.xlsx`);
      return true;
    });
    return saved === true;
  }

  const tooLarge = () => exporting.failure.value?.body.fields?.some((field) => field.rule === 'ledger_too_large') === true;

  return { exporting, download, tooLarge };
}
