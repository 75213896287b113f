import type zh from './zh-CN';

/** The same keys as zh-CN.ts, in English. */
const en: typeof zh = {
  app: {
    title: 'Goal breakdown workspace',
    skipToContent: 'Skip to content',
    language: '中文',
    languageLabel: 'Switch language',
    signOut: 'Sign out',
    menu: 'Main menu',
  },
  nav: {
    tasks: 'My tasks',
    inbox: 'Inbox',
    review: 'To review',
  },
  signin: {
    title: 'Sign in',
    intro: 'Use the sign-in link your bureau sent you, or paste an access token.',
    tokenLabel: 'Access token',
    tokenPlaceholder: 'A token starting with gb_',
    submit: 'Sign in',
    malformed: 'Not a token: it starts with gb_ and has 46 characters.',
    token_revoked: 'Your sign-in link was revoked; ask your bureau for a new one.',
    token_expired: 'Your sign-in link has expired; ask your bureau for a new one.',
    unauthorized: 'This token is not valid; check it and try again.',
    signed_out: 'You have signed out.',
  },
  role: { admin: 'Bureau office', reviewer: 'Lead department', unit: 'Responsible unit', viewer: 'Leader' },
  common: {
    loading: 'Loading…',
    empty: 'Nothing here yet',
    retry: 'Try again',
    notFound: 'No such page or task',
    back: 'Back',
    error: 'Something went wrong',
  },
};
export default en;
