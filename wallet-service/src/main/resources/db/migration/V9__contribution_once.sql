-- A resident-insurance or long-term-care contribution pays one person's personal share for one year
-- (docs/domain.md rule 14): the payment names that year.
alter table payment add column contribution_year int;
alter table payment add constraint payment_year_only_for_contributions
    check (contribution_year is null or category in ('RESIDENT_CONTRIBUTION', 'LTC_CONTRIBUTION'));

-- At most one live contribution per person, category and year: a voided one and one refunded in full leave the
-- index, so the year may be paid again. The rule is decided before the insert (payment.domain.ContributionRule);
-- this index is what holds when two payments for the same person-year race each other.
create unique index payment_contribution_once on payment (patient_id, category, contribution_year)
    where contribution_year is not null and status <> 'VOIDED' and refunded_fen < amount_fen;
