-- ---------------------------------------------------------------------------------------------------------------
-- Offline payment codes: a device an insured person enrolled once, online. The device's secret is not stored: it is
-- derived when needed from the configured device key named by key_id (code.domain.DeviceSecrets), so a database
-- reader cannot make codes. device_id is the 12-digit handle at the front of every code the device makes.
-- ---------------------------------------------------------------------------------------------------------------
create table payment_device (
    device_id  bigint primary key check (device_id between 100000000000 and 999999999999),
    person_id  text        not null,
    key_id     text        not null,
    created_at timestamptz not null,
    revoked_at timestamptz
);
create index payment_device_person on payment_device (person_id, created_at);

-- One row per used (device, time step): the primary key is what makes an offline code single-use, also under
-- concurrent payments (the second insert waits for the first transaction, then conflicts). Rows are only inserted
-- by selecting the device (no foreign key: it would cost every payment a second lookup of the same row). Rows older
-- than the verification window are purged with the online codes.
create table offline_code_use (
    device_id bigint      not null,
    step      bigint      not null,
    used_at   timestamptz not null,
    primary key (device_id, step)
);
create index offline_code_use_at on offline_code_use (used_at);
