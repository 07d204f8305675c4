import { reactive } from 'vue';

// Hash routes (#/account): the gateway serves one index.html and a reload never asks it for a page it lacks.
export const route = reactive({ path: currentPath() });

function currentPath() {
  return window.location.hash.replace(/^#/, '') || '/';
}

window.addEventListener('hashchange', () => {
  route.path = currentPath();
});

export function go(path) {
  window.location.hash = path;
}
