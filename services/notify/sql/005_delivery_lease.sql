-- Deliveries are leased, not locked, while they are sent (notify_send.c):
-- the attempt is counted when leased, and a lease that expires (the sender
-- died) makes the row due again, sent as the next attempt.
ALTER TABLE delivery ADD COLUMN lease bigint;
ALTER TABLE delivery ADD COLUMN leased_until timestamptz;
CREATE INDEX delivery_in_flight ON delivery (subscription, leased_until)
    WHERE leased_until IS NOT NULL;
