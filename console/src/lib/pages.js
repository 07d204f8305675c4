import { defineAsyncComponent } from 'vue';
import { retried } from './latest.js';
import PageFailed from '../components/PageFailed.vue';
import PageLoading from '../components/PageLoading.vue';

// Which pages each role is offered, in menu order; a role never sees a page it may not use.
export const PAGES = [
  { path: '/account', label: 'nav.account', role: 'INSURED', page: () => import('../pages/insured/Account.vue') },
  { path: '/relations', label: 'nav.relations', role: 'INSURED', page: () => import('../pages/insured/Relations.vue') },
  { path: '/code', label: 'nav.code', role: 'INSURED', page: () => import('../pages/insured/PaymentCode.vue') },
  { path: '/payments', label: 'nav.payments', role: 'INSURED', page: () => import('../pages/insured/Payments.vue') },
  { path: '/my-transfers', label: 'nav.myTransfers', role: 'INSURED', page: () => import('../pages/insured/MyTransfers.vue') },
  { path: '/operator', label: 'nav.operator', role: 'AGENCY', page: () => import('../pages/operator/Operator.vue') },
  { path: '/transfers', label: 'nav.transfers', role: 'AGENCY', page: () => import('../pages/operator/Transfers.vue') },
  { path: '/clearing/month', label: 'clearing.month', role: 'CLEARING', page: () => import('../pages/clearing/Month.vue') },
  { path: '/clearing/statements', label: 'clearing.statements', role: 'CLEARING', page: () => import('../pages/clearing/Statements.vue') },
  { path: '/clearing/prepaid', label: 'clearing.prepaid', role: 'CLEARING', page: () => import('../pages/clearing/Prepaid.vue') },
  { path: '/clearing/stats', label: 'clearing.stats', role: 'CLEARING', page: () => import('../pages/clearing/Stats.vue') },
  { path: '/admin', label: 'nav.admin', role: 'ADMIN', page: () => import('../pages/admin/Rollout.vue') },
].map((entry) => ({ ...entry, component: pageComponent(entry.page) }));

/**
 * A page whose script is fetched when first opened. Without an error component a failed or lost fetch left the page
 * empty under the menu with nothing said; now it is tried again, "loading" shows meanwhile, and a failure is said in
 * words with a reload button.
 */
function pageComponent(load) {
  return defineAsyncComponent({
    loader: () => retried(load),
    loadingComponent: PageLoading,
    delay: 300,
    errorComponent: PageFailed,
    timeout: 30000,
  });
}

export function pagesFor(roles) {
  return PAGES.filter((entry) => roles.includes(entry.role));
}
