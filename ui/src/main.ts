import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { installLinkGuard } from './lib/markdown';

const target = document.getElementById('app');
if (!target) throw new Error('index.html 缺少 #app 容器');
// Before the app mounts, so no link click can ever navigate the app window away.
installLinkGuard(document);
export default mount(App, { target });
