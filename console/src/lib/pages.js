import { defineAsyncComponent } from 'vue';

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
].map((entry) => ({ ...entry, component: defineAsyncComponent(entry.page) }));

export function pagesFor(roles) {
  return PAGES.filter((entry) => roles.includes(entry.role));
}
