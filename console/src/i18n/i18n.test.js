import { describe, expect, it } from 'vitest';
import zh from './zh.js';
import en from './en.js';

function keys(node, prefix = '') {
  return Object.entries(node).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`])).sort();
}

describe('dictionaries', () => {
  it('say the same things in Chinese and English', () => {
    expect(keys(en)).toEqual(keys(zh));
  });
  it('give every refusal code of the public API words', () => {
    const codes = ['INVALID_ID_NUMBER', 'PERSON_EXISTS', 'NOT_EMPLOYEE_INSURED', 'BENEFICIARY_NOT_INSURED', 'KINSHIP_NOT_VERIFIED',
      'KINSHIP_OUT_OF_SCOPE', 'CROSS_PROVINCE_NOT_LIVE', 'INTRA_PROVINCE_NOT_LIVE', 'SELF_RELATION', 'RELATION_EXISTS', 'INSUFFICIENT_BALANCE',
      'RELATION_NOT_ACTIVE', 'QUOTA_BELOW_USED', 'WALLET_NOT_ACTIVE', 'PERIOD_NOT_ENDED'];
    for (const code of codes) expect(zh.errors[code], code).toMatch(/[\u4e00-\u9fff]/);
  });
});
