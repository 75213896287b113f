import { computed, ref, shallowRef } from 'vue';
import { api, unwrap, type ApiFailure, type Appeal, type PublishedAssessment, type UnitAssessment } from '../api/client';
import { asFailure } from './failure';
import { useMe } from './useMe';

/**
 * 我的考核: the signed-in unit's published score of one year (GET /assessments/{year}/units/{unitId}), the
 * ranking it stands in (GET /assessments/{year}: rank, grade, the last day to appeal) and its own appeals
 * (GET /assessments/{year}/appeals, which the API scopes to the caller's unit). "Not published yet" is a
 * state of the page, not an error.
 */
export function useMyAssessment() {
  const { load: loadMe } = useMe();
  const published = shallowRef<PublishedAssessment | null>(null);
  const score = shallowRef<UnitAssessment | null>(null);
  const appeals = shallowRef<Appeal[]>([]);
  const notPublished = ref(false);
  const loading = ref(false);
  const failure = shallowRef<ApiFailure | null>(null);
  let latestRequest = 0;

  async function load(year: number): Promise<void> {
    const request = ++latestRequest;
    loading.value = true;
    failure.value = null;
    notPublished.value = false;
    try {
      const me = await loadMe();
      const unitId = me.unitId ?? '';
      const path = { year: String(year) };
      const [ranking, mine, filed] = await Promise.all([
        api.GET('/assessments/{year}', { params: { path } }).then(unwrap),
        api.GET('/assessments/{year}/units/{unitId}', { params: { path: { ...path, unitId } } }).then(unwrap),
        api.GET('/assessments/{year}/appeals', { params: { path } }).then(unwrap),
      ]);
      if (request !== latestRequest) return;
      published.value = ranking;
      score.value = mine;
      appeals.value = filed.items;
    } catch (error) {
      if (request !== latestRequest) return;
      published.value = null;
      score.value = null;
      appeals.value = [];
      const found = asFailure(error);
      if (found.status === 404) notPublished.value = true;
      else failure.value = found;
    } finally {
      if (request === latestRequest) loading.value = false;
    }
  }

  /** The newest appeal of each line: a line appealed, rejected and appealed again shows the latest. */
  const appealOfLine = computed(() => {
    const byLine = new Map<string, Appeal>();
    for (const appeal of [...appeals.value].sort((a, b) => a.filedAt.localeCompare(b.filedAt))) byLine.set(appeal.lineId, appeal);
    return byLine;
  });

  function appealed(appeal: Appeal): void {
    appeals.value = [...appeals.value, appeal];
  }

  return { published, score, appeals, appealOfLine, notPublished, loading, failure, load, appealed };
}
