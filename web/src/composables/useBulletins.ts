import { ref, shallowRef } from 'vue';
import { api, unwrap, type ApiFailure, type Bulletin } from '../api/client';
import { asFailure } from './failure';

export type BulletinLang = 'zh' | 'en';

/** A month's bulletin: published (with its links), not yet (404), or a failure to read it. */
export interface BulletinMonth {
  /** The month it is published in, YYYY-MM: the first working day of the month after the one it covers. */
  month: string;
  /** The month it reports on, YYYY-MM. */
  covers: string;
  bulletin: Bulletin | null;
  failure: ApiFailure | null;
}

const monthOf = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

/**
 * The monthly bulletins (通报) of a plan year: those covering its twelve months, published February to the
 * next January, asked for up to this month only (GET /bulletins/{month}?lang=; 404 until published). The
 * answer's HTML and XLSX links are presigned for a few minutes, so they are read again on each load.
 */
export function useBulletins() {
  const months = shallowRef<BulletinMonth[]>([]);
  const lang = ref<BulletinLang>('zh');
  const loading = ref(false);
  let loads = 0;

  async function readMonth(month: string, covers: string): Promise<BulletinMonth> {
    try {
      const bulletin = unwrap(await api.GET('/bulletins/{month}', { params: { path: { month }, query: { lang: lang.value } } }));
      return { month, covers, bulletin, failure: null };
    } catch (error) {
      const failure = asFailure(error);
      return { month, covers, bulletin: null, failure: failure.status === 404 ? null : failure };
    }
  }

  async function load(year: number, today: string): Promise<void> {
    const load = ++loads;
    loading.value = true;
    const asked = Array.from({ length: 12 }, (_, i) => ({ covers: monthOf(year, i + 1), month: i === 11 ? monthOf(year + 1, 1) : monthOf(year, i + 2) })).filter(
      ({ month }) => month <= today.slice(0, 7),
    );
    const read = await Promise.all(asked.map(({ month, covers }) => readMonth(month, covers)));
    if (load !== loads) return;
    months.value = read.reverse();
    loading.value = false;
  }

  return { months, lang, loading, load };
}
