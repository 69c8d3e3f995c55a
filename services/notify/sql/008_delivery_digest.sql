-- The deliveries held for a subscription's digest. The digests due were
-- found by scanning the whole outbox once per subscription (3 s with 100
-- subscriptions and 36,000 deliveries: notify.digest.send went
-- unanswered). Only held rows are in it, so sending costs it nothing.
CREATE INDEX delivery_digest ON delivery (subscription) WHERE status = 'digest';
