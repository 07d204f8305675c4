-- "My payments" (GET /api/v1/payments), newest first: a patient's, a provider's, and those of the patients insured
-- in an agency's area (persons by area, then their payments).
create index payment_by_patient on payment (patient_id, created_at desc);
create index payment_by_provider on payment (provider_id, created_at desc);
create index person_by_area on person (pooling_area);
