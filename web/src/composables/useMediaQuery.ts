import { onBeforeUnmount, ref, type Ref } from 'vue';

/** Whether a media query matches, kept up to date (the phone layout: `(max-width: 768px)`). */
export function useMediaQuery(query: string): Ref<boolean> {
  const list = window.matchMedia(query);
  const matches = ref(list.matches);
  const onChange = (event: MediaQueryListEvent) => {
    matches.value = event.matches;
  };
  list.addEventListener('change', onChange);
  onBeforeUnmount(() => list.removeEventListener('change', onChange));
  return matches;
}

/** The width below which the unit's pages switch to their phone layout (styles.css uses the same). */
export const PHONE_QUERY = '(max-width: 768px)';
