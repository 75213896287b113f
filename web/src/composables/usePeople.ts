import { computed, ref, shallowRef } from 'vue';
import { api, unwrap, type ApiFailure, type CreatedToken, type PlanSummary, type PlanUnit, type TokenMetadata } from '../api/client';
import { asFailure } from './failure';
import { useSubmission } from './useSubmission';

export type TokenRole = TokenMetadata['role'];

/**
 * 人员与登录链接: the plans' units, the tokens issued (GET /tokens: never a secret) and what an admin does
 * with them: a sign-in link per unit and role (POST /tokens, the secret shown once, in the link), and a
 * revocation (DELETE /tokens/{tokenId}).
 */
export function usePeople() {
  const plans = shallowRef<PlanSummary[]>([]);
  const planId = ref<string | null>(null);
  const units = shallowRef<PlanUnit[]>([]);
  const tokens = shallowRef<TokenMetadata[]>([]);
  const loading = ref(false);
  const failure = shallowRef<ApiFailure | null>(null);
  const issuing = useSubmission();
  const revoking = useSubmission();

  async function load(): Promise<void> {
    loading.value = true;
    failure.value = null;
    try {
      const [planPage, tokenList] = await Promise.all([api.GET('/plans').then(unwrap), api.GET('/tokens').then(unwrap)]);
      plans.value = [...planPage.items].sort((a, b) => b.year - a.year || a.name.localeCompare(b.name, 'zh-CN'));
      tokens.value = tokenList.items;
      if (planId.value === null) planId.value = plans.value[0]?.planId ?? null;
      await loadUnits();
    } catch (error) {
      failure.value = asFailure(error);
    } finally {
      loading.value = false;
    }
  }

  async function loadUnits(): Promise<void> {
    if (planId.value === null) {
      units.value = [];
      return;
    }
    units.value = unwrap(await api.GET('/plans/{planId}/units', { params: { path: { planId: planId.value } } })).items;
  }

  async function choosePlan(id: string): Promise<void> {
    planId.value = id;
    try {
      await loadUnits();
    } catch (error) {
      failure.value = asFailure(error);
    }
  }

  /** A new token and its sign-in link on this origin; the secret lives only in the answer and the link. */
  async function issue(request: { role: TokenRole; unitId?: string; label?: string; expiresInDays?: number }): Promise<{ created: CreatedToken; link: string } | undefined> {
    const created = await issuing.run(async (idempotencyKey) =>
      unwrap(await api.POST('/tokens', { params: { header: { 'Idempotency-Key': idempotencyKey } }, body: request })),
    );
    if (!created) return undefined;
    const { token, ...metadata } = created;
    tokens.value = [metadata, ...tokens.value];
    return { created, link: `${window.location.origin}/app/signin#token=${encodeURIComponent(token)}` };
  }

  async function revoke(tokenId: string): Promise<boolean> {
    const revoked = await revoking.run(async () => unwrap(await api.DELETE('/tokens/{tokenId}', { params: { path: { tokenId } } })));
    if (!revoked) return false;
    tokens.value = tokens.value.map((token) => (token.tokenId === tokenId ? { ...token, revokedAt: revoked.revokedAt, revokedBy: revoked.revokedBy } : token));
    return true;
  }

  const unitNames = computed(() => new Map(units.value.map((unit) => [unit.id, unit.name])));

  return { plans, planId, units, unitNames, tokens, loading, failure, issuing, revoking, load, choosePlan, issue, revoke };
}
