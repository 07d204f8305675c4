import { reactive } from 'vue';
import zh from './zh.js';
import en from './en.js';

const dictionaries = { zh, en };
const KEY = 'mesh.locale';

// Chinese first: English only when the person switched to it (remembered on this device).
export const locale = reactive({ current: localStorage.getItem(KEY) === 'en' ? 'en' : 'zh' });

export function toggleLocale() {
  locale.current = locale.current === 'zh' ? 'en' : 'zh';
  localStorage.setItem(KEY, locale.current);
  document.documentElement.lang = locale.current === 'zh' ? 'zh-CN' : 'en';
}

export function lookup(dictionary, key) {
  return key.split('.').reduce((node, part) => (node == null ? undefined : node[part]), dictionary);
}

/** `t('account.balance')`; a missing key shows itself, so a gap is visible rather than blank. */
export function t(key) {
  return lookup(dictionaries[locale.current], key) ?? key;
}

/** An enum value in words (`ACTIVE` → 生效中); unknown values show as they are. */
export function e(value) {
  return value == null ? '—' : lookup(dictionaries[locale.current], `enums.${value}`) ?? value;
}

/** A refusal in words, from the problem's stable code. */
export function reason(code) {
  const dictionary = dictionaries[locale.current];
  return lookup(dictionary, `errors.${code}`) ?? `${lookup(dictionary, 'errors.UNKNOWN')} (${code})`;
}

/** A time in China time (how periods and the people using the console count days), in the current language. */
export function when(value, options = {}) {
  if (!value) return '—';
  const tag = locale.current === 'zh' ? 'zh-CN' : 'en-GB';
  return new Date(value).toLocaleString(tag, { timeZone: 'Asia/Shanghai', hour12: false, ...options });
}
