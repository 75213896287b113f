import 'element-plus/theme-chalk/base.css';
import { createApp } from 'vue';
import { takeTokenFromAddress } from './composables/session';
import App from './App.vue';
import { i18n } from './i18n';
import { router } from './router';
import './styles.css';

takeTokenFromAddress();
document.documentElement.lang = i18n.global.locale.value;
createApp(App).use(i18n).use(router).mount('#app');
