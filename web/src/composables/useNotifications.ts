import { ref, shallowRef } from 'vue';
import { api, unwrap, type ApiFailure, type Notification } from '../api/client';
import { asFailure, newIdempotencyKey } from './failure';

const PAGE_SIZE = 20;
const COUNT_PAGE_SIZE = 200;

async function page(cursor: string | null, limit: number, unread: boolean) {
  const query = { limit, ...(unread ? { unread: 'true' as const } : {}), ...(cursor ? { cursor } : {}) };
  return unwrap(await api.GET('/me/notifications', { params: { query } }));
}

/** The unread count, shared by the inbox and the menu's badge; null until counted (or when it could not be). */
export const unreadCount = ref<number | null>(null);

export async function countUnread(): Promise<void> {
  try {
    let count = 0;
    let cursor: string | null = null;
    do {
      const found = await page(cursor, COUNT_PAGE_SIZE, true);
      count += found.items.length;
      cursor = found.nextCursor;
    } while (cursor);
    unreadCount.value = count;
  } catch {
    unreadCount.value = null;
  }
}

/**
 * 消息: the signed-in inbox, newest first (GET /me/notifications), a page at a time, all or unread only;
 * the unread count; marking one, several or all read (POST /me/notifications/read). The API has no count:
 * the unread ones are listed (200 at a time) and counted.
 */
export function useNotifications() {
  const items = ref<Notification[]>([]);
  const nextCursor = ref<string | null>(null);
  const unreadOnly = ref(false);
  const loading = ref(false);
  const loadingMore = ref(false);
  const failure = shallowRef<ApiFailure | null>(null);
  const marking = ref(false);
  let latestLoad = 0;

  async function load(): Promise<void> {
    const request = ++latestLoad;
    loading.value = true;
    failure.value = null;
    try {
      const found = await page(null, PAGE_SIZE, unreadOnly.value);
      if (request !== latestLoad) return;
      items.value = found.items;
      nextCursor.value = found.nextCursor;
    } catch (error) {
      if (request === latestLoad) failure.value = asFailure(error);
    } finally {
      if (request === latestLoad) loading.value = false;
    }
    void countUnread();
  }

  async function more(): Promise<void> {
    if (!nextCursor.value || loadingMore.value) return;
    const request = latestLoad;
    loadingMore.value = true;
    try {
      const found = await page(nextCursor.value, PAGE_SIZE, unreadOnly.value);
      if (request !== latestLoad) return;
      items.value = [...items.value, ...found.items];
      nextCursor.value = found.nextCursor;
    } catch (error) {
      failure.value = asFailure(error);
    } finally {
      loadingMore.value = false;
    }
  }

  /** Marks the given notifications (or all) read; answers how many were unread. */
  async function markRead(ids: string[] | 'all'): Promise<number | null> {
    if (marking.value) return null;
    marking.value = true;
    failure.value = null;
    try {
      const body = ids === 'all' ? { all: true as const } : { ids };
      const { marked } = unwrap(
        await api.POST('/me/notifications/read', { params: { header: { 'Idempotency-Key': newIdempotencyKey() } }, body }),
      );
      const now = new Date().toISOString();
      items.value = items.value.map((item) => (ids === 'all' || ids.includes(item.id) ? { ...item, read: true, readAt: item.readAt ?? now } : item));
      if (unreadCount.value !== null) unreadCount.value = Math.max(0, unreadCount.value - marked);
      return marked;
    } catch (error) {
      failure.value = asFailure(error);
      return null;
    } finally {
      marking.value = false;
    }
  }

  return { items, nextCursor, unreadOnly, loading, loadingMore, failure, unreadCount, marking, load, more, markRead };
}
