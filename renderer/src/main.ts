import { mount } from 'svelte';
import App from './App.svelte';
import { desktopApi } from './bridge.ts';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('The page has no #app element to mount the window in.');
mount(App, { target, props: { desktop: desktopApi() } });
