import { createApp } from 'vue';
import App from './App.vue';
import { restore } from './lib/session.js';
import './style.css';

restore();
createApp(App).mount('#app');
