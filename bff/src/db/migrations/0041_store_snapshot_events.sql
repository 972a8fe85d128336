-- A store snapshot the platform applies is pushed on the event stream (decision 060): a new row or a
-- newer sequence in commerce_stores writes a `store.snapshot` event for the exocorp's members (and
-- admins), so the Store tab and /admin/commerce update without waiting for their poll. A replay or an
-- older snapshot updates nothing, so it writes nothing. PostgreSQL pg/0036 is the twin.
CREATE TRIGGER platform_events_store_snapshot_created AFTER INSERT ON commerce_stores
BEGIN
  INSERT INTO platform_events (at, type, company_id, scope, data)
  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'store.snapshot', NEW.company_id, 'members',
    json_object('storeId', NEW.store_id, 'storeName', NEW.name, 'sequence', NEW.sequence, 'currency', NEW.currency,
      'productCount', NEW.product_count, 'orderCount', NEW.order_count, 'revenueMinor', NEW.revenue_minor,
      'lastOrderAt', NEW.last_order_at));
END;

CREATE TRIGGER platform_events_store_snapshot_applied AFTER UPDATE OF sequence ON commerce_stores
WHEN OLD.sequence IS NOT NEW.sequence
BEGIN
  INSERT INTO platform_events (at, type, company_id, scope, data)
  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'store.snapshot', NEW.company_id, 'members',
    json_object('storeId', NEW.store_id, 'storeName', NEW.name, 'sequence', NEW.sequence, 'currency', NEW.currency,
      'productCount', NEW.product_count, 'orderCount', NEW.order_count, 'revenueMinor', NEW.revenue_minor,
      'lastOrderAt', NEW.last_order_at));
END;
