-- A MoveAccount may reach the wallet before the account exists (the registry's events are behind): the move is then
-- recorded but not applied, and applied by the InsuranceTransferred of the same transfer once the account is opened.
-- applied_at null = recorded, waiting for the account.
alter table account_move add column applied_at timestamptz;
update account_move set applied_at = moved_at where from_pooling_area is not null;
create index account_move_waiting on account_move (transfer_id) where applied_at is null;

