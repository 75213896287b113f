import { createI18n } from 'vue-i18n';
import en from './locales/en';
import zh from './locales/zh-CN';

const LOCALE_KEY = 'gb.locale';
export type Locale = 'zh-CN' | 'en';

/** Chinese by default; the switch is remembered on this device. */
export const i18n = createI18n({
  legacy: false,
  locale: (localStorage.getItem(LOCALE_KEY) as Locale | null) ?? 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zh, en },
  datetimeFormats: {
    'zh-CN': { date: { year: 'numeric', month: 'long', day: 'numeric' }, dateTime: { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' } },
    en: { date: { year: 'numeric', month: 'short', day: 'numeric' }, dateTime: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' } },
  },
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem(LOCALE_KEY, locale);
  document.documentElement.lang = locale;
}
