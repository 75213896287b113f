import { ref, shallowRef } from 'vue';
import { api, unwrap, type ApiFailure, type PublicAssessment, type PublicProgress } from '../api/client';
import { asFailure } from './failure';

/**
 * 信息公开: what an admin approved for disclosure (GET /public/…: no token, the public API's allow-list), a
 * plan's progress or a year's ranking. Not disclosed (404) is a state of the page, not an error.
 */
function usePublicRead<T>(read: () => Promise<T>) {
  const data = shallowRef<T | null>(null);
  const notDisclosed = ref(false);
  const loading = ref(false);
  const failure = shallowRef<ApiFailure | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    failure.value = null;
    notDisclosed.value = false;
    try {
      data.value = await read();
    } catch (error) {
      data.value = null;
      const found = asFailure(error);
      if (found.status === 404) notDisclosed.value = true;
      else failure.value = found;
    } finally {
      loading.value = false;
    }
  }
  return { data, notDisclosed, loading, failure, load };
}

export function usePublicProgress(planId: () => string) {
  return usePublicRead<PublicProgress>(async () => unwrap(await api.GET('/public/plans/{planId}/progress', { params: { path: { planId: planId() } } })));
}

export function usePublicAssessment(year: () => string) {
  return usePublicRead<PublicAssessment>(async () => unwrap(await api.GET('/public/assessments/{year}', { params: { path: { year: year() } } })));
}
