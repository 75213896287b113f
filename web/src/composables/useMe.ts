import { ref } from 'vue';
import { api, unwrap, type Me } from '../api/client';

const me = ref<Me | null>(null);

/** Who is signed in (GET /me), read once per session and shared by every page. */
export function useMe() {
  async function load(): Promise<Me> {
    if (me.value) return me.value;
    me.value = unwrap(await api.GET('/me'));
    return me.value;
  }
  function forget(): void {
    me.value = null;
  }
  return { me, load, forget };
}

/** Where a role starts: a unit or reviewer at its tasks, an admin at the desk's people page, a leader at the cockpit. */
export function homeOf(role: Me['role']): string {
  return role === 'admin' ? '/people' : role === 'viewer' ? '/cockpit' : '/tasks';
}
