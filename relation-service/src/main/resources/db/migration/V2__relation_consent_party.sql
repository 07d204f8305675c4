-- Whose consent a relationship needs (kept after the answer, so a repeated consent is recognised). A benefactor's
-- proposal needs the beneficiary's; a service-hall filing by an agency of only the beneficiary's area needs the
-- benefactor's (or the benefactor's agency's), because a quota freezes the benefactor's money. Rows from before this
-- column were proposals or service-hall creations, which both count as the beneficiary's.
alter table relation add column consent_party text not null default 'BENEFICIARY'
    check (consent_party in ('BENEFACTOR', 'BENEFICIARY'));
