/** Chinese first: every text the pages show. `en.ts` has the same keys (a test keeps them equal). */
export default {
  app: {
    title: '目标任务分解工作台',
    skipToContent: '跳到正文',
    language: 'English',
    languageLabel: '切换语言',
    signOut: '退出登录',
    menu: '主菜单',
  },
  nav: {
    tasks: '我的任务',
    inbox: '消息',
    review: '待审核',
  },
  signin: {
    title: '登录工作台',
    intro: '请使用局办公室发给您的登录链接，或粘贴访问令牌。',
    tokenLabel: '访问令牌',
    tokenPlaceholder: 'gb_ 开头的令牌',
    submit: '登录',
    malformed: '令牌格式不正确：应以 gb_ 开头，共 46 个字符。',
    token_revoked: '您的登录链接已被吊销，请向局办公室重新申请。',
    token_expired: '您的登录链接已过期，请向局办公室重新申请。',
    unauthorized: '该令牌无效，请检查后重试。',
    signed_out: '您已退出登录。',
  },
  role: { admin: '局办公室', reviewer: '牵头单位', unit: '责任单位', viewer: '领导' },
  common: {
    loading: '加载中…',
    empty: '暂无数据',
    retry: '重试',
    notFound: '未找到该页面或任务',
    back: '返回',
    error: '出错了',
  },
};
