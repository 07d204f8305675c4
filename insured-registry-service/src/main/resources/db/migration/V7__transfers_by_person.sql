-- A person's own transfers (GET /api/v1/persons/{personId}/transfers, the console's 我的转移接续) are read newest first;
-- without this index that list scanned every transfer of the country.
create index transfer_by_person on transfer (person_id, filed_at desc, transfer_id);
