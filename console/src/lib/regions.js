import { reactive } from 'vue';
import { api } from './api.js';

// Province names by code, loaded once per sign-in (32 rows) for the clearing tables and charts.
export const provinces = reactive({ byCode: {}, list: [] });
let loading = null;

export function loadProvinces(reload = false) {
  if (reload) loading = null;
  loading ??= api.get('/api/v1/regions/provinces').then((list) => {
    provinces.list = list;
    provinces.byCode = Object.fromEntries(list.map((p) => [p.code, p.name]));
    return list;
  }).catch((error) => {
    loading = null;
    throw error;
  });
  return loading;
}

export function provinceName(code) {
  return provinces.byCode[code] ?? code;
}

/** The month running now in China (yyyyMM), which is how periods are cut. */
export function currentPeriod(now = new Date()) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).formatToParts(now);
  const part = (type) => parts.find((p) => p.type === type).value;
  return `${part('year')}${part('month')}`;
}
