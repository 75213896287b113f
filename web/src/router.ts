import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { session } from './composables/session';

/** The page paths are contracts that outside checks use: /app/signin, /app/tasks, /app/tasks/{taskId}, /app/inbox, /app/review, /app/my-assessment, /app/assessment?year=. */
const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/tasks' },
  { path: '/signin', name: 'signin', component: () => import('./pages/SignIn.vue'), meta: { public: true } },
  { path: '/tasks', name: 'tasks', component: () => import('./pages/MyTasks.vue') },
  { path: '/tasks/:taskId', name: 'task', component: () => import('./pages/TaskDetail.vue'), props: true },
  { path: '/inbox', name: 'inbox', component: () => import('./pages/Inbox.vue') },
  { path: '/review', name: 'review', component: () => import('./pages/Review.vue') },
  { path: '/my-assessment', name: 'my-assessment', component: () => import('./pages/MyAssessment.vue') },
  { path: '/people', name: 'people', component: () => import('./pages/People.vue') },
  { path: '/extensions', name: 'extensions', component: () => import('./pages/Extensions.vue') },
  { path: '/cockpit', name: 'cockpit', component: () => import('./pages/Cockpit.vue') },
  { path: '/plans', name: 'plans', component: () => import('./pages/Plans.vue') },
  // Without a plan named, the ledger opens the newest one (and puts it in the address).
  { path: '/ledger/:planId?', name: 'ledger', component: () => import('./pages/Ledger.vue'), props: true },
  { path: '/assessment', name: 'assessment', component: () => import('./pages/Assessment.vue') },
  { path: '/escalations', name: 'escalations', component: () => import('./pages/Escalations.vue') },
  // 信息公开: what an admin approved for disclosure, read by anyone without signing in.
  { path: '/public/plans/:planId', name: 'public-plan', component: () => import('./pages/PublicPlan.vue'), props: true, meta: { public: true } },
  { path: '/public/assessments/:year(\\d{4})', name: 'public-assessment', component: () => import('./pages/PublicAssessment.vue'), props: true, meta: { public: true } },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/NotFound.vue') },
];

export const router = createRouter({ history: createWebHistory('/app/'), routes });

/** Every page but sign-in needs a session; the page asked for is kept to come back to. */
router.beforeEach((to) => {
  if (to.meta.public || session.signedIn.value) return true;
  return { name: 'signin', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
});
