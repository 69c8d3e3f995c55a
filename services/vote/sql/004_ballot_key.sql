-- A ballot's receipt is random (80 bits) and unique in its process: it is
-- the ballot's key. The separate random id only cost an index per cast.
ALTER TABLE ballot DROP COLUMN id;
ALTER TABLE ballot DROP CONSTRAINT ballot_process_id_receipt_key;
ALTER TABLE ballot ADD PRIMARY KEY (process_id, receipt);
